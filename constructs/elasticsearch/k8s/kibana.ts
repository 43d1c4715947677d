import { Construct } from 'constructs';
import { type IPublishedStore, type PublishedStore, serviceDns } from '../../catalog/inventory';
import {
  Kibana as KibanaResource,
  KibanaSpecPodTemplateSpecContainersResourcesLimits as Limits,
  KibanaSpecPodTemplateSpecContainersResourcesRequests as Requests,
} from '../../../imports/kibana.k8s.elastic.co';
import { Problems, show } from '../../platform/errors';
import { limitProblems } from '../../platform/limits';
import { ELASTICSEARCH_LIMITS } from '../limits';
import { StoreNetworkPolicy } from '../../platform/k8s/network-policy';
import { RUNTIME_DEFAULT_SECCOMP } from '../../platform/k8s/security-context';
import type { ElasticsearchCluster } from './elasticsearch-cluster';

export const KIBANA_PORT = 5601;

export interface KibanaProps {
  /** The Elasticsearch this Kibana serves; same namespace and version. */
  readonly cluster: ElasticsearchCluster;
  /**
   * @default - `<cluster name>`
   */
  readonly name?: string;
  /**
   * Kibana instances, spread over the cluster's zones.
   *
   * @default 2
   */
  readonly instances?: number;
  /**
   * Memory request = limit per instance, in MiB.
   *
   * @default 2048
   */
  readonly memoryMiB?: number;
  /**
   * Namespaces whose pods may open Kibana (e.g. the ingress controller's).
   *
   * @default - the cluster's own namespace
   */
  readonly clientNamespaces?: string[];
}

/**
 * Kibana for the interactive dashboards, connected to the Elasticsearch by `elasticsearchRef`
 * (ECK wires credentials and the CA), HTTPS with ECK's self-signed certificate, spread across
 * zones, reachable only from the listed namespaces.
 */
export class Kibana extends Construct implements IPublishedStore {
  public readonly name: string;
  /** The HTTPS Service ECK creates: `<name>-kb-http`. */
  public readonly httpServiceName: string;
  public readonly port = KIBANA_PORT;
  /** ECK's `-kb-http` Service; no placement of its own and no exporter. */
  public readonly published: PublishedStore;

  constructor(scope: Construct, id: string, props: KibanaProps) {
    super(scope, id);
    const c = props.cluster;
    const name = props.name ?? c.name;
    const instances = props.instances ?? 2;
    const memoryMiB = props.memoryMiB ?? 2048;
    const p = new Problems();
    p.merge(limitProblems('instances', instances, ELASTICSEARCH_LIMITS.kibanaInstances));
    p.check(Number.isInteger(memoryMiB) && memoryMiB >= 1024, () => `\`memoryMiB\` must be an integer >= 1024, got ${show(memoryMiB)}`);
    p.throwIfAny(this);
    this.name = name;
    this.httpServiceName = `${name}-kb-http`;
    this.published = { endpoints: [{ dns: serviceDns(this.httpServiceName, c.namespace), ports: [KIBANA_PORT], createdBy: `Kibana/${name}` }], metrics: [] };
    const labels = { 'kibana.k8s.elastic.co/name': name };

    // Typed from the vendored CRD (imports/, npm run import-crds): a wrong field does not compile.
    new KibanaResource(this, 'Resource', {
      metadata: { name, namespace: c.namespace },
      spec: {
        version: c.version.version,
        count: instances,
        elasticsearchRef: { name: c.name },
        podTemplate: {
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, ...RUNTIME_DEFAULT_SECCOMP },
            topologySpreadConstraints: [{
              maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: labels },
            }],
            containers: [{
              name: 'kibana',
              resources: {
                requests: { cpu: Requests.fromString('500m'), memory: Requests.fromString(`${memoryMiB}Mi`) },
                limits: { memory: Limits.fromString(`${memoryMiB}Mi`) },
              },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            }],
          },
        },
      },
    });
    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name: `${name}-kibana`, namespace: c.namespace, podLabels: labels,
      rules: [{ name: 'https', ports: [KIBANA_PORT], fromNamespaces: [...new Set([...(props.clientNamespaces ?? [c.namespace]), c.namespace])] }],
    });
  }
}
