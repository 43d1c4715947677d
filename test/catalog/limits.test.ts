import { type EvcacheClusterProps } from '../../constructs/evcache/aws/evcache-cluster';
import { EVCACHE_LIMITS } from '../../constructs/evcache/limits';
import { healthProblems } from '../../constructs/evcache/validate-evcache';
import { validator } from '../../constructs/platform/json-schema';
import type { Limit } from '../../constructs/platform/limits';
import { CDN_URL_SCHEMA } from '../../lib/cdn-url';
import { awsCache, k8sCache } from '../evcache/fixtures';
import { serviceEntry } from './helpers';

/**
 * One table of limits, read by both: for every EVCache limit, at and just beyond each bound, the
 * catalog schema refuses a value exactly when the construct refuses it with the table's wording.
 * (Before the table, the schema took port 80, an item size of 512 KiB and a hit ratio of 100 that
 * the constructs then rejected, naming a construct path instead of the file.)
 */
const prod = serviceEntry('cdn-url').environments.prod;
const schemaAccepts = (keys: readonly string[], value: unknown): boolean => {
  const copy = structuredClone(prod);
  let o = copy;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {});
  o[keys[keys.length - 1]] = value;
  return validator(CDN_URL_SCHEMA)(copy);
};
const messageOf = (build: () => unknown): string => {
  try { build(); return ''; } catch (e) { return (e as Error).message; }
};
const aws = (props: Partial<EvcacheClusterProps>) => messageOf(() => awsCache(props));

interface Row { readonly yaml: readonly string[]; readonly field: string; readonly limit: Limit; readonly construct: (v: number) => string }
const rows: Row[] = [
  { yaml: ['aws', 'port'], field: 'port', limit: EVCACHE_LIMITS.port, construct: (port) => aws({ port }) },
  ...(['maxItemSizeKiB', 'connectionsOverheadMiB', 'idleTimeoutSeconds'] as const).map((k): Row => ({
    yaml: ['aws', 'parameters', k], field: `parameters.${k}`, limit: EVCACHE_LIMITS[k], construct: (v) => aws({ parameters: { [k]: v } }),
  })),
  { yaml: ['nodesPerZone'], field: 'topology.regions[0].nodesPerZone', limit: EVCACHE_LIMITS.nodesPerZone,
    construct: (nodesPerZone) => aws({ topology: { regions: [{ region: 'us-east-1', nodesPerZone, replicationFactor: 3 }] } }) },
  ...(['minHitRatioPercent', 'maxEvictionsPerMinute', 'maxSwapUsageMiB'] as const).map((k): Row => ({
    yaml: ['health', k], field: `health.${k}`, limit: EVCACHE_LIMITS[k], construct: (v) => healthProblems({ [k]: v }).join('\n'),
  })),
  { yaml: ['replication', 'messageRetentionMinutes'], field: 'replication.messageRetentionMinutes', limit: EVCACHE_LIMITS.messageRetentionMinutes,
    construct: (messageRetentionMinutes) => aws({ replication: { messageRetentionMinutes } }) },
  { yaml: ['kubernetes', 'threads'], field: 'threads', limit: EVCACHE_LIMITS.threads, construct: (threads) => messageOf(() => k8sCache({ threads })) },
  { yaml: ['kubernetes', 'cpuMillis'], field: 'cpuMillis', limit: EVCACHE_LIMITS.cpuMillis, construct: (cpuMillis) => messageOf(() => k8sCache({ cpuMillis })) },
  { yaml: ['kubernetes', 'cacheMemoryMiB'], field: 'cacheMemoryMiB', limit: EVCACHE_LIMITS.cacheMemoryMiB,
    construct: (cacheMemoryMiB) => messageOf(() => k8sCache({ cacheMemoryMiB })) },
];

/** Each bound, and the nearest value beyond it (a fraction for integers). */
function probes(l: Limit): number[] {
  const step = l.integer ? 1 : 0.001;
  const out = [l.min, l.max].filter((v): v is number => v !== undefined).flatMap((b) => [b - step, b, b + step]);
  if (l.integer && l.min !== undefined) out.push(l.min + 0.5);
  return out.filter((v) => v >= 0 || l.min === undefined || v >= l.min - step);
}

describe('EVCACHE_LIMITS: the catalog schema and the constructs agree at every bound', () => {
  test.each(rows.flatMap((r) => probes(r.limit).map((v) => [r.field, v, r] as const)))('%s = %p', (field, value, row) => {
    // The table's wording, or (for nodesPerZone below 1) the shared topology rule's.
    const constructRefuses = row.construct(value).includes(`\`${field}\` must be`);
    expect({ value, schemaAccepts: schemaAccepts(row.yaml, value) }).toEqual({ value, schemaAccepts: !constructRefuses });
  });

  test('control: the probes include values both refuse and values both accept', () => {
    const outcomes = rows.flatMap((r) => probes(r.limit).map((v) => schemaAccepts(r.yaml, v)));
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });
});
