import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Keyspace } from '../../constructs/cassandra/aws/keyspace';
import { KeyspacesOperation, Table } from '../../constructs/cassandra/aws/table';
import { TableCapacity } from '../../constructs/cassandra/aws/table-capacity';
import { CqlType } from '../../constructs/cassandra/schema';
import { testStack } from '../helpers/aws';

const schema = { name: 'events', partitionKey: [{ name: 'id', type: CqlType.TEXT }] };
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('Keyspace', () => {
  test('a multi-region keyspace lists its regions and is retained', () => {
    const stack = testStack();
    new Keyspace(stack, 'Ks', { keyspaceName: 'orders', regions: REGIONS });
    Template.fromStack(stack).hasResource('AWS::Cassandra::Keyspace', {
      Properties: { KeyspaceName: 'orders', ReplicationSpecification: { ReplicationStrategy: 'MULTI_REGION', RegionList: REGIONS } },
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
  });

  test('without regions the keyspace is single-region (the default)', () => {
    const stack = testStack();
    const ks = new Keyspace(stack, 'Ks', { keyspaceName: 'orders' });
    expect(ks.multiRegion).toBe(false);
    Template.fromStack(stack).hasResourceProperties('AWS::Cassandra::Keyspace', {
      ReplicationSpecification: { ReplicationStrategy: 'SINGLE_REGION', RegionList: Match.absent() },
    });
  });

  describe('validation', () => {
    test.each([
      [{ keyspaceName: 'Orders!' }, /Ks: `keyspaceName` must match .*got 'Orders!'/],
      [{ keyspaceName: 'orders', regions: ['us-west-2', 'eu-west-1'] }, /`regions` must include the stack's region 'us-east-1'/],
      [{ keyspaceName: 'orders', regions: ['us-east-1', 'us-east-1'] }, /`regions` must not repeat a region/],
      [{ keyspaceName: 'orders', regions: ['us-east-1', 'mars-1'] }, /`regions\[1\]` must be a known AWS region, got 'mars-1'/],
    ])('%j', (props, message) => {
      expect(() => new Keyspace(testStack(), 'Ks', props)).toThrow(message);
    });
  });
});

describe('Table', () => {
  test('defaults: on-demand, point-in-time recovery, AWS-owned key, retained', () => {
    const stack = testStack();
    const keyspace = new Keyspace(stack, 'Ks', { keyspaceName: 'orders' });
    new Table(stack, 'T', { keyspace, schema });
    Template.fromStack(stack).hasResource('AWS::Cassandra::Table', {
      Properties: {
        KeyspaceName: 'orders', TableName: 'events',
        BillingMode: { Mode: 'ON_DEMAND' },
        PointInTimeRecoveryEnabled: true,
        EncryptionSpecification: { EncryptionType: 'AWS_OWNED_KMS_KEY' },
        ClientSideTimestampsEnabled: Match.absent(),
      },
      DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
      DependsOn: [Match.stringLikeRegexp('^Ks')],
    });
  });

  test('provisioned capacity and a customer-managed key on a single-region table', () => {
    const stack = testStack();
    const keyspace = new Keyspace(stack, 'Ks', { keyspaceName: 'orders' });
    const key = new Key(stack, 'Key', { enableKeyRotation: true });
    new Table(stack, 'T', { keyspace, schema, capacity: TableCapacity.provisioned(10, 20), encryptionKey: key });
    Template.fromStack(stack).hasResourceProperties('AWS::Cassandra::Table', {
      BillingMode: { Mode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 20 } },
      EncryptionSpecification: { EncryptionType: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
    });
  });

  test('multi-region tables use client-side timestamps', () => {
    const stack = testStack();
    const keyspace = new Keyspace(stack, 'Ks', { keyspaceName: 'orders', regions: REGIONS });
    new Table(stack, 'T', { keyspace, schema });
    Template.fromStack(stack).hasResourceProperties('AWS::Cassandra::Table', { ClientSideTimestampsEnabled: true });
  });

  test('grants are least privilege: Select to readers, Modify to writers, on the table ARN only', () => {
    const stack = testStack();
    const keyspace = Keyspace.fromKeyspaceAttributes(stack, 'Ks', { keyspaceName: 'orders' });
    const table = Table.fromTableAttributes(stack, 'T', { keyspace, tableName: 'events' });
    const role = new Role(stack, 'R', { assumedBy: new ServicePrincipal('pods.eks.amazonaws.com') });
    table.grantReadData(role);
    table.grantWriteData(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: ['cassandra:Modify', 'cassandra:Select'], Effect: 'Allow',
          Resource: 'arn:aws:cassandra:us-east-1:123456789012:/keyspace/orders/table/events',
        }],
      },
    });
  });

  test('metrics use the AWS/Cassandra namespace with keyspace and table dimensions', () => {
    const stack = testStack();
    const keyspace = Keyspace.fromKeyspaceAttributes(stack, 'Ks', { keyspaceName: 'orders' });
    const table = Table.fromTableAttributes(stack, 'T', { keyspace, tableName: 'events' });
    const latency = table.metricLatencyP99(KeyspacesOperation.SELECT);
    expect(latency).toMatchObject({ namespace: 'AWS/Cassandra', metricName: 'SuccessfulRequestLatency', statistic: 'p99' });
    expect(latency.dimensions).toEqual({ Keyspace: 'orders', TableName: 'events', Operation: 'SELECT' });
    expect(table.metricReplicationLatency('eu-west-1').dimensions).toEqual({ Keyspace: 'orders', TableName: 'events', ReceivingRegion: 'eu-west-1' });
  });

  test('logical ids of keyspace and table stay fixed (a new id would replace the data)', () => {
    const stack = testStack();
    const keyspace = new Keyspace(stack, 'Keyspace', { keyspaceName: 'orders' });
    new Table(stack, 'Table', { keyspace, schema });
    const t = Template.fromStack(stack);
    expect(Object.keys(t.findResources('AWS::Cassandra::Keyspace'))).toEqual(['Keyspace4B4E7792']);
    expect(Object.keys(t.findResources('AWS::Cassandra::Table'))).toEqual(['TableCD117FA1']);
  });

  describe('validation', () => {
    test('a customer-managed key on a multi-region table is rejected', () => {
      const stack = testStack();
      const keyspace = new Keyspace(stack, 'Ks', { keyspaceName: 'orders', regions: REGIONS });
      const key = new Key(stack, 'Key');
      expect(() => new Table(stack, 'T', { keyspace, schema, encryptionKey: key }))
        .toThrow(/T: `encryptionKey` is not supported on a table in multi-region keyspace 'orders'/);
    });

    test('provisioned capacity must be positive', () => {
      const stack = testStack();
      const keyspace = new Keyspace(stack, 'Ks', { keyspaceName: 'orders' });
      expect(() => new Table(stack, 'T', { keyspace, schema, capacity: TableCapacity.provisioned(0, 5) }))
        .toThrow(/`capacity\.readCapacityUnits` must be a positive integer, got 0/);
    });

    test('the schema is validated', () => {
      const stack = testStack();
      const keyspace = new Keyspace(stack, 'Ks', { keyspaceName: 'orders' });
      expect(() => new Table(stack, 'T', { keyspace, schema: { ...schema, partitionKey: [] } }))
        .toThrow(/`schema\.partitionKey` must list at least one column/);
    });
  });
});
