import { Stack } from 'aws-cdk-lib';
import { Chart, Testing } from 'cdk8s';
import { Keyspace } from '../../constructs/cassandra/aws/keyspace';
import { Table } from '../../constructs/cassandra/aws/table';
import { CassandraCluster, type CassandraClusterProps } from '../../constructs/cassandra/k8s/cassandra-cluster';
import { CASSANDRA_LIMITS } from '../../constructs/cassandra/limits';
import { CqlType } from '../../constructs/cassandra/schema';
import { tableCapacityOf } from '../../constructs/catalog/stores';
import { MemoryDbNodeType, MemoryDbRegionalCluster, type MemoryDbRegionalClusterProps } from '../../constructs/dynomite/aws/memorydb';
import { DynomiteCluster, type DynomiteClusterProps } from '../../constructs/dynomite/k8s/dynomite-cluster';
import { DYNOMITE_LIMITS } from '../../constructs/dynomite/limits';
import { queueContractProblems } from '../../constructs/dynomite/queue-contract';
import { ElasticsearchCluster } from '../../constructs/elasticsearch/k8s/elasticsearch-cluster';
import { GraphDatabase } from '../../constructs/graph/aws/graph-database';
import { addGraphDatabaseAlarms } from '../../constructs/graph/aws/graph-monitoring';
import { NeptuneInstanceClass } from '../../constructs/graph/aws/neptune-engine';
import { JanusGraphServer, type JanusGraphServerProps } from '../../constructs/graph/k8s/janusgraph-server';
import { GRAPH_LIMITS } from '../../constructs/graph/limits';
import { ServiceMonitoring } from '../../constructs/monitoring/aws/service-monitoring';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import { type EvcacheClusterProps } from '../../constructs/evcache/aws/evcache-cluster';
import { EVCACHE_LIMITS } from '../../constructs/evcache/limits';
import { healthProblems } from '../../constructs/evcache/validate-evcache';
import { validator } from '../../constructs/platform/json-schema';
import { type Limit, describeLimit } from '../../constructs/platform/limits';
import { KEY_VALUE_CACHE_SCHEMA } from '../../lib/key-value-cache';
import { queueTemplate } from '../../lib/queue';
import { graphTemplate } from '../../lib/graph';
import { eventStoreTemplate } from '../../lib/event-store';
import { type TimeSeriesSettings, timeSeriesTemplate, timeSeriesUseCase } from '../../lib/time-series';
import { operationOf } from '../../lib/event-store';
import { ClientTarget, OperationKind, clientProfileProblems } from '../../constructs/cassandra/client-profile';
import { TOPOLOGY_LIMITS } from '../../constructs/platform/limits';
import { awsCache, k8sCache } from '../evcache/fixtures';
import { testApp, testStack } from '../helpers/aws';
import { testEnvironment } from '../helpers/environment';
import { edited, fixtureEntry, fixtureSettings } from './helpers';

/**
 * One table of limits, read by both: for every EVCache limit, at and just beyond each bound, the
 * catalog schema refuses a value exactly when the construct refuses it with the table's wording.
 * (Before the table, the schema took port 80, an item size of 512 KiB and a hit ratio of 100 that
 * the constructs then rejected, naming a construct path instead of the file.)
 */
const prod = fixtureEntry('cdn-url').environments.prod;
const schemaAccepts = (keys: readonly string[], value: unknown): boolean => {
  const copy = structuredClone(prod);
  let o = copy;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {});
  o[keys[keys.length - 1]] = value;
  return validator(KEY_VALUE_CACHE_SCHEMA)(copy);
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

// ---- Cassandra, Dynomite/MemoryDB and the graph: the same agreement, one row per YAML field. ----

const env = testEnvironment();
const templateSchema = (template: { readonly settingsSchema: object }, service: string) => {
  const check = validator(template.settingsSchema);
  const settings = fixtureEntry(service).environments.prod;
  return (edit: (copy: any) => void) => check(edited(settings, edit));
};
const setAt = (keys: readonly string[], value: unknown) => (copy: any) => {
  let o = copy;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {});
  o[keys[keys.length - 1]] = value;
};

interface StoreRow {
  readonly field: string;
  readonly limit: Limit;
  /** Whether the template's schema accepts the entry with `value` at this field. */
  readonly schema: (value: number) => boolean;
  /** The construct's error message for `value` ('' when it accepts it). */
  readonly construct: (value: number) => string;
  /** The construct's refusal, when it is worded by the construct (a cross-field rule shares the message). */
  readonly refusal?: string;
}

