import { Chart, Testing } from 'cdk8s';
import { CassandraCluster, type CassandraClusterProps } from '../../constructs/cassandra/k8s/cassandra-cluster';
import { DynomiteCluster, type DynomiteClusterProps } from '../../constructs/dynomite/k8s/dynomite-cluster';
import { ElasticsearchCluster, type ElasticsearchClusterProps } from '../../constructs/elasticsearch/k8s/elasticsearch-cluster';
import { EvcacheKubernetesCluster, type EvcacheKubernetesClusterProps } from '../../constructs/evcache/k8s/evcache-cluster';
import type { ServiceLevelObjectives } from '../../constructs/platform/sla';
import { testEnvironment } from '../helpers/environment';

export const SLA: ServiceLevelObjectives = { latencyP99Ms: 20, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 };
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const env = testEnvironment();

/** A chart of the store's (scratch) app and a separate benchmark chart, as bin/benchmarks.ts makes them. */
function charts() {
  return { store: new Chart(Testing.app(), 'store'), bench: new Chart(Testing.app(), 'bench') };
}

export function cassandra(over: Partial<CassandraClusterProps> = {}) {
  const { store, bench } = charts();
  const cluster = new CassandraCluster(store, 'Cassandra', {
    environment: env, clusterName: 'history', namespace: 'vh',
    topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 1, replicationFactor: 3 })) },
    storageGiB: 100, cpuMillis: 2000, memoryGiB: 16, heapGiB: 8,
    tls: { keystoreSecretName: 'ks', truststoreSecretName: 'ts', caCertSecretName: 'ca' },
    backups: { bucketName: 'b', bucketRegion: 'us-east-1' },
    ...over,
  });
  return { bench, cluster };
}

export function evcache(over: Partial<EvcacheKubernetesClusterProps> = {}) {
  const { store, bench } = charts();
  const cache = new EvcacheKubernetesCluster(store, 'Cache', {
    environment: env, region: 'us-east-1', cacheName: 'urls', namespace: 'urls-cache',
    topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
    memoryMiB: 4096, cacheMemoryMiB: 3584, cpuMillis: 1000, tls: { secretName: 'urls-tls' }, sla: SLA,
    ...over,
  });
  return { bench, cache };
}

export function elasticsearch(over: Partial<ElasticsearchClusterProps> = {}) {
  const { store, bench } = charts();
  const cluster = new ElasticsearchCluster(store, 'Es', {
    environment: env, region: 'us-west-2', name: 'manifests', namespace: 'search',
    placement: { region: 'us-west-2', nodesPerZone: 2, replicationFactor: 3 },
    storageGiB: 500, cpuMillis: 4000, memoryMiB: 16384,
    ...over,
  });
  return { bench, cluster };
}

export function dynomite(over: Partial<DynomiteClusterProps> = {}) {
  const { store, bench } = charts();
  const cluster = new DynomiteCluster(store, 'Dynomite', {
    environment: env, region: 'us-west-2', clusterName: 'queues', namespace: 'dq',
    topology: { regions: REGIONS.map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
    dynomiteImage: 'registry.example/dynomite:v0.6.22', storageGiB: 50, redisMemoryMiB: 4096, tlsSecretName: 'peer-tls', sla: SLA,
    ...over,
  });
  return { bench, cluster };
}
