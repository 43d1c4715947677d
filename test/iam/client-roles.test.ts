import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platform } from '../../config/platform';
import { defaultSynth } from '../helpers/default-synth';
import { allows, podRoles, render, type PodRole } from './policy';

/**
 * Least privilege that works: every IAM role a client pod assumes (EKS Pod Identity), in every
 * stack of `npm run synth`, may do what its driver or SDK does on connect and in normal
 * operation, and nothing more. Each role's needs are written from the client's documentation:
 *
 * - Keyspaces (Cassandra driver + SigV4 plugin): on connect the driver reads the system keyspaces
 *   (`system.local`, `system.peers`, `system_schema.*`, and Keyspaces' `system_schema_mcs`,
 *   `system_multiregion_info`); AWS requires `cassandra:Select` on `/keyspace/system*` for
 *   "standard Apache Cassandra client driver connections, because drivers automatically read
 *   system tables during connection initialization"
 *   (https://docs.aws.amazon.com/keyspaces/latest/devguide/security_iam_id-based-policy-examples.html).
 *   Queries: `cassandra:Select` (SELECT) and `cassandra:Modify` (INSERT/UPDATE/DELETE) on the table;
 *   the `*MultiRegionResource` actions are for DDL on multi-Region keyspaces, not for queries.
 * - Neptune with IAM authentication (engine >= 1.2: data-access actions): Gremlin reads need
 *   `neptune-db:ReadDataViaQuery`, writes `WriteDataViaQuery`/`DeleteDataViaQuery`, query status
 *   `GetQueryStatus`, on `arn:aws:neptune-db:<region>:<account>:<cluster-resource-id>/*`
 *   (https://docs.aws.amazon.com/neptune/latest/userguide/iam-dp-actions.html).
 * - MemoryDB: the queue clients authenticate as an ACL user with a password (AUTH over TLS; the
 *   cluster's user has `AuthenticationMode.Type: password`), read from Secrets Manager: no
 *   `memorydb:Connect` (that is IAM authentication, which we do not use).
 * - EVCache (memcached): no authentication; clients read the topology from SSM, publish
 *   replication events to the other regions' SQS queues, and the reader consumes its own.
 * - OpenSearch: clients authenticate with fine-grained access control (internal users); no pod
 *   role is handed out for it, so there is none to check.
 * - Every Pod Identity role trusts `pods.eks.amazonaws.com` for `sts:AssumeRole` and
 *   `sts:TagSession` (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html).
 */
const out = defaultSynth();
const account = platform.environments[0].regions[0].account;
const stacks = readdirSync(out.aws).filter((f) => f.endsWith('.template.json')).map((f) => f.replace('.template.json', '')).sort();
const regionOf = (stack: string) => /-([a-z]{2}-[a-z]+-\d)$/.exec(stack)![1];
const templateOf = (stack: string) => JSON.parse(readFileSync(join(out.aws, `${stack}.template.json`), 'utf8'));

interface Request { readonly action: string; readonly resource: string }
interface RoleSpec {
  /** The only actions any statement may name (no wildcards). */
  readonly actions: readonly string[];
  /** The only resources any statement may name (rendered by test/iam/policy.ts). */
  readonly resources: readonly string[];
  /** What the client does: each must be allowed. */
  readonly needs: readonly Request[];
  /** Near misses: each must be denied. */
  readonly denies: readonly Request[];
}

const ssmRead = ['ssm:DescribeParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory', 'ssm:GetParameters'];
const req = (actions: readonly string[], resources: readonly string[]): Request[] => actions.flatMap((action) => resources.map((resource) => ({ action, resource })));

/**
 * ARNs of the SSM parameters a stack publishes for its clients (contract, topology, driver
 * configuration); not the platform's cluster metadata under /platform/, which is the inventory's.
 */
