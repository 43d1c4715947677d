import { validateObjects } from './helpers/k8s';

/** The manifest validator itself must catch what the API server would reject or silently drop. */
describe('Kubernetes validation harness', () => {
  const k8ssandra = (spec: object) => ({ apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', metadata: { name: 'x' }, spec });

  test('accepts a valid custom resource', () => {
    expect(validateObjects([k8ssandra({ cassandra: { datacenters: [{ metadata: { name: 'dc1' }, size: 3 }] } })])).toEqual([]);
  });

  test('rejects a field the CRD does not declare', () => {
    const problems = validateObjects([k8ssandra({ cassandra: { datacenters: [{ metadata: { name: 'dc1' }, size: 3, zones: 3 }] } })]);
    expect(problems.join('\n')).toMatch(/K8ssandraCluster \/x: \/spec\/cassandra\/datacenters\/0 must NOT have additional properties \{"additionalProperty":"zones"\}/);
  });

  test('rejects a wrong type and a missing required field in a custom resource', () => {
    const problems = validateObjects([k8ssandra({ cassandra: { datacenters: [{ metadata: { name: 'dc1' }, size: 'three' }, { metadata: { name: 'dc2' } }] } })]);
    expect(problems.join('\n')).toMatch(/\/spec\/cassandra\/datacenters\/0\/size must be integer/);
    expect(problems.join('\n')).toMatch(/must have required property 'size'/);
  });

  test('rejects an invalid core object', () => {
    const problems = validateObjects([{ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { serviceName: 's', template: {} } }]);
    expect(problems.join('\n')).toMatch(/StatefulSet \/s: .*selector/);
  });

  test('rejects an invalid prometheus-operator object', () => {
    const problems = validateObjects([{ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' }, spec: { groups: [{ rules: [] }] } }]);
    expect(problems.join('\n')).toMatch(/PrometheusRule \/r: .*name/);
  });

  test('an object of a kind with no schema is a problem, not a pass', () => {
    expect(validateObjects([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]))
      .toEqual(['Widget /w: no schema for example.com/v1 Widget']);
  });
});
