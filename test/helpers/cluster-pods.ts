import type { KubeObject } from './k8s';
import type { PodEndpoint } from './network-policy';

/**
 * The pods a region's Kubernetes cluster runs for our manifests: those of our workloads (their
 * pod templates' labels) and those the operators create from our custom resources, with the
 * labels the operators give them at the versions we pin (crds/README.md):
 * - cass-operator v1.31.0 (k8ssandra-operator 1.32's go.mod): apis/cassandra/v1beta1/cassandradatacenter_types.go
 *   GetRackLabels (cluster, datacenter, rack), pkg/oplabels/labels.go AddOperatorLabels
 *   (managed-by/created-by cass-operator, name cassandra, instance cassandra-<cluster>, version);
 *   Medusa is a sidecar of these pods (k8ssandra-operator pkg/medusa/reconcile.go).
 * - k8ssandra-operator 9e3d1b51 (release 1.32): pkg/reaper/labels.go, one Reaper per DC named
 *   `<cluster>-<dc>-reaper` (pkg/reaper/resource.go DefaultResourceName), label `k8ssandra.io/reaper`.
 * - ECK 7b93383d8: pkg/controller/elasticsearch/label/label.go NewPodLabels (cluster-name, type,
 *   statefulset-name `<es>-es-<nodeSet>`, version), pkg/controller/kibana/label/label.go NewLabels.
 */
export function clusterPods(objects: readonly KubeObject[], region: string, controlPlaneObjects: readonly KubeObject[] = objects): PodEndpoint[] {
  const pods: PodEndpoint[] = [];
  const template = (o: KubeObject) => (o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template);
  for (const o of objects) {
    if (['StatefulSet', 'Deployment', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind)) {
      const t = template(o);
      const namedPorts = Object.fromEntries((t?.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).filter((p: any) => p.name).map((p: any) => [p.name, p.containerPort])));
      pods.push({ kind: 'pod', name: `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`, namespace: o.metadata.namespace!, labels: t?.metadata?.labels ?? {}, namedPorts });
    }
    if (o.kind === 'Elasticsearch') {
      for (const set of o.spec.nodeSets ?? []) {
        pods.push({
          kind: 'pod', name: `Elasticsearch ${o.metadata.namespace}/${o.metadata.name} ${set.name}`, namespace: o.metadata.namespace!,
          labels: {
            'elasticsearch.k8s.elastic.co/cluster-name': o.metadata.name, 'common.k8s.elastic.co/type': 'elasticsearch',
            'elasticsearch.k8s.elastic.co/statefulset-name': `${o.metadata.name}-es-${set.name}`, 'elasticsearch.k8s.elastic.co/version': o.spec.version,
          },
        });
      }
    }
    if (o.kind === 'Kibana') {
      pods.push({
        kind: 'pod', name: `Kibana ${o.metadata.namespace}/${o.metadata.name}`, namespace: o.metadata.namespace!,
        labels: { 'kibana.k8s.elastic.co/name': o.metadata.name, 'common.k8s.elastic.co/type': 'kibana' },
      });
    }
  }
  // The K8ssandraCluster lives in the control-plane cluster; each region runs its own datacenter's pods.
  for (const k of controlPlaneObjects.filter((o) => o.kind === 'K8ssandraCluster')) {
    const ns = k.metadata.namespace!;
    const cluster = k.spec.cassandra.clusterName ?? k.metadata.name;
    for (const dc of (k.spec.cassandra.datacenters ?? []).filter((d: any) => d.metadata.name === region)) {
      for (const rack of dc.racks ?? []) {
        pods.push({
          kind: 'pod', name: `Cassandra ${ns}/${cluster}-${dc.metadata.name}-${rack.name}`, namespace: ns,
          labels: {
            'cassandra.datastax.com/cluster': cluster, 'cassandra.datastax.com/datacenter': dc.metadata.name, 'cassandra.datastax.com/rack': rack.name,
            'app.kubernetes.io/managed-by': 'cass-operator', 'app.kubernetes.io/created-by': 'cass-operator', 'app.kubernetes.io/name': 'cassandra',
            'app.kubernetes.io/instance': `cassandra-${cluster}`, 'app.kubernetes.io/version': k.spec.cassandra.serverVersion,
          },
        });
      }
      if (k.spec.reaper) {
        pods.push({
          kind: 'pod', name: `Reaper ${ns}/${cluster}-${dc.metadata.name}-reaper`, namespace: ns,
          labels: {
            'app.kubernetes.io/name': 'k8ssandra-operator', 'app.kubernetes.io/part-of': 'k8ssandra', 'app.kubernetes.io/component': 'reaper',
            'app.kubernetes.io/managed-by': 'k8ssandra-operator', 'k8ssandra.io/reaper': `${cluster}-${dc.metadata.name}-reaper`,
            'k8ssandra.io/cluster-name': k.metadata.name, 'k8ssandra.io/cluster-namespace': ns,
          },
        });
      }
    }
  }
  return pods;
}

/** A pod by (part of) its name; throws listing the pods when there is not exactly one. */
export function pod(pods: readonly PodEndpoint[], name: string | RegExp): PodEndpoint {
  const found = pods.filter((p) => (typeof name === 'string' ? p.name.includes(name) : name.test(p.name)));
  if (found.length !== 1) throw new Error(`expected one pod matching ${name}, found ${found.length}: ${pods.map((p) => p.name).join('; ')}`);
  return found[0];
}
