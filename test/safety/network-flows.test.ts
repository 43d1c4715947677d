import { platform } from '../../config/platform';
import { catalogUseCases } from '../../lib/use-cases';
import { clusterPods, pod } from '../helpers/cluster-pods';
import { type Endpoint, NetworkPolicyModel, type PodEndpoint } from '../helpers/network-policy';
import { defaultOutput } from './checks/output';
import { FLOWS, type FlowContext } from './network-flows';

/**
 * The flow tables of network-flows.ts over the default platform's manifests: in every region,
 * each flow a store needs is admitted by both the source's egress and the destination's
 * ingress policies, and each flow that must stay closed is denied.
 */
const all = defaultOutput();
const env = platform.environments[0];
const primary = env.primaryRegion ?? env.regions[0].region;
/** An address inside `cidr` (its tenth host). */
const hostIn = (cidr: string): string => cidr.split('/')[0].replace(/\.0$/, '.10');
const outside = (name: string, ip: string): Endpoint => ({ kind: 'address', name, ip });
const external = (name: string, namespace: string, labels: Record<string, string> = {}): PodEndpoint => ({ kind: 'pod', name, namespace, labels });

function context(useCase: string, region: string): { model: NetworkPolicyModel; c: FlowContext } {
  const chart = (r: string) => all.charts.find((x) => x.name === `${useCase}-${env.name}-${r}`);
  const objects = chart(region)?.objects;
  if (!objects) throw new Error(`no chart ${useCase}-${env.name}-${region}; charts: ${all.charts.map((x) => x.name).join(', ')}`);
  const pods = clusterPods(objects, region, chart(primary)?.objects ?? objects);
  const here = env.regions.find((r) => r.region === region)!;
  const other = env.regions.find((r) => r.region !== region)!;
  const cassandras = pods.filter((p) => p.name.startsWith('Cassandra ')).sort((a, b) => a.name.localeCompare(b.name));
  const c: FlowContext = {
    pod: (name) => pod(pods, name),
    cassandra: (i) => cassandras[i] ?? (() => { throw new Error(`no Cassandra pod ${i} in ${useCase} ${region}`); })(),
    k8ssandraOperator: external('k8ssandra-operator', 'k8ssandra-operator', { 'app.kubernetes.io/name': 'k8ssandra-operator' }),
    eckOperator: external('elastic-operator', 'elastic-system', { 'control-plane': 'elastic-operator' }),
    prometheus: external('prometheus', env.monitoringNamespace ?? 'monitoring', { 'app.kubernetes.io/name': 'prometheus' }),
    kubeDns: external('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }),
    client: (ns) => external(`a pod of ${ns}`, ns, { app: 'client' }),
    otherRegionPod: outside(`a pod of ${other.region}`, hostIn(other.kubernetes.podCidr)),
    otherRegionVpc: outside(`an address of ${other.region}'s VPC`, hostIn(other.kubernetes.vpcCidr)),
    awsEndpoint: outside(`an interface endpoint of ${region}`, hostIn(here.kubernetes.vpcCidr)),
    internet: outside('the internet', '203.0.113.10'),
    controlPlanePod: outside(`a pod of the control plane (${primary})`, hostIn(env.regions.find((r) => r.region === primary)!.kubernetes.podCidr)),
  };
  return { model: new NetworkPolicyModel(objects), c };
}

test('every use case has a flow table', () => {
  expect(catalogUseCases().map((u) => u.name).filter((n) => !FLOWS[n])).toEqual([]);
});

describe.each(Object.keys(FLOWS))('network flows: %s', (useCase) => {
  test.each(env.regions.map((r) => r.region))('%s', (region) => {
    const { model, c } = context(useCase, region);
    const wrong: string[] = [];
    for (const row of FLOWS[useCase]) {
      if (row.regions === 'followers' && region === primary) continue;
      const from = row.from(c);
      const to = row.to(c);
      const verdict = model.evaluate({ from, to, port: row.port, protocol: row.protocol });
      if (verdict.allowed !== row.allowed) {
        wrong.push(`${from.name} → ${to.name} ${row.port}/${row.protocol ?? 'TCP'} must be ${row.allowed ? 'allowed' : 'denied'} (${row.why}): ${verdict.reason}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
