import type { KubeObject } from '../helpers/k8s';
import { type Endpoint, NetworkPolicyModel, type PodEndpoint, inCidr, selects } from '../helpers/network-policy';

/** The evaluator the flow tables rely on, on small cases of the Kubernetes NetworkPolicy semantics. */
const policy = (namespace: string, name: string, spec: object): KubeObject =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec });
const podIn = (namespace: string, labels: Record<string, string>, namedPorts?: Record<string, number>): PodEndpoint =>
  ({ kind: 'pod', name: `${namespace}/${JSON.stringify(labels)}`, namespace, labels, namedPorts });
const address = (ip: string): Endpoint => ({ kind: 'address', name: ip, ip });
const db = podIn('a', { app: 'db' });
const web = podIn('a', { app: 'web' });
const other = podIn('b', { app: 'web' });
const denyIngress = policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
const denyEgress = policy('a', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
const allowDb = (from: object[], ports?: object[]) => policy('a', 'allow-db', {
  podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from, ...(ports ? { ports } : {}) }],
});

describe('selectors and CIDRs', () => {
  test('matchLabels and matchExpressions; an empty selector selects everything', () => {
    expect(selects({}, { a: '1' })).toBe(true);
    expect(selects({ matchLabels: { a: '1' } }, { a: '2' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' })).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['2'] }] }, { a: '2' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['2'] }] }, {})).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {})).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, {})).toBe(true);
  });
  test('CIDR containment', () => {
    expect(inCidr('10.2.255.1', '10.2.0.0/16')).toBe(true);
    expect(inCidr('10.3.0.1', '10.2.0.0/16')).toBe(false);
    expect(inCidr('8.8.8.8', '0.0.0.0/0')).toBe(true);
    expect(inCidr('10.0.0.1', '10.0.0.1/32')).toBe(true);
    expect(() => inCidr('10.0.0', '10.0.0.0/8')).toThrow(/not an IPv4 address/);
  });
});

describe('isolation', () => {
  test('no policy selects a pod: everything is allowed', () => {
    expect(new NetworkPolicyModel([]).allows({ from: web, to: db, port: 5432 })).toBe(true);
  });
  test('default-deny ingress isolates for ingress only', () => {
    const m = new NetworkPolicyModel([denyIngress]);
    expect(m.evaluate({ from: web, to: db, port: 5432 })).toEqual({ allowed: false, reason: expect.stringMatching(/ingress of .* denied/) });
    expect(m.allows({ from: db, to: other, port: 80 })).toBe(true);
  });
  test('default-deny egress isolates the source; the destination namespace is not consulted first', () => {
    const m = new NetworkPolicyModel([denyEgress]);
    expect(m.evaluate({ from: web, to: other, port: 80 })).toEqual({ allowed: false, reason: expect.stringMatching(/egress of .* denied/) });
    expect(m.allows({ from: other, to: db, port: 80 })).toBe(true);
  });
  test('policyTypes omitted: Ingress, plus Egress when the policy has egress rules', () => {
    expect(new NetworkPolicyModel([policy('a', 'p', { podSelector: {} })]).allows({ from: other, to: db, port: 1 })).toBe(false);
    expect(new NetworkPolicyModel([policy('a', 'p', { podSelector: {}, egress: [{ to: [{ podSelector: {} }] }] })]).allows({ from: web, to: other, port: 1 })).toBe(false);
  });
  test('a connection needs the source egress and the destination ingress', () => {
    const allowIn = allowDb([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }]);
    const bDenyEgress = policy('b', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
    expect(new NetworkPolicyModel([denyIngress, allowIn]).allows({ from: other, to: db, port: 5432 })).toBe(true);
    expect(new NetworkPolicyModel([denyIngress, allowIn, bDenyEgress]).allows({ from: other, to: db, port: 5432 })).toBe(false);
  });
  test('policies add up: any selecting policy that admits the flow is enough', () => {
    const m = new NetworkPolicyModel([denyIngress, allowDb([{ podSelector: { matchLabels: { app: 'nothing' } } }]), allowDb([{ podSelector: { matchLabels: { app: 'web' } } }])]);
    expect(m.allows({ from: web, to: db, port: 1 })).toBe(true);
  });
});

describe('peers', () => {
  test('podSelector alone means pods of the policy namespace', () => {
    const m = new NetworkPolicyModel([denyIngress, allowDb([{ podSelector: { matchLabels: { app: 'web' } } }])]);
    expect(m.allows({ from: web, to: db, port: 1 })).toBe(true);
    expect(m.allows({ from: other, to: db, port: 1 })).toBe(false);
  });
  test('namespaceSelector and podSelector in one peer are AND; in two peers OR', () => {
    const ns = { namespaceSelector: { matchLabels: { team: 'x' } } };
    const pods = { podSelector: { matchLabels: { app: 'web' } } };
    const namespaces = { b: { team: 'x' } };
    const and = new NetworkPolicyModel([denyIngress, allowDb([{ ...ns, ...pods }])], namespaces);
    const or = new NetworkPolicyModel([denyIngress, allowDb([ns, pods])], namespaces);
    const bOther = podIn('b', { app: 'batch' });
    expect(and.allows({ from: other, to: db, port: 1 })).toBe(true);
    expect(and.allows({ from: bOther, to: db, port: 1 })).toBe(false);
    expect(and.allows({ from: web, to: db, port: 1 })).toBe(false);
    expect(or.allows({ from: bOther, to: db, port: 1 })).toBe(true);
    expect(or.allows({ from: web, to: db, port: 1 })).toBe(true);
  });
  test('namespace labels come from Namespace objects, and every namespace has kubernetes.io/metadata.name', () => {
    const nsObject: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b', labels: { team: 'x' } } };
    const m = new NetworkPolicyModel([nsObject, denyIngress, allowDb([{ namespaceSelector: { matchLabels: { team: 'x' } } }])]);
    expect(m.allows({ from: other, to: db, port: 1 })).toBe(true);
    expect(m.allows({ from: podIn('c', {}), to: db, port: 1 })).toBe(false);
  });
  test('ipBlock with except matches addresses outside the cluster, not pods', () => {
    const m = new NetworkPolicyModel([denyIngress, allowDb([{ ipBlock: { cidr: '10.2.0.0/16', except: ['10.2.9.0/24'] } }])]);
    expect(m.allows({ from: address('10.2.0.5'), to: db, port: 1 })).toBe(true);
    expect(m.allows({ from: address('10.2.9.5'), to: db, port: 1 })).toBe(false);
    expect(m.allows({ from: address('10.3.0.5'), to: db, port: 1 })).toBe(false);
    expect(m.allows({ from: other, to: db, port: 1 })).toBe(false);
  });
  test('an empty from list admits every source', () => {
    const m = new NetworkPolicyModel([denyIngress, allowDb([])]);
    expect(m.allows({ from: address('203.0.113.1'), to: db, port: 1 })).toBe(true);
  });
  test('a policy with Ingress type and no rules admits nothing', () => {
    const m = new NetworkPolicyModel([policy('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [] })]);
    expect(m.allows({ from: web, to: db, port: 1 })).toBe(false);
  });
});

describe('ports', () => {
  const m = (ports: object[]) => new NetworkPolicyModel([denyIngress, allowDb([{ podSelector: {} }], ports)]);
  test('protocol defaults to TCP', () => {
    expect(m([{ port: 53 }]).allows({ from: web, to: db, port: 53 })).toBe(true);
    expect(m([{ port: 53 }]).allows({ from: web, to: db, port: 53, protocol: 'UDP' })).toBe(false);
    expect(m([{ port: 53, protocol: 'UDP' }]).allows({ from: web, to: db, port: 53, protocol: 'UDP' })).toBe(true);
  });
  test('a port entry without port admits every port of its protocol; endPort is a range', () => {
    expect(m([{ protocol: 'TCP' }]).allows({ from: web, to: db, port: 9999 })).toBe(true);
    expect(m([{ port: 7000, endPort: 7001 }]).allows({ from: web, to: db, port: 7001 })).toBe(true);
    expect(m([{ port: 7000, endPort: 7001 }]).allows({ from: web, to: db, port: 7002 })).toBe(false);
    expect(m([{ port: 7000 }]).allows({ from: web, to: db, port: 7001 })).toBe(false);
  });
  test('named ports resolve on the destination pod', () => {
    const named = podIn('a', { app: 'db' }, { cql: 9042 });
    expect(m([{ port: 'cql' }]).allows({ from: web, to: named, port: 9042 })).toBe(true);
    expect(m([{ port: 'cql' }]).allows({ from: web, to: db, port: 9042 })).toBe(false);
  });
});
