import { Lazy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Keyspace } from '../../constructs/cassandra/aws/keyspace';
import { Table } from '../../constructs/cassandra/aws/table';
import { TableCapacity } from '../../constructs/cassandra/aws/table-capacity';
import { CqlType } from '../../constructs/cassandra/schema';
import { testStack } from '../helpers/aws';
import { cfnResourcePaths, clientRole, grantedStatements } from '../helpers/grants';

const schema = { name: 'events', partitionKey: [{ name: 'id', type: CqlType.TEXT }] };
const REGIONS = ['us-east-1', 'us-west-2'];
const TABLE_ARN = 'arn:aws:cassandra:us-east-1:123456789012:/keyspace/orders/table/events';

describe('Table.fromTableAttributes', () => {
  function imported() {
    const stack = testStack(undefined, 'us-east-1', 'Consumer');
    const keyspace = Keyspace.fromKeyspaceAttributes(stack, 'Keyspace', { keyspaceName: 'orders', regions: REGIONS });
    return { stack, keyspace, table: Table.fromTableAttributes(stack, 'Table', { keyspace, tableName: 'events' }) };
  }

  test('the imports create no resource and keep the keyspace\'s regions', () => {
    const { stack, keyspace } = imported();
    expect(cfnResourcePaths(stack)).toEqual([]);
    expect([keyspace.regions, keyspace.multiRegion]).toEqual([REGIONS, true]);
    expect(stack.resolve(keyspace.keyspaceArn)).toBe('arn:aws:cassandra:us-east-1:123456789012:/keyspace/orders/');
  });

  test('grantReadData / grantWriteData: Grants that succeeded, cassandra:Select / cassandra:Modify on the table', () => {
    const { stack, table } = imported();
    const role = clientRole(stack);
    const read = table.grantReadData(role);
    const write = table.grantWriteData(role);
    expect([read.success, write.success]).toEqual([true, true]);
    expect(grantedStatements(stack, read)).toEqual([{ Effect: 'Allow', Action: 'cassandra:Select', Resource: TABLE_ARN }]);
    expect(grantedStatements(stack, write)).toEqual([{ Effect: 'Allow', Action: 'cassandra:Modify', Resource: TABLE_ARN }]);
  });

  test('the owned table grants the same statements as its import (the other regions\' stacks import it)', () => {
    const stack = testStack();
    const keyspace = new Keyspace(stack, 'Keyspace', { keyspaceName: 'orders', regions: REGIONS });
    const table = new Table(stack, 'Table', { keyspace, schema });
    const again = Table.fromTableAttributes(stack, 'Imported', { keyspace, tableName: table.tableName });
    const role = clientRole(stack);
    for (const grant of ['grantReadData', 'grantWriteData'] as const) {
      const owned = grantedStatements(stack, table[grant](role));
      expect(owned).toEqual([expect.objectContaining({ Resource: TABLE_ARN })]);
      expect(grantedStatements(stack, again[grant](role))).toEqual(owned);
    }
  });
});

describe('Table token guards', () => {
  const lazy = (n: number) => Lazy.number({ produce: () => n });

  test('token provisioned capacity units skip the range check and reach the template', () => {
    const stack = testStack();
    const rcu = lazy(25);
    expect(Token.isUnresolved(rcu)).toBe(true);
    const keyspace = new Keyspace(stack, 'Keyspace', { keyspaceName: 'orders' });
    new Table(stack, 'Table', { keyspace, schema, capacity: TableCapacity.provisioned(rcu, lazy(10)) });
    Template.fromStack(stack).hasResourceProperties('AWS::Cassandra::Table', {
      BillingMode: { Mode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 25, WriteCapacityUnits: 10 } },
    });
  });

  test('a literal out of range is still refused', () => {
    const stack = testStack();
    const keyspace = new Keyspace(stack, 'Keyspace', { keyspaceName: 'orders' });
    expect(() => new Table(stack, 'Table', { keyspace, schema, capacity: TableCapacity.provisioned(0, 10) })).toThrow(/`capacity.readCapacityUnits` must be/);
  });
});
