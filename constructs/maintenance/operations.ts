import type { Store } from '../catalog/model';
import type { MaintenanceOperation } from './windows';

const op = (name: string, flavor: MaintenanceOperation['flavor'], kind: MaintenanceOperation['kind'],
  slot: MaintenanceOperation['slot'], perZone: boolean): MaintenanceOperation => ({ name, flavor, kind, slot, perZone });

const cassandraOnKubernetes = [
  op('Medusa backup', 'Kubernetes', 'operator', 'backup', false),
  op('Reaper repair', 'Kubernetes', 'operator', 'maintenance', false),
  op('Cassandra rolling restart (one rack)', 'Kubernetes', 'operator', 'maintenance', true),
];

/**
 * The maintenance each store needs, per flavor. Keyspaces has none: AWS patches it without a
 * window. One ElastiCache cluster per zone (EVCache) and one node set or rack per zone make the
 * zone-by-zone operations.
 */
export const STORE_OPERATIONS: Readonly<Record<Store, readonly MaintenanceOperation[]>> = {
  evcache: [
    op('ElastiCache maintenance window (one zone\'s cluster)', 'AWS', 'managed', 'maintenance', true),
    op('memcached rolling restart (one zone\'s StatefulSet)', 'Kubernetes', 'operator', 'maintenance', true),
  ],
  elasticsearch: [
    op('OpenSearch off-peak window start (service software updates)', 'AWS', 'managed', 'maintenance', false),
    op('ECK rolling restart (one zone\'s node set)', 'Kubernetes', 'operator', 'maintenance', true),
  ],
  cassandra: cassandraOnKubernetes,
  dynomite: [
    op('MemoryDB snapshot window', 'AWS', 'managed', 'backup', false),
    op('MemoryDB maintenance window', 'AWS', 'managed', 'maintenance', false),
    op('Dynomite + Redis rolling restart (one rack)', 'Kubernetes', 'operator', 'maintenance', true),
  ],
  graph: [
    op('Neptune backup window', 'AWS', 'managed', 'backup', false),
    op('Neptune maintenance window (cluster, then one instance a day)', 'AWS', 'managed', 'maintenance', true),
    ...cassandraOnKubernetes,
    op('ECK rolling restart (one zone\'s node set)', 'Kubernetes', 'operator', 'maintenance', true),
  ],
};
