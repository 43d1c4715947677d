import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { EnvironmentConfig, PlatformConfig } from '../../constructs/platform/config';

/** Regions a scale run spreads over, in order; the first is the primary. */
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1', 'ap-northeast-1'];

/** A platform with one production environment over the first `regions` regions, three zones each. */
export function syntheticPlatform(regions: number): PlatformConfig {
  const env: EnvironmentConfig = {
    name: 'prod', production: true, primaryRegion: REGIONS[0],
    regions: REGIONS.slice(0, regions).map((region, i) => ({
      region, account: '111111111111',
      availabilityZones: [`${region}a`, `${region}b`, `${region}c`],
      kubernetes: { context: `prod-${region}`, storageClass: 'gp3-encrypted', podCidr: `10.${i + 1}.0.0/16`, vpcCidr: `10.${i + 101}.0.0/16` },
    })),
  };
  return { environments: [env] };
}

/**
 * A catalog folder of `services` services over the first `regions` regions: alternately a copy of
 * Viewing History (Cassandra / Keyspaces) and of the CDN URL cache (EVCache / ElastiCache), each
 * with its own names, as a platform team adding services by file would have them.
 */
export function syntheticCatalog(services: number, regions: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalog-'));
  const source = (name: string) => parse(readFileSync(join(__dirname, '..', '..', 'services', `${name}.yaml`), 'utf8'));
  const regionList = REGIONS.slice(0, regions);
  for (let i = 0; i < services; i++) {
    const n = String(i).padStart(3, '0');
    if (i % 2 === 0) {
      const e = source('viewing-history');
      e.regions = regionList;
      const p = e.environments.prod;
      p.keyspaceName = `series_${n}`;
      p.cassandra.namespace = `series-${n}`;
      p.cassandra.clusterName = `series-${n}`;
      p.cassandra.backups.bucketName = `example-series-${n}-backups`;
      writeFileSync(join(dir, `series-${n}.yaml`), stringify(e));
    } else {
      const e = source('cdn-url');
      e.regions = regionList;
      const p = e.environments.prod;
      p.cacheName = `kv-${n}`;
      p.kubernetes.namespace = `kv-${n}-cache`;
      p.kubernetes.tls.secretName = `kv-${n}-tls`;
      p.kubernetes.clientNamespaces = [`kv-${n}`];
      writeFileSync(join(dir, `kv-${n}.yaml`), stringify(e));
    }
  }
  return dir;
}
