import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../helpers/k8s';
import { type Identities, cfnIdentities, identitiesOf, identityProblems, k8sIdentities } from './checks/identity';
import { defaultOutput } from './checks/output';

/**
 * The contract of every resource that holds data: its logical id or object name, and the fields
 * whose change replaces it (checks/identity.ts). The fixture pins them for the default platform;
 * a change that renames, replaces or deletes one fails here, whatever else it does.
 *
 * Adding a stateful resource, or replacing one on purpose (after a migration plan), is a
 * deliberate act: `PIN_STATEFUL_IDENTITIES=1 npx jest test/safety/stateful-identity.test.ts`
 * rewrites the fixture, and the pull request shows the change.
 */
const FIXTURE = join(__dirname, 'fixtures', 'stateful-identities.json');

describe('stateful identities of the default platform', () => {
  const now = identitiesOf(defaultOutput());

  if (process.env.PIN_STATEFUL_IDENTITIES === '1') writeFileSync(FIXTURE, `${JSON.stringify(now, null, 2)}\n`);

  test('the fixture exists and pins resources of both flavors', () => {
    expect(existsSync(FIXTURE)).toBe(true);
    const pinned: Identities = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    expect(Object.keys(pinned).some((f) => f.endsWith('.template.json'))).toBe(true);
    expect(Object.keys(pinned).some((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });

  test('no stateful resource is renamed, replaced or deleted, and every one is pinned', () => {
    const pinned: Identities = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    expect(identityProblems(pinned, now)).toEqual([]);
  });
});

describe('identity checks', () => {
  const keyspace = (name: string, id = 'Keyspace') => ({
    Resources: { [id]: { Type: 'AWS::Cassandra::Keyspace', Properties: { KeyspaceName: name, Tags: [{ Key: 'owner', Value: 'team' }] } } },
  });

  test('a CloudFormation identity is the logical id and the replacing properties only', () => {
    // Tags are updated in place (the spec's causesReplacement is not 'yes'), so they are not part of the identity.
    expect(cfnIdentities(keyspace('vh'))).toEqual({ Keyspace: { type: 'AWS::Cassandra::Keyspace', KeyspaceName: 'vh' } });
    expect(cfnIdentities({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'r' } } } })).toEqual({});
  });

  test('a renamed keyspace, a renamed logical id and an unpinned resource are each one problem', () => {
    const pinned = { 'S.template.json': cfnIdentities(keyspace('vh')) };
    expect(identityProblems(pinned, { 'S.template.json': cfnIdentities(keyspace('vh2')) })).toEqual([
      'S.template.json: Keyspace would be replaced: {"type":"AWS::Cassandra::Keyspace","KeyspaceName":"vh"} → {"type":"AWS::Cassandra::Keyspace","KeyspaceName":"vh2"}',
    ]);
    expect(identityProblems(pinned, { 'S.template.json': cfnIdentities(keyspace('vh', 'Keyspace2')) })).toEqual([
      'S.template.json: Keyspace is gone (deleting it deletes its data): was {"type":"AWS::Cassandra::Keyspace","KeyspaceName":"vh"}',
      'S.template.json: Keyspace2 holds data but is not pinned: {"type":"AWS::Cassandra::Keyspace","KeyspaceName":"vh"}',
    ]);
  });

  test('a StatefulSet whose claim template is renamed would get new volumes', () => {
    const sts = (claim: string): KubeObject => ({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'cache', namespace: 'n' },
      spec: { serviceName: 'cache', selector: { matchLabels: { app: 'cache' } }, volumeClaimTemplates: [{ metadata: { name: claim }, spec: { storageClassName: 'gp3' } }] },
    });
    const pinned = { 'c.k8s.yaml': k8sIdentities([sts('data')]) };
    expect(identityProblems(pinned, { 'c.k8s.yaml': k8sIdentities([sts('data')]) })).toEqual([]);
    expect(identityProblems(pinned, { 'c.k8s.yaml': k8sIdentities([sts('data2')]) })).toHaveLength(1);
  });
});
