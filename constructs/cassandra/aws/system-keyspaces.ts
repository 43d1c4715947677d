import { Stack, Validations } from 'aws-cdk-lib';
import { type Grant, Grant as IamGrant, type IRole } from 'aws-cdk-lib/aws-iam';

/**
 * Lets `grantee` read Amazon Keyspaces' system keyspaces (`system`, `system_schema`,
 * `system_schema_mcs`, `system_multiregion_info`) in its stack's region: every Cassandra driver
 * reads them when it connects (peers, schema), so a role that may only touch its own tables
 * cannot connect. Read-only: Keyspaces' system tables cannot be modified.
 *
 * AWS documents the grant as `cassandra:Select` on `arn:${Partition}:cassandra:${Region}:${Account}:/keyspace/system*`
 * ("Standard Apache Cassandra client driver connections, because drivers automatically read
 * system tables during connection initialization").
 *
 * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/security_iam_id-based-policy-examples.html#security_iam_id-based-policy-examples-access-one-table
 * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/working-with-keyspaces.html
 */
export function grantSystemKeyspacesRead(grantee: IRole): Grant {
  const stack = Stack.of(grantee);
  const systemKeyspaces = `arn:${stack.partition}:cassandra:${stack.region}:${stack.account}:/keyspace/system*`;
  Validations.of(grantee).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::${systemKeyspaces}]`,
    reason: 'Read-only cassandra:Select on /keyspace/system*: the Java driver reads the Keyspaces system keyspaces (system, system_schema, '
      + 'system_schema_mcs, system_multiregion_info) when it connects; AWS documents them by this prefix',
  });
  return IamGrant.addToPrincipal({ grantee, actions: ['cassandra:Select'], resourceArns: [systemKeyspaces] });
}
