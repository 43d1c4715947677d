import { join } from 'node:path';
import { synthesizePlatform } from '../../bin/synth';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { syntheticCatalog, syntheticPlatform } from './synthetic-catalog';

/**
 * One scale run (a child of `npm run bench -- --scale`): SERVICES synthetic catalog services over
 * REGIONS regions, synthesized exactly as `npm run synth` does, into CDK_OUTDIR.
 */
const services = Number(process.env.SERVICES);
const regions = Number(process.env.REGIONS);
const config = syntheticPlatform(regions);
const useCases = catalogUseCases(syntheticCatalog(services, regions), resolvePlatform(config));
const out = process.env.CDK_OUTDIR!;
synthesizePlatform(config, useCases, {
  aws: join(out, 'aws'), k8s: join(out, 'k8s'), benchmarks: join(out, 'k8s-benchmarks'), topology: join(out, 'topology'), catalog: join(out, 'catalog'),
});
