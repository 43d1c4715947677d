import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Port } from 'aws-cdk-lib/aws-ec2';
import { GraphDatabase, type GraphDatabaseProps, type IGraphDatabase } from '../../constructs/graph/aws/graph-database';
import { NeptuneInstanceClass } from '../../constructs/graph/aws/neptune-engine';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import { testApp } from '../helpers/aws';
import { testEnvironment } from '../helpers/environment';
import { STORE_SG, cfnResourcePaths, clientRole, clientSecurityGroup, expectClientsAdmitted, grantedStatements } from '../helpers/grants';

const env = testEnvironment();
const READS = ['neptune-db:ReadDataViaQuery', 'neptune-db:GetQueryStatus'];
const WRITES = ['neptune-db:ReadDataViaQuery', 'neptune-db:WriteDataViaQuery', 'neptune-db:DeleteDataViaQuery', 'neptune-db:GetQueryStatus'];

function owned(overrides: Partial<GraphDatabaseProps> = {}) {
  const stack = new Stack(testApp(), 'Graph', { env: { account: '123456789012', region: 'us-east-1' } });
  const { vpc } = new DataNetwork(stack, 'Network', { region: env.region('us-east-1') });
  const db = new GraphDatabase(stack, 'Graph', {
    environment: env, vpc, clusterIdentifier: 'graph-test', instanceClass: NeptuneInstanceClass.R6G_LARGE,
    instanceAvailabilityZones: ['us-east-1a', 'us-east-1b'], ...overrides,
  });
  return { stack, db };
}

/** A consumer stack (a use case) that takes an existing cluster. */
function consumer(attrs: Partial<Parameters<typeof GraphDatabase.fromGraphDatabaseAttributes>[2]> = {}) {
  const stack = new Stack(testApp(), 'Consumer', { env: { account: '123456789012', region: 'us-east-1' } });
  const db: IGraphDatabase = GraphDatabase.fromGraphDatabaseAttributes(stack, 'Graph', {
    clusterIdentifier: 'graph-test', clusterResourceId: 'cluster-ABCDEFGHIJKLMNOP',
    endpoint: 'graph-test.cluster-x.us-east-1.neptune.amazonaws.com', readEndpoint: 'graph-test.cluster-ro-x.us-east-1.neptune.amazonaws.com',
    securityGroups: [clientSecurityGroup(stack, 'GraphSg', STORE_SG)], ...attrs,
  });
  return { stack, db };
}

describe('GraphDatabase.fromGraphDatabaseAttributes', () => {
  test('the import creates no resource; its ARN is the RDS-format cluster ARN of the identifier, as the owned cluster\'s', () => {
    const { stack, db } = consumer();
    expect(cfnResourcePaths(stack)).toEqual([]);
    expect(stack.resolve(db.clusterArn)).toBe('arn:aws:rds:us-east-1:123456789012:cluster:graph-test');
    const own = owned();
    expect(own.stack.resolve(own.db.clusterArn)).toBe('arn:aws:rds:us-east-1:123456789012:cluster:graph-test');
  });

  test('grants to a client role: the neptune-db data actions on the imported cluster resource id, as a Grant that succeeded', () => {
    const { stack, db } = consumer();
    const role = clientRole(stack);
    const read = db.grantRead(role);
    expect(read.success).toBe(true);
    expect(grantedStatements(stack, read)).toEqual([{
      Effect: 'Allow', Action: READS, Resource: 'arn:aws:neptune-db:us-east-1:123456789012:cluster-ABCDEFGHIJKLMNOP/*',
    }]);
    expect(grantedStatements(stack, db.grantReadWrite(role))).toEqual([{
      Effect: 'Allow', Action: WRITES, Resource: 'arn:aws:neptune-db:us-east-1:123456789012:cluster-ABCDEFGHIJKLMNOP/*',
    }]);
  });

  test('an import of the owned cluster by its attributes grants the same statement as the owned cluster', () => {
    const { stack, db } = owned();
    const imported = GraphDatabase.fromGraphDatabaseAttributes(stack, 'Imported', {
      clusterIdentifier: db.clusterIdentifier, clusterResourceId: db.clusterResourceId, endpoint: db.endpoint, readEndpoint: db.readEndpoint,
      securityGroups: [db.securityGroup],
    });
    const role = clientRole(stack);
    for (const grant of ['grantRead', 'grantReadWrite'] as const) {
      const ownedStatements = grantedStatements(stack, db[grant](role));
      expect(ownedStatements).toEqual([expect.objectContaining({ Resource: { 'Fn::Join': ['', [
        'arn:aws:neptune-db:us-east-1:123456789012:', { 'Fn::GetAtt': ['GraphA02F0199', 'ClusterResourceId'] }, '/*']] } })]);
      expect(grantedStatements(stack, imported[grant](role))).toEqual(ownedStatements);
    }
  });

  test('a read-only import refuses write grants, naming the cluster', () => {
    const { stack, db } = consumer({ writable: false });
    expect(() => db.grantReadWrite(clientRole(stack))).toThrow(/Consumer\/Graph: cluster 'graph-test' was imported with `writable: false`/);
    expect(db.grantRead(clientRole(stack, 'Reader')).success).toBe(true);
  });

  test('connections open the Gremlin port on the imported security group', () => {
    const { stack, db } = consumer();
    expectClientsAdmitted(stack, db, 8182);
    expect(db.port).toBe(8182);
    expect(db.connections.defaultPort).toEqual(Port.tcp(8182));
  });

  test('metrics of an import are those of the owned cluster of the same identifier', () => {
    const a = owned().db.metricCpuUtilization();
    const b = consumer().db.metricCpuUtilization();
    expect([b.namespace, b.metricName, b.statistic, b.dimensions]).toEqual([a.namespace, a.metricName, a.statistic, a.dimensions]);
  });
});

describe('GraphDatabase token guards', () => {
  test('a token backupRetentionDays skips the range check and reaches the template', () => {
    const stack = new Stack(testApp(), 'Graph', { env: { account: '123456789012', region: 'us-east-1' } });
    // A token resolved at synth (cdk-nag's Neptune rules cannot read a Ref to a parameter).
    const days = Lazy.number({ produce: () => 21 });
    expect(Token.isUnresolved(days)).toBe(true);
    const { vpc } = new DataNetwork(stack, 'Network', { region: env.region('us-east-1') });
    new GraphDatabase(stack, 'Graph', {
      environment: env, vpc, clusterIdentifier: 'graph-test', instanceClass: NeptuneInstanceClass.R6G_LARGE,
      instanceAvailabilityZones: ['us-east-1a', 'us-east-1b'], backupRetentionDays: days,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Neptune::DBCluster', { BackupRetentionPeriod: 21 });
  });

  test('a literal out of range is still refused', () => {
    expect(() => owned({ backupRetentionDays: 3 })).toThrow(/`backupRetentionDays` must be an integer from 7 to 35, got 3/);
  });
});
