import { Chart, Testing } from 'cdk8s';
import { CassandraCluster, type CassandraClusterProps } from '../../constructs/cassandra/k8s/cassandra-cluster';
import { CassandraDatacenterOperations } from '../../constructs/cassandra/k8s/datacenter-operations';
import { type RegionMaintenanceWindow, maintenanceWindowOf } from '../../constructs/maintenance/windows';
import { testEnvironment } from '../helpers/environment';
import { findObject, synthChart, validateObjects } from '../helpers/k8s';

const env = testEnvironment();
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const SLA = { latencyP99Ms: 20, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 };

function ops(region: string, maintenanceWindow?: RegionMaintenanceWindow, backups: Partial<CassandraClusterProps['backups']> = {}) {
  const chart = new Chart(Testing.app(), 'c');
  const cluster = new CassandraCluster(chart, 'Cassandra', {
    environment: env, clusterName: 'vh', namespace: 'vh',
    topology: { regions: REGIONS.map((r) => ({ region: r, nodesPerZone: 1, replicationFactor: 3 })) },
    storageGiB: 500, cpuMillis: 4000, memoryGiB: 32, heapGiB: 16,
    tls: { keystoreSecretName: 'ks', truststoreSecretName: 'ts', caCertSecretName: 'ca' },
    backups: { bucketName: 'b', bucketRegion: 'us-east-1', ...backups },
  });
  new CassandraDatacenterOperations(chart, 'Ops', { cluster, environment: env, region, sla: SLA, maintenanceWindow });
  return synthChart(chart);
}

describe('Medusa schedules from the staggered windows', () => {
  test.each([
    ['us-east-1', '0 5 * * *', '0 6 * * *'],
    ['us-west-2', '0 8 * * *', '0 9 * * *'],
    ['eu-west-1', '0 0 * * *', '0 1 * * *'],
  ])('%s: backup at its window (%s UTC), purge after it (%s UTC)', (region, backup, purge) => {
    const objects = ops(region, maintenanceWindowOf(region, REGIONS));
    expect(findObject(objects, 'MedusaBackupSchedule', `vh-${region}-backup`).spec.cronSchedule).toBe(backup);
    expect(findObject(objects, 'MedusaBackupSchedule', `vh-${region}-purge`).spec.cronSchedule).toBe(purge);
    expect(validateObjects(objects)).toEqual([]);
  });

  test('without a window the schedules are unchanged: backups.schedule, default 02:00, purge 05:00', () => {
    const objects = ops('us-west-2');
    expect(findObject(objects, 'MedusaBackupSchedule', 'vh-us-west-2-backup').spec.cronSchedule).toBe('0 2 * * *');
    expect(findObject(objects, 'MedusaBackupSchedule', 'vh-us-west-2-purge').spec.cronSchedule).toBe('0 5 * * *');
    expect(findObject(ops('us-west-2', undefined, { schedule: '15 3 * * *' }), 'MedusaBackupSchedule', 'vh-us-west-2-backup').spec.cronSchedule)
      .toBe('15 3 * * *');
  });

  test('a window of another region is rejected', () => {
    expect(() => ops('us-west-2', maintenanceWindowOf('us-east-1', REGIONS)))
      .toThrow(/^c\/Ops: `maintenanceWindow\.region` must be the datacenter's region 'us-west-2', got 'us-east-1'$/);
  });

  test('a window and an explicit backups.schedule together are rejected', () => {
    expect(() => ops('us-west-2', maintenanceWindowOf('us-west-2', REGIONS), { schedule: '0 1 * * *' }))
      .toThrow(/`maintenanceWindow` and `cluster\.backups\.schedule` \('0 1 \* \* \*'\) both set the backup time: give one/);
  });
});
