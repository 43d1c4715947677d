import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnKeyspace, CfnTable } from 'aws-cdk-lib/aws-cassandra';
import { CfnDBCluster } from 'aws-cdk-lib/aws-neptune';
import { GUARD_RULE_FILES, guardRule } from '../../constructs/platform/aws/compliance';
import { STATEFUL_CFN_TYPES } from '../../scripts/review/stateful';
import { testApp, testStack } from '../helpers/aws';
import type { KubeObject } from '../helpers/k8s';
import { defaultOutput } from './checks/output';
import { cfnRetentionProblems, k8sRetentionProblems } from './checks/retention';

describe('data-loss guard over the whole synthesized platform', () => {
  const output = defaultOutput();

  test('every stateful CloudFormation resource is retained, with deletion protection where offered', () => {
    const stateful = output.stacks.flatMap((s) => Object.values(s.template.Resources ?? {}).filter((r) => STATEFUL_CFN_TYPES.includes(r.Type)));
    expect(stateful.length).toBeGreaterThan(0);
    expect(output.stacks.flatMap((s) => cfnRetentionProblems(s.name, s.template))).toEqual([]);
  });

  test('every volume outlives its workload in every chart', () => {
    expect(output.charts.length).toBeGreaterThan(0);
    expect(output.charts.flatMap((c) => k8sRetentionProblems(c.name, c.objects))).toEqual([]);
  });
});

describe('cfnRetentionProblems', () => {
  const table = (extra: object) => ({ Resources: { T: { Type: 'AWS::Cassandra::Table', Properties: {}, ...extra } } });

  test('accepts Retain and Snapshot', () => {
    expect(cfnRetentionProblems('S', table({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }))).toEqual([]);
    expect(cfnRetentionProblems('S', table({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' }))).toEqual([]);
  });

  test('rejects a DESTROY table, naming the stack, logical id and policy', () => {
    expect(cfnRetentionProblems('S', table({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' }))).toEqual([
      'S/T (AWS::Cassandra::Table): DeletionPolicy must be one of Retain, RetainExceptOnCreate, Snapshot, got Delete',
      'S/T (AWS::Cassandra::Table): UpdateReplacePolicy must be one of Retain, Snapshot, got Delete',
    ]);
  });

  test('rejects missing policies (CloudFormation deletes by default)', () => {
    expect(cfnRetentionProblems('S', table({ DeletionPolicy: 'Retain' }))).toEqual([
      'S/T (AWS::Cassandra::Table): UpdateReplacePolicy must be one of Retain, Snapshot, got none (Delete)',
    ]);
  });

  test('requires deletion protection where the service offers it', () => {
    const t = { Resources: { C: { Type: 'AWS::Neptune::DBCluster', DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot', Properties: {} } } };
    expect(cfnRetentionProblems('S', t)).toEqual(['S/C (AWS::Neptune::DBCluster): DeletionProtection must be true, got undefined']);
    t.Resources.C.Properties = { DeletionProtection: true };
    expect(cfnRetentionProblems('S', t)).toEqual([]);
  });

  test('ignores stateless resources', () => {
    expect(cfnRetentionProblems('S', { Resources: { R: { Type: 'AWS::IAM::Role', DeletionPolicy: 'Delete' } } })).toEqual([]);
  });
});

describe('k8sRetentionProblems', () => {
  const sts = (spec: object): KubeObject => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec });
  const claim = { volumeClaimTemplates: [{ metadata: { name: 'data' } }] };

  test('a StatefulSet with claims must retain them explicitly on delete and scale-down', () => {
    expect(k8sRetentionProblems('c', [sts({ ...claim, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } })])).toEqual([]);
    expect(k8sRetentionProblems('c', [sts(claim)])).toEqual([
      "c: StatefulSet n/s: spec.persistentVolumeClaimRetentionPolicy.whenDeleted must be 'Retain', got undefined",
      "c: StatefulSet n/s: spec.persistentVolumeClaimRetentionPolicy.whenScaled must be 'Retain', got undefined",
    ]);
    expect(k8sRetentionProblems('c', [sts({ ...claim, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } })]))
      .toEqual(["c: StatefulSet n/s: spec.persistentVolumeClaimRetentionPolicy.whenDeleted must be 'Retain', got \"Delete\""]);
  });

  test('a StatefulSet without claims passes unless it asks for Delete', () => {
    expect(k8sRetentionProblems('c', [sts({})])).toEqual([]);
    expect(k8sRetentionProblems('c', [sts({ persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } })])).toHaveLength(1);
  });

  test('an ECK Elasticsearch must keep its volumes on cluster deletion', () => {
    const es = (spec: object): KubeObject => ({ apiVersion: 'elasticsearch.k8s.elastic.co/v1', kind: 'Elasticsearch', metadata: { name: 'e', namespace: 'n' }, spec });
    expect(k8sRetentionProblems('c', [es({ volumeClaimDeletePolicy: 'DeleteOnScaledownOnly' })])).toEqual([]);
    expect(k8sRetentionProblems('c', [es({})])).toEqual(["c: Elasticsearch n/e: spec.volumeClaimDeletePolicy must be 'DeleteOnScaledownOnly', got undefined"]);
  });

  test('StorageClass and PersistentVolume must retain volumes', () => {
    const sc: KubeObject = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3' }, reclaimPolicy: 'Delete' };
    const pv: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: {} };
    expect(k8sRetentionProblems('c', [sc, pv])).toEqual([
      "c: StorageClass gp3: reclaimPolicy must be 'Retain' (the default deletes volumes with their claims), got \"Delete\"",
      "c: PersistentVolume pv: spec.persistentVolumeReclaimPolicy must be 'Retain', got undefined",
    ]);
  });
});

describe('Guard rules enforced at synth (CloudFormationValidatePlugin)', () => {
  function tableStack(policy: RemovalPolicy) {
    const app = testApp();
    const stack = testStack(app);
    const ks = new CfnKeyspace(stack, 'Keyspace', { keyspaceName: 'guard_test' });
    ks.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const table = new CfnTable(stack, 'Table', {
      keyspaceName: 'guard_test', tableName: 'events',
      partitionKeyColumns: [{ columnName: 'id', columnType: 'text' }],
      pointInTimeRecoveryEnabled: true,
    });
    table.node.addDependency(ks);
    table.applyRemovalPolicy(policy);
    return app;
  }

  test('the rule file lists exactly the stateful types the tests check', () => {
    const text = GUARD_RULE_FILES.map(guardRule).join('\n');
    const list = text.match(/let stateful_resources = Resources\.\*\[\s*Type in \[([^\]]*)\]/)![1];
    expect([...list.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort()).toEqual([...STATEFUL_CFN_TYPES].sort());
  });

  test('a stack with a RETAIN table synthesizes', () => {
    expect(() => tableStack(RemovalPolicy.RETAIN).synth()).not.toThrow();
  });

  test('a stack with a DESTROY table fails synth, naming the Guard rule and the resource', () => {
    const app = tableStack(RemovalPolicy.DESTROY);
    let message = '';
    try { app.synth(); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/stateful_resource_retained/);
    expect(message).toMatch(/Table/);
  });

  test('a Neptune cluster without deletion protection fails synth', () => {
    const app = testApp();
    const cluster = new CfnDBCluster(testStack(app), 'Graph', { storageEncrypted: true });
    cluster.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    expect(() => app.synth()).toThrow(/database_deletion_protection/);
  });
});
