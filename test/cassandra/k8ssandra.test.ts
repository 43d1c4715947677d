import { Chart, Testing } from 'cdk8s';
import { CassandraCluster, type CassandraClusterProps } from '../../constructs/cassandra/k8s/cassandra-cluster';
import { CqlSchemaJob } from '../../constructs/cassandra/k8s/cql-schema-job';
import { CassandraDatacenterOperations } from '../../constructs/cassandra/k8s/datacenter-operations';
import { CassandraVersion } from '../../constructs/cassandra/version';
import { testEnvironment } from '../helpers/environment';
import { findObject, synthChart, validateObjects } from '../helpers/k8s';

const env = testEnvironment();
const SLA = { latencyP99Ms: 20, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 };

function props(patch: Partial<CassandraClusterProps> = {}): CassandraClusterProps {
  return {
    environment: env, clusterName: 'vh', namespace: 'vh',
    topology: { regions: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })) },
    storageGiB: 500, cpuMillis: 4000, memoryGiB: 32, heapGiB: 16,
    tls: { keystoreSecretName: 'ks', truststoreSecretName: 'ts', caCertSecretName: 'ca' },
    backups: { bucketName: 'b', bucketRegion: 'us-east-1' },
    ...patch,
  };
}

function cluster(patch: Partial<CassandraClusterProps> = {}) {
  const chart = new Chart(Testing.app(), 'c');
  const c = new CassandraCluster(chart, 'Cassandra', props(patch));
  return { chart, cluster: c, spec: findObject(synthChart(chart), 'K8ssandraCluster').spec };
}