function parameterArns(template: any, region: string): string[] {
  return Object.values(template.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::SSM::Parameter')
    .map((r) => render(template, r.Properties.Name, { region, account })).filter((name) => !name.startsWith('/platform/'))
    .map((name) => `arn:aws:ssm:${region}:${account}:parameter${name}`);
}

function keyspacesSpec(region: string, keyspace: string, tables: readonly string[], extra: { actions: string[]; resources: string[] } = { actions: [], resources: [] }): RoleSpec {
  const ks = (k: string, t: string) => `arn:aws:cassandra:${region}:${account}:/keyspace/${k}/table/${t}`;
  const system = `arn:aws:cassandra:${region}:${account}:/keyspace/system*`;
  const systemTables = [ks('system', 'local'), ks('system', 'peers'), ks('system_schema', 'keyspaces'), ks('system_schema', 'tables'),
    ks('system_schema', 'columns'), ks('system_schema_mcs', 'tables'), ks('system_multiregion_info', 'tables')];
  const own = tables.map((t) => ks(keyspace, t));
  return {
    actions: ['cassandra:Select', 'cassandra:Modify', ...extra.actions],
    resources: [system, ...own, ...extra.resources],
    needs: [...req(['cassandra:Select'], systemTables), ...req(['cassandra:Select', 'cassandra:Modify'], own)],
    denies: [
      ...req(['cassandra:Modify'], systemTables),
      ...req(['cassandra:Drop', 'cassandra:Alter', 'cassandra:Create', 'cassandra:ModifyMultiRegionResource'], own),
      ...req(['cassandra:Select', 'cassandra:Modify'], [ks('another_keyspace', tables[0]), ks(keyspace, 'another_table'),
        `arn:aws:cassandra:${region === 'us-east-1' ? 'us-west-2' : 'us-east-1'}:${account}:/keyspace/${keyspace}/table/${tables[0]}`]),
    ],
  };
}

/** The expected roles of a stack, by role logical id. */
function specsOf(stack: string, template: any): Record<string, RoleSpec> {
  const region = regionOf(stack);
  const params = parameterArns(template, region);
  const otherParam = `arn:aws:ssm:${region}:${account}:parameter/another-service/config`;
  if (stack.startsWith('ViewingHistory-')) return { ServiceRole4288B192: keyspacesSpec(region, 'viewing_history', ['viewing_history']) };
  if (stack.startsWith('EventSourced-')) {
    const spec = keyspacesSpec(region, 'event_store', ['events', 'snapshots'], { actions: ssmRead, resources: params });
    return { ServiceRole4288B192: { ...spec, needs: [...spec.needs, ...req(['ssm:GetParameter'], params)],
      denies: [...spec.denies, ...req(['ssm:PutParameter', 'ssm:DeleteParameter'], params), ...req(['ssm:GetParameter'], [otherParam])] } };
  }
  if (stack.startsWith('DelayedQueues-')) {
    const secret = '${ClusterUserSecret15579C63}';
    return { ServiceRole4288B192: {
      actions: [...ssmRead, 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: [...params, secret],
      needs: [...req(['ssm:GetParameter'], params), ...req(['secretsmanager:GetSecretValue'], [secret])],
      denies: [...req(['secretsmanager:PutSecretValue', 'secretsmanager:DeleteSecret'], [secret]), ...req(['ssm:PutParameter'], params),
        ...req(['memorydb:Connect'], [`arn:aws:memorydb:${region}:${account}:cluster/delayed-queues`]), ...req(['ssm:GetParameter'], [otherParam])],
    } };
  }
  if (stack.startsWith('DigitalAssets-')) {
    const graph = `arn:aws:neptune-db:${region}:${account}:\${GraphA02F0199.ClusterResourceId}`;
    const writable = region === platform.environments[0].primaryRegion;
    const reads = ['neptune-db:ReadDataViaQuery', 'neptune-db:GetQueryStatus'];
    const writes = ['neptune-db:WriteDataViaQuery', 'neptune-db:DeleteDataViaQuery'];
    return { ServiceRole4288B192: {
      actions: writable ? [...reads, ...writes] : reads,
      resources: [`${graph}/*`],
      needs: req(writable ? [...reads, ...writes] : reads, [`${graph}/database`]),
      denies: [...req(['neptune-db:ResetDatabase', 'neptune-db:CancelQuery', 'neptune-db:connect'], [`${graph}/database`]),
        ...req(['neptune-db:ReadDataViaQuery'], [`arn:aws:neptune-db:${region}:${account}:cluster-ANOTHER/database`]),
        ...(writable ? [] : req(writes, [`${graph}/database`]))],
    } };
  }
  if (stack.startsWith('CdnUrl-')) {
    const queue = (r: string) => `arn:aws:sqs:${r}:${account}:cdn-url-evcache-replication`;
    const others = platform.environments[0].regions.map((r) => r.region).filter((r) => r !== region);
    const keys = others.map((r) => `arn:aws:kms:${r}:${account}:key/*`);
    return {
      ClientRole910E33D4: {
        actions: [...ssmRead, 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage', 'kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [...params, ...others.map(queue), ...keys],
        needs: [...req(['ssm:GetParameter'], params), ...req(['sqs:SendMessage'], others.map(queue))],
        denies: [...req(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:PurgeQueue'], others.map(queue)), ...req(['sqs:SendMessage'], [queue(region)]),
          ...req(['ssm:PutParameter'], params)],
      },
      ReplicationReaderRoleA024CFEE: {
        actions: [...ssmRead, 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage', 'kms:Decrypt'],
        resources: [...params, '${EvcacheReplication8BE040AF.Arn}', '${EvcacheReplicationKey5E5CA45A.Arn}'],
        needs: [...req(['ssm:GetParameter'], params), ...req(['sqs:ReceiveMessage', 'sqs:DeleteMessage'], ['${EvcacheReplication8BE040AF.Arn}']),
          ...req(['kms:Decrypt'], ['${EvcacheReplicationKey5E5CA45A.Arn}'])],
        denies: [...req(['sqs:SendMessage', 'sqs:PurgeQueue', 'sqs:DeleteQueue'], ['${EvcacheReplication8BE040AF.Arn}']), ...req(['ssm:PutParameter'], params)],
      },
    };
  }
  return {};
}

const cases = stacks.map((stack) => {
  const template = templateOf(stack);
  return { stack, template, roles: podRoles(template, { region: regionOf(stack), account }), specs: specsOf(stack, template) };
});

test('the synth has the pod roles this test reviews (one per store client)', () => {
  expect(cases.flatMap((c) => c.roles.map((r) => `${c.stack.replace(/-prod-.*/, '')}/${r.logicalId}`)).filter((v, i, a) => a.indexOf(v) === i).sort())
    .toEqual(['CdnUrl/ClientRole910E33D4', 'CdnUrl/ReplicationReaderRoleA024CFEE', 'DelayedQueues/ServiceRole4288B192',
      'DigitalAssets/ServiceRole4288B192', 'EventSourced/ServiceRole4288B192', 'ViewingHistory/ServiceRole4288B192']);
});

describe.each(cases.filter((c) => c.roles.length > 0))('$stack', ({ stack, roles, specs }) => {
  test('every pod role has a reviewed spec, and every spec a role', () => {
    expect(roles.map((r) => r.logicalId).sort()).toEqual(Object.keys(specs).sort());
  });

  describe.each(roles.map((r) => [r.logicalId, r] as [string, PodRole]))('%s', (id, role) => {
    const spec = specs[id];

    test('trusts EKS Pod Identity for AssumeRole and TagSession, and has no managed policy', () => {
      expect([...role.trustActions].sort()).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(role.managedPolicies).toBe(0);
    });

    test('can do what its client does on connect and in normal operation', () => {
      expect(spec.needs.filter((r) => !allows(role.statements, r.action, r.resource))).toEqual([]);
    });

    test('nothing broader: only the documented actions on the documented resources, no wildcard action, no near miss', () => {
      const statements = role.statements.filter((s) => s.effect === 'Allow');
      expect(statements.flatMap((s) => s.actions).filter((a) => a.includes('*') || !spec.actions.includes(a))).toEqual([]);
      expect(statements.flatMap((s) => s.resources).filter((r) => !spec.resources.includes(r))).toEqual([]);
      expect(spec.denies.filter((r) => allows(role.statements, r.action, r.resource))).toEqual([]);
    });
  });

  test(`${stack}: the specs are not vacuous`, () => {
    for (const spec of Object.values(specs)) expect(spec.needs.length).toBeGreaterThan(0);
  });
});