// Cassandra: the shared `cassandra:` block (viewing-history; event-sourced and digital-assets use the same schema) and the Keyspaces capacity.
const viewingHistory = templateSchema(timeSeriesTemplate, 'viewing-history');
const eventSourced = templateSchema(eventStoreTemplate, 'event-sourced');
const digitalAssets = templateSchema(graphTemplate, 'digital-assets');
const delayedQueues = templateSchema(queueTemplate, 'delayed-queues');
const cassandraProps = (patch: Partial<CassandraClusterProps>): CassandraClusterProps => ({
  environment: env, clusterName: 'vh', namespace: 'vh',
  topology: { regions: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
  storageGiB: 500, cpuMillis: 4000, memoryGiB: 128, heapGiB: 16,
  tls: { keystoreSecretName: 'ks', truststoreSecretName: 'ts', caCertSecretName: 'ca' },
  backups: { bucketName: 'b', bucketRegion: 'us-east-1' },
  ...patch,
});
const cassandra = (patch: Partial<CassandraClusterProps>) => messageOf(() => new CassandraCluster(new Chart(Testing.app(), 'c'), 'Cassandra', cassandraProps(patch)));
const cassandraRow = (key: 'storageGiB' | 'cpuMillis' | 'memoryGiB' | 'heapGiB', refusal?: string): StoreRow => ({
  field: key, limit: CASSANDRA_LIMITS[key], refusal,
  schema: (v) => viewingHistory(setAt(['cassandra', key], v)) && eventSourced(setAt(['cassandra', key], v)) && digitalAssets(setAt(['janusGraph', 'cassandra', key], v)),
  construct: (v) => cassandra({ [key]: v }),
});
const keyspacesTable = (readCapacityUnits: number) => messageOf(() => {
  const stack = testStack();
  new Table(stack, 'T', {
    keyspace: new Keyspace(stack, 'Ks', { keyspaceName: 'orders' }), schema: { name: 'events', partitionKey: [{ name: 'id', type: CqlType.TEXT }] },
    capacity: tableCapacityOf({ provisioned: { readCapacityUnits, writeCapacityUnits: 10 } }),
  });
});

// The time-series retention: the stack's settings check (its TTL must also fit Cassandra's cap).
const timeSeriesSettings = fixtureSettings<TimeSeriesSettings>('viewing-history');
const timeSeries = (retentionDays: number) => messageOf(() =>
  timeSeriesUseCase({ [env.name]: { ...timeSeriesSettings, retentionDays } }, 'viewing-history').addStacks(testApp(), env, { network: () => { throw new Error('unused'); } }));
// The event store's client profile: one read operation (readStream of event-sourced) with `edit` applied.
const readStream = fixtureEntry('event-sourced').environments.prod.clientProfile.readStream;
const clientProfile = (edit: (op: any) => void) => clientProfileProblems(
  [{ name: 'read-stream', kind: OperationKind.READ, profile: operationOf(edited(readStream, edit)) }], ClientTarget.KEYSPACES,
  { latencyP99Ms: 30, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 }).join('\n');
const profileRow = (keys: readonly string[], limit: Limit, refusal?: string): StoreRow => ({
  field: `clientProfile.read-stream.${keys.join('.')}`, limit, refusal,
  schema: (v) => eventSourced(setAt(['clientProfile', 'readStream', ...keys], v)),
  construct: (v) => clientProfile(setAt(keys, v)),
});

// MemoryDB / Dynomite / the queue contract (delayed-queues).
const memoryDb = (over: Partial<MemoryDbRegionalClusterProps>) => messageOf(() => {
  const stack = testStack(testApp());
  new MemoryDbRegionalCluster(stack, 'Cluster', {
    clusterName: 'queues', multiRegionClusterName: 'virxk-queues', nodeType: MemoryDbNodeType.R7G_XLARGE, numShards: 2,
    vpc: new DataNetwork(stack, 'Network', { region: env.region('us-east-1') }).vpc, clientCidrs: ['10.1.0.0/16'], ...over,
  });
});
const dynomite = (over: Partial<DynomiteClusterProps>) => messageOf(() => new DynomiteCluster(Testing.chart(), 'Dynomite', {
  environment: env, region: 'us-west-2', clusterName: 'queues', namespace: 'dq',
  topology: { regions: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
  dynomiteImage: 'registry.example/dynomite:v0.6.22', storageGiB: 50, redisMemoryMiB: 4096, tlsSecretName: 'peer-tls',
  sla: { latencyP99Ms: 5, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 }, ...over,
}));
const contract = (queue: Record<string, number>, shardCount = 3) => queueContractProblems({
  prefix: 'dynoQueue', shardCount,
  queues: [{ name: 'tasks', unackTimeoutSeconds: 60, maxDeliveries: 3, deadLetterQueue: 'dead', ...queue }, { name: 'dead', unackTimeoutSeconds: 60 }],
}, 3, 6).join('\n');

// The graph (digital-assets): Neptune and JanusGraph.
const graphDatabase = (backupRetentionDays: number) => messageOf(() => {
  const stack = new Stack(testApp(), 'Graph', { env: { account: '123456789012', region: 'us-east-1' } });
  new GraphDatabase(stack, 'Graph', {
    environment: env, vpc: new DataNetwork(stack, 'Network', { region: env.region('us-east-1') }).vpc, clusterIdentifier: 'graph-test',
    instanceClass: NeptuneInstanceClass.R6G_LARGE, instanceAvailabilityZones: ['us-east-1a', 'us-east-1b'], backupRetentionDays,
  });
});
const graphAlarms = (over: { maxReplicaLagMs?: number; maxGlobalReplicationLagMs?: number }) => messageOf(() => {
  const stack = new Stack(testApp(), 'Graph', { env: { account: '123456789012', region: 'us-east-1' } });
  const db = new GraphDatabase(stack, 'Graph', {
    environment: env, vpc: new DataNetwork(stack, 'Network', { region: env.region('us-east-1') }).vpc, clusterIdentifier: 'graph-test',
    instanceClass: NeptuneInstanceClass.R6G_LARGE, instanceAvailabilityZones: ['us-east-1a', 'us-east-1b'],
  });
  addGraphDatabaseAlarms(new ServiceMonitoring(stack, 'Monitoring', { serviceName: 'graph' }), db, {
    sla: { latencyP99Ms: 50, errorRatePercent: 0.5, availabilityPercent: 99.95, capacityHeadroomPercent: 30 },
    maxReplicaLagMs: 1000, maxGlobalReplicationLagMs: 5000, ...over,
  });
});
const janusGraph = (over: Partial<JanusGraphServerProps>) => messageOf(() => {
  const chart = new Chart(Testing.app(), 'graph');
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1'];
  const c = new CassandraCluster(chart, 'Cassandra', { ...cassandraProps({}), clusterName: 'graph-store', namespace: 'graph' });
  const elasticsearch = new ElasticsearchCluster(chart, 'Elasticsearch', {
    environment: env, region: 'us-east-1', name: 'graph-index', namespace: 'graph',
    placement: { region: 'us-east-1', nodesPerZone: 1, replicationFactor: 2 }, storageGiB: 50, cpuMillis: 1000, memoryMiB: 4096, clientNamespaces: ['graph'],
  });
  new JanusGraphServer(chart, 'JanusGraph', {
    environment: env, region: 'us-east-1', name: 'assets-graph', namespace: 'graph', cassandra: c, elasticsearch,
    keyspace: 'assets', graphRegions: regions, clientNamespaces: ['assets-service'],
    tls: { keystoreSecretName: 'gremlin-tls', keystorePasswordSecretName: 'gremlin-tls-password' },
    minReplicas: 2, maxReplicas: 2000, cpuMillis: 1000, memoryMiB: 4096, heapMiB: 512,
    sla: { latencyP99Ms: 50, errorRatePercent: 0.5, availabilityPercent: 99.95, capacityHeadroomPercent: 30 }, ...over,
  });
});

const storeRows: Record<string, StoreRow[]> = {
  CASSANDRA_LIMITS: [
    cassandraRow('storageGiB'), cassandraRow('cpuMillis'), cassandraRow('memoryGiB'),
    // The heap message names the cross-field cap too (memoryGiB is 128 here, so only the table's 1..31 binds).
    cassandraRow('heapGiB', '`heapGiB` must be an integer from 1 to min(31'),
    { field: 'backups.retentionDays', limit: CASSANDRA_LIMITS.backupRetentionDays, refusal: '`backups.retentionDays` must be >= 1',
      schema: (v) => viewingHistory((c) => { c.cassandra.backups.retentionDays = v; }) && digitalAssets((c) => { c.janusGraph.cassandra.backups.retentionDays = v; }),
      construct: (v) => cassandra({ backups: { bucketName: 'b', bucketRegion: 'us-east-1', retentionDays: v } }) },
    { field: 'capacity.readCapacityUnits', limit: CASSANDRA_LIMITS.capacityUnits,
      schema: (v) => viewingHistory(setAt(['capacity'], { provisioned: { readCapacityUnits: v, writeCapacityUnits: 10 } }))
        && eventSourced(setAt(['capacity'], { provisioned: { readCapacityUnits: v, writeCapacityUnits: 10 } })),
      construct: keyspacesTable },
  ],
  TOPOLOGY_LIMITS: (['nodesPerZone', 'replicationFactor'] as const).map((k): StoreRow => ({
    field: `topology.regions[0].${k}`, limit: TOPOLOGY_LIMITS[k],
    schema: (v) => viewingHistory(setAt(['cassandra', k], v)) && delayedQueues(setAt(['dynomite', k], v)) && digitalAssets(setAt(['janusGraph', 'cassandra', k], v)),
    construct: (v) => cassandra({ topology: { regions: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3, [k]: v })) } }),
  })),
  CASSANDRA_CLIENT_PROFILE: [
    profileRow(['timeoutMs'], CASSANDRA_LIMITS.timeoutMs),
    profileRow(['latencyP99Ms'], CASSANDRA_LIMITS.latencyP99Ms),
    profileRow(['concurrencyLimit'], CASSANDRA_LIMITS.concurrencyLimit),
    profileRow(['speculativeExecution', 'maxExecutions'], CASSANDRA_LIMITS.speculativeExecutions),
    // Also below timeoutMs (cross-field), in the same message.
    profileRow(['speculativeExecution', 'delayMs'], CASSANDRA_LIMITS.speculativeDelayMs, '.speculativeExecution.delayMs` must be an integer from 0 to below timeoutMs'),
    { field: 'fallback.serveStaleMs', limit: CASSANDRA_LIMITS.maxStalenessMs, refusal: 'serve-stale needs a positive integer maxStalenessMs',
      schema: (v) => eventSourced(setAt(['clientProfile', 'readStream', 'fallback'], { serveStaleMs: v })),
      construct: (v) => clientProfile((op) => { op.fallback = { serveStaleMs: v }; }) },
  ],
  TIME_SERIES: [
    { field: 'settings.retentionDays', limit: CASSANDRA_LIMITS.retentionDays,
      schema: (v) => viewingHistory(setAt(['retentionDays'], v)), construct: timeSeries },
  ],
  DYNOMITE_LIMITS: [
    ...(['numShards', 'replicasPerShard', 'snapshotRetentionDays'] as const).map((k): StoreRow => ({
      field: k, limit: DYNOMITE_LIMITS[k], schema: (v) => delayedQueues(setAt(['memoryDb', k], v)), construct: (v) => memoryDb({ [k]: v }),
    })),
    ...(['storageGiB', 'redisMemoryMiB', 'redisCpuMillis', 'dynomiteCpuMillis', 'dynomiteMemoryMiB'] as const).map((k): StoreRow => ({
      field: k, limit: DYNOMITE_LIMITS[k], schema: (v) => delayedQueues(setAt(['dynomite', k], v)), construct: (v) => dynomite({ [k]: v }),
    })),
    { field: 'queues.shardCount', limit: DYNOMITE_LIMITS.shardCount,
      schema: (v) => delayedQueues(setAt(['contract', 'shardCount'], v)), construct: (v) => contract({}, v) },
    ...(['priorityLevels', 'unackTimeoutSeconds', 'maxDeliveries'] as const).map((k): StoreRow => ({
      field: `queues.queues[0].${k}`, limit: DYNOMITE_LIMITS[k],
      schema: (v) => delayedQueues((c) => { c.contract.queues[0][k] = v; }), construct: (v) => contract({ [k]: v }),
    })),
  ],
  GRAPH_LIMITS: [
    { field: 'backupRetentionDays', limit: GRAPH_LIMITS.backupRetentionDays,
      schema: (v) => digitalAssets(setAt(['neptune', 'backupRetentionDays'], v)), construct: graphDatabase },
    ...(['maxReplicaLagMs', 'maxGlobalReplicationLagMs'] as const).map((k): StoreRow => ({
      field: k, limit: GRAPH_LIMITS[k], schema: (v) => digitalAssets(setAt(['neptune', k], v)), construct: (v) => graphAlarms({ [k]: v }),
    })),
    ...(['minReplicas', 'cpuMillis', 'memoryMiB'] as const).map((k): StoreRow => ({
      field: k, limit: GRAPH_LIMITS[k], schema: (v) => digitalAssets(setAt(['janusGraph', k], v)), construct: (v) => janusGraph({ [k]: v }),
    })),
  ],
};

describe.each(Object.entries(storeRows))('%s: the catalog schema and the constructs agree at every bound', (_table, tableRows) => {
  test.each(tableRows.flatMap((r) => probes(r.limit).map((v) => [r.field, v, r] as const)))('%s = %p', (field, value, row) => {
    const refusal = row.refusal ?? `\`${field}\` must be ${describeLimit(row.limit)}`;
    const constructRefuses = row.construct(value).includes(refusal);
    expect({ value, schemaAccepts: row.schema(value) }).toEqual({ value, schemaAccepts: !constructRefuses });
  });

  test('control: the probes include values both refuse and values both accept', () => {
    const outcomes = tableRows.flatMap((r) => probes(r.limit).map((v) => r.schema(v)));
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
  });
});