describe('CassandraCluster (K8ssandra)', () => {
  describe('topology', () => {
    const { spec } = cluster();

    test('one datacenter per region, named after the region, sized nodes per zone × zones', () => {
      expect(spec.cassandra.datacenters.map((d: any) => [d.metadata.name, d.size])).toEqual([
        ['us-east-1', 6], ['us-west-2', 6], ['eu-west-1', 6],
      ]);
    });

    test('the primary region is the local (control-plane) cluster; others are reached by k8sContext', () => {
      expect(spec.cassandra.datacenters.map((d: any) => d.k8sContext)).toEqual([undefined, 'test-us-west-2', 'test-eu-west-1']);
    });

    test('one rack per zone, pinned to it by node affinity', () => {
      expect(spec.cassandra.datacenters[1].racks).toEqual([
        { name: 'us-west-2a', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-west-2a' } },
        { name: 'us-west-2b', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-west-2b' } },
        { name: 'us-west-2c', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-west-2c' } },
      ]);
    });

    test("each datacenter's volumes use its region's storage class and the configured size", () => {
      expect(spec.cassandra.datacenters[2].storageConfig.cassandraDataVolumeClaimSpec).toEqual({
        storageClassName: 'gp3', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Gi' } },
      });
    });

    test('every datacenter opts in to volume expansion, so a larger storageGiB from the planner is applied, not rejected', () => {
      expect(spec.cassandra.datacenters.map((d: any) => d.metadata.annotations)).toEqual(
        [0, 1, 2].map(() => ({ 'cassandra.datastax.com/allow-storage-changes': 'true' })));
    });
  });

  describe('security and operations', () => {
    const { spec } = cluster();

    test('auth on, internode and client TLS from referenced Secrets', () => {
      expect(spec.auth).toBe(true);
      expect(spec.cassandra.config.cassandraYaml.server_encryption_options).toEqual({ internode_encryption: 'all' });
      expect(spec.cassandra.config.cassandraYaml.client_encryption_options).toEqual({ enabled: true, optional: false });
      expect(spec.cassandra.serverEncryptionStores.keystoreSecretRef).toEqual({ name: 'ks', key: 'keystore.jks' });
    });

    test('the operator creates the MCAC ServiceMonitor (with its relabelling) carrying the release label', () => {
      expect(spec.cassandra.telemetry).toEqual({ mcac: { enabled: true }, prometheus: { enabled: true, commonLabels: { release: 'kube-prometheus-stack' } } });
    });

    test('memory request = limit, no CPU limit, heap from props', () => {
      expect(spec.cassandra.resources).toEqual({ requests: { cpu: '4000m', memory: '32Gi' }, limits: { memory: '32Gi' } });
      expect(spec.cassandra.config.jvmOptions.heapSize).toBe('16Gi');
    });

    test('Reaper repairs on by default; Medusa backs up to S3 with the pod role', () => {
      expect(spec.reaper.autoScheduling.enabled).toBe(true);
      expect(spec.medusa.storageProperties).toMatchObject({ storageProvider: 's3', credentialsType: 'role-based', bucketName: 'b', maxBackupAge: 14 });
    });

    test('repairs can be turned off', () => {
      expect(cluster({ repairs: false }).spec.reaper).toBeUndefined();
    });

    test('defaults to Cassandra 4.1', () => {
      expect(spec.cassandra.serverVersion).toBe(CassandraVersion.V4_1.version);
      expect(cluster({ version: CassandraVersion.V5_0 }).spec.cassandra.serverVersion).toBe('5.0.4');
    });
  });

  test('exposes each datacenter\'s CQL service and the replication map', () => {
    const { cluster: c } = cluster();
    expect(c.datacenter('eu-west-1')).toMatchObject({ serviceName: 'vh-eu-west-1-service', serviceHost: 'vh-eu-west-1-service.vh.svc.cluster.local', cqlPort: 9042 });
    expect(c.replication).toEqual({ 'us-east-1': 3, 'us-west-2': 3, 'eu-west-1': 3 });
    expect(() => c.datacenter('ap-south-1')).toThrow(/has no datacenter in 'ap-south-1'; it has us-east-1, us-west-2, eu-west-1/);
  });

  test('the K8ssandraCluster validates against the operator CRD', () => {
    expect(validateObjects(synthChart(cluster().chart))).toEqual([]);
  });

  describe('validation', () => {
    test.each<[string, Partial<CassandraClusterProps>, RegExp]>([
      ['heap above half the memory', { heapGiB: 20 }, /Cassandra: `heapGiB` must be an integer from 1 to min\(31, memoryGiB \/ 2 = 16\), got 20/],
      ['heap above 31 GiB', { memoryGiB: 128, heapGiB: 32 }, /`heapGiB` must be an integer from 1 to min\(31/],
      ['storage not positive', { storageGiB: 0 }, /`storageGiB` must be a positive integer, got 0/],
      ['too little CPU', { cpuMillis: 500 }, /`cpuMillis` must be an integer >= 1000, got 500/],
      ['bad cluster name', { clusterName: 'Viewing_History' }, /`clusterName` must be a DNS label.*got 'Viewing_History'/],
      ['replication factor below 3 in production',
        { topology: { regions: [{ region: 'us-east-1', nodesPerZone: 1, replicationFactor: 2 }] } },
        /`topology\.regions\[0\]\.replicationFactor` must be >= 3 in production/],
      ['replication factor above the region\'s nodes',
        { topology: { regions: [{ region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b'], nodesPerZone: 1, replicationFactor: 3 }] } },
        /`topology\.regions\[0\]\.replicationFactor` must be <= the nodes in us-east-1 \(2 zones × 1 = 2\), got 3/],
      ['backup retention below a day', { backups: { bucketName: 'b', bucketRegion: 'us-east-1', retentionDays: 0 } }, /`backups\.retentionDays` must be >= 1, got 0/],
    ])('%s', (_n, patch, message) => {
      expect(() => cluster(patch)).toThrow(message);
    });
  });
});

describe('per-datacenter operations', () => {
  const chart = new Chart(Testing.app(), 'ops');
  const c = new CassandraCluster(chart, 'Cassandra', props());
  const west = new Chart(Testing.app(), 'west');
  new CassandraDatacenterOperations(west, 'Ops', { cluster: c, environment: env, region: 'us-west-2', sla: SLA });
  const objects = synthChart(west);

  test('daily differential backup and purge schedules name the local datacenter', () => {
    expect(findObject(objects, 'MedusaBackupSchedule', 'vh-us-west-2-backup').spec)
      .toEqual({ cronSchedule: '0 2 * * *', concurrencyPolicy: 'Forbid', backupSpec: { cassandraDatacenter: 'us-west-2', backupType: 'differential' } });
    expect(findObject(objects, 'MedusaBackupSchedule', 'vh-us-west-2-purge').spec.operationType).toBe('purge');
  });

  test('alerts use the SLA thresholds', () => {
    const rules = findObject(objects, 'PrometheusRule').spec.groups[0].rules;
    const byName = Object.fromEntries(rules.map((r: any) => [r.alert, r]));
    expect(byName.CassandraLatencyP99High.expr).toMatch(/\/ 1e6\) > 0.02$/);
    expect(byName.CassandraErrorRateHigh.expr).toMatch(/> 0.001$/);
    expect(byName.CassandraAvailabilityLow.expr).toMatch(/\/ 6\) < 0.9999$/);
    expect(byName.CassandraDiskHeadroomLow).toMatchObject({ labels: { severity: 'warning' } });
    expect(byName.CassandraDiskHeadroomLow.expr).toMatch(/> 0.7$/);
  });

  test('no ServiceMonitor of ours (the operator\'s has the MCAC relabelling); the rule carries the release label', () => {
    expect(objects.filter((o) => o.kind === 'ServiceMonitor')).toEqual([]);
    expect(findObject(objects, 'PrometheusRule').metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
  });

  test('internode traffic is admitted from the cluster\'s pods and the other regions\' pod CIDRs only', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'vh-us-west-2-allow-internode').spec;
    expect(policy.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { 'cassandra.datastax.com/cluster': 'vh' } } },
      { ipBlock: { cidr: '10.1.0.0/16' } },
      { ipBlock: { cidr: '10.3.0.0/16' } },
    ]);
    expect(policy.ingress[0].ports.map((p: any) => p.port)).toEqual([7000, 7001]);
  });

  test('metrics are admitted from the monitoring namespace', () => {
    const policy = findObject(objects, 'NetworkPolicy', 'vh-us-west-2-allow-metrics').spec;
    expect(policy.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
  });

  test('every object validates', () => {
    expect(validateObjects(objects)).toEqual([]);
  });

  test('a region without a datacenter is rejected', () => {
    const partial = new CassandraCluster(new Chart(Testing.app(), 'p'), 'Cassandra',
      props({ topology: { regions: [{ region: 'us-east-1', nodesPerZone: 1, replicationFactor: 3 }] } }));
    expect(() => new CassandraDatacenterOperations(new Chart(Testing.app(), 'x'), 'Ops', { cluster: partial, environment: env, region: 'eu-west-1', sla: SLA }))
      .toThrow(/has no datacenter in 'eu-west-1'/);
  });
});

describe('CqlSchemaJob', () => {
  const chart = new Chart(Testing.app(), 'schema');
  const c = new CassandraCluster(chart, 'Cassandra', props());
  new CqlSchemaJob(chart, 'Schema', { cluster: c, region: 'us-east-1', name: 'vh-schema', statements: ['CREATE KEYSPACE IF NOT EXISTS x;'] });
  const objects = synthChart(chart);

  test('runs cqlsh over TLS against the DC service with credentials from the operator Secret', () => {
    const job = findObject(objects, 'Job', 'vh-schema');
    const container = job.spec.template.spec.containers[0];
    expect(container.command[2]).toMatch(/cqlsh --ssl -u "\$CQLSH_USER" -p "\$CQLSH_PASSWORD" vh-us-east-1-service\.vh\.svc\.cluster\.local 9042 -f \/schema\/schema\.cql/);
    expect(container.env[0]).toEqual({ name: 'CQLSH_USER', valueFrom: { secretKeyRef: { name: 'vh-superuser', key: 'username' } } });
    expect(job.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(findObject(objects, 'ConfigMap', 'vh-schema').data['schema.cql']).toBe('CREATE KEYSPACE IF NOT EXISTS x;\n');
  });

  test('every object validates', () => {
    expect(validateObjects(objects)).toEqual([]);
  });
});
