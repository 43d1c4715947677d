import { Chart, Testing } from 'cdk8s';
import { StoreNamespace } from '../../constructs/platform/k8s/namespace';
import { StoreNetworkPolicy, awsEndpointsEgress } from '../../constructs/platform/k8s/network-policy';
import { findObject, synthChart, validateObjects } from '../helpers/k8s';
import { NetworkPolicyModel, type PodEndpoint } from '../helpers/network-policy';

const chart = () => new Chart(Testing.app(), 'test');
const podIn = (namespace: string, labels: Record<string, string> = {}): PodEndpoint => ({ kind: 'pod', name: `${namespace} pod`, namespace, labels });

describe('StoreNamespace', () => {
  test('@default restricted, no exception annotation; valid core objects', () => {
    const c = chart();
    const ns = new StoreNamespace(c, 'Namespace', { name: 'store' });
    const objects = synthChart(c);
    expect(ns.podSecurity).toBe('restricted');
    const o = findObject(objects, 'Namespace', 'store');
    expect(o.metadata.labels).toEqual({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' });
    expect(o.metadata.annotations).toBeUndefined();
    expect(validateObjects(objects)).toEqual([]);
  });

  test('an exception enforces baseline and writes its reason beside the label', () => {
    const c = chart();
    new StoreNamespace(c, 'Namespace', { name: 'store', podSecurityException: { reason: 'the operator drops no capabilities' } });
    const o = findObject(synthChart(c), 'Namespace', 'store');
    expect(o.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(o.metadata.annotations).toEqual({ 'platform.netflix.com/pod-security-exception': 'the operator drops no capabilities' });
  });

  test('an exception without a reason is an error naming the construct, the field and the namespace', () => {
    expect(() => new StoreNamespace(chart(), 'Namespace', { name: 'store', podSecurityException: { reason: ' ' } }))
      .toThrow(/test\/Namespace: `podSecurityException.reason` must say why namespace 'store' cannot enforce 'restricted', got ''/);
  });

  test('pods reach DNS and their namespace, nothing else; nothing reaches them', () => {
    const c = chart();
    new StoreNamespace(c, 'Namespace', { name: 'store' });
    const m = new NetworkPolicyModel(synthChart(c));
    const a = podIn('store', { app: 'a' });
    const dns = podIn('kube-system', { 'k8s-app': 'kube-dns' });
    expect(m.allows({ from: a, to: dns, port: 53, protocol: 'UDP' })).toBe(true);
    expect(m.allows({ from: a, to: dns, port: 53 })).toBe(true);
    expect(m.allows({ from: a, to: dns, port: 9153 })).toBe(false);
    expect(m.allows({ from: a, to: podIn('kube-system', { app: 'other' }), port: 53, protocol: 'UDP' })).toBe(false);
    expect(m.allows({ from: a, to: podIn('elsewhere'), port: 443 })).toBe(false);
    expect(m.allows({ from: a, to: { kind: 'address', name: 'internet', ip: '203.0.113.1' }, port: 443 })).toBe(false);
    // Egress inside the namespace is open; the destination's ingress is still default-deny.
    expect(m.evaluate({ from: a, to: podIn('store', { app: 'b' }), port: 80 })).toEqual({ allowed: false, reason: 'ingress of store pod denied' });
  });
});

describe('StoreNetworkPolicy egress', () => {
  test('one policy per rule; a rule without destinations makes no policy (an empty `to` would admit everywhere)', () => {
    const c = chart();
    new StoreNetworkPolicy(c, 'Policy', {
      name: 'db', namespace: 'store', podLabels: { app: 'db' }, rules: [],
      egress: [{ name: 'peers', ports: [7000], toCidrs: [] }, awsEndpointsEgress('10.101.0.0/16')],
    });
    const objects = synthChart(c);
    expect(objects.map((o) => o.metadata.name)).toEqual(['db-egress-aws-endpoints']);
    expect(objects[0].spec).toEqual({
      podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.101.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] }],
    });
  });
});
