import { join } from 'node:path';
import { buildAwsApp } from '../../bin/aws';
import { buildK8sApp } from '../../bin/k8s';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases } from '../../lib/use-cases';
import { syntheticCatalog, syntheticPlatform } from './synthetic-catalog';

/**
 * One scale run (a child of `npm run bench -- --scale`): SERVICES synthetic catalog services over
 * REGIONS regions, both apps synthesized as `npm run synth` does, into CDK_OUTDIR.
 */
const services = Number(process.env.SERVICES);
const regions = Number(process.env.REGIONS);
const config = syntheticPlatform(regions);
const useCases = catalogUseCases(syntheticCatalog(services, regions), resolvePlatform(config));
const out = process.env.CDK_OUTDIR!;
buildAwsApp(config, { outdir: join(out, 'aws'), useCases }).synth();
buildK8sApp(config, { outdir: join(out, 'k8s'), useCases }).synth();
