import { ConsistencyLevel, Fallback } from '../../../constructs/cassandra/client-profile';
import { KeyspacesEventStore } from '../../../constructs/cassandra/event-store/aws/keyspaces-event-store';
import { TimeBucket } from '../../../constructs/cassandra/event-store/schema';
import { testStack } from '../../helpers/aws';
import { cfnResourcePaths, clientRole, grantedStatements } from '../../helpers/grants';
import { render } from '../../iam/policy';

const ENV = { region: 'us-east-1', account: '123456789012' };
const REGIONS = ['us-east-1', 'us-west-2'];
const op = (consistency: ConsistencyLevel, extra = {}) => ({ consistency, timeoutMs: 20, concurrencyLimit: 64, fallback: Fallback.FAIL, ...extra });
const PROPS = {
  keyspaceName: 'es', regions: REGIONS, createTables: true, timeBucket: TimeBucket.HOUR, parameterPrefix: '/svc/test',
  sla: { latencyP99Ms: 50, errorRatePercent: 0.1, availabilityPercent: 99.9, capacityHeadroomPercent: 30 },
  clientProfile: {
    append: op(ConsistencyLevel.LOCAL_QUORUM, { serialConsistency: ConsistencyLevel.LOCAL_SERIAL }),
    readStream: op(ConsistencyLevel.LOCAL_QUORUM, { idempotent: true }),
    readSnapshot: op(ConsistencyLevel.LOCAL_ONE, { idempotent: true, fallback: Fallback.REPLAY_EVENTS }),
    writeSnapshot: op(ConsistencyLevel.LOCAL_QUORUM, { idempotent: true, fallback: Fallback.SKIP }),
  },
};

/** Statements with their resources rendered (a parameter's Ref becomes its name), sorted for comparison. */
function rendered(stack: any, grant: any, template: any) {
  return (grantedStatements(stack, grant) as any[])
    .map((s) => JSON.stringify({ ...s, Resource: [s.Resource].flat().map((r: any) => render(template, r, ENV)) })).sort();
}

describe('KeyspacesEventStore.fromKeyspacesEventStoreAttributes', () => {
  test('another service\'s stack takes the store: no resource but its role, and the same service grant as the owner\'s', () => {
    const stack = testStack();
    const store = new KeyspacesEventStore(stack, 'Store', PROPS);
    const ownedGrant = store.grantService(clientRole(stack, 'Owner'));
    const before = cfnResourcePaths(stack);
    const imported = KeyspacesEventStore.fromKeyspacesEventStoreAttributes(stack, 'Imported', {
      keyspaceName: 'es', regions: REGIONS, parameterPrefix: '/svc/test', operationNames: store.operations.map((o) => o.name),
    });
    expect(cfnResourcePaths(stack)).toEqual(before);
    const importedGrant = imported.grantService(clientRole(stack, 'Importer'));
    expect([ownedGrant.success, importedGrant.success]).toEqual([true, true]);
    const template = { Resources: Object.fromEntries([store.applicationConfParameter, ...Object.values(store.profileParameters)]
      .map((p) => [stack.getLogicalId(p.node.defaultChild as any), { Type: 'AWS::SSM::Parameter', Properties: { Name: stack.resolve((p.node.defaultChild as any).name) } }])) };
    const owned = rendered(stack, ownedGrant, template);
    // Both tables read and written, the application.conf and the four profiles read, the system keyspaces read.
    expect(owned).toHaveLength(4 + 1 + 4 + 1);
    expect(rendered(stack, importedGrant, template)).toEqual(owned);
  });

  test('a bad prefix or a region the store is not in is an error naming the import', () => {
    const stack = testStack();
    expect(() => KeyspacesEventStore.fromKeyspacesEventStoreAttributes(stack, 'A', { keyspaceName: 'es', regions: REGIONS, parameterPrefix: 'svc', operationNames: [] }))
      .toThrow(/Test\/A: `parameterPrefix` must be an SSM path like '\/event-sourced\/prod', got 'svc'/);
    expect(() => KeyspacesEventStore.fromKeyspacesEventStoreAttributes(stack, 'B', { keyspaceName: 'es', regions: ['us-west-2'], parameterPrefix: '/svc/test', operationNames: [] }))
      .toThrow(/Test\/B: `regions` must include the importing stack's region 'us-east-1', got \["us-west-2"\]/);
  });
});
