import type { Endpoint, PodEndpoint } from '../helpers/network-policy';

/**
 * The connections each store needs (allowed: true) and connections that must stay closed
 * (allowed: false), per use case, evaluated over the synthesized NetworkPolicies of every
 * region (network-flows.test.ts). Each row says why and where its port comes from; pinned
 * versions are those of crds/README.md: cass-operator v1.31.0, k8ssandra-operator 9e3d1b51
 * (release 1.32), ECK 7b93383d8.
 */

/** What a row can name, resolved per use case and region. */
export interface FlowContext {
  /** The one pod whose name contains `name` (test/helpers/cluster-pods.ts names them). */
  pod(name: string | RegExp): PodEndpoint;
  /** The Cassandra pod of the region's `i`-th rack. */
  cassandra(i: number): PodEndpoint;
  /** A pod of the k8ssandra-operator namespace (k8ssandra-operator and cass-operator run there: its control-plane kustomization). */
  readonly k8ssandraOperator: PodEndpoint;
  /** A pod of ECK's namespace (`operator-namespace: elastic-system`, config/eck.yaml). */
  readonly eckOperator: PodEndpoint;
  /** Prometheus, in the environment's monitoring namespace. */
  readonly prometheus: PodEndpoint;
  /** kube-dns (kube-system, `k8s-app: kube-dns`). */
  readonly kubeDns: PodEndpoint;
  /** A pod of namespace `ns` with labels no policy names. */
  client(ns: string): PodEndpoint;
  /** A pod of another region's cluster, seen here by its pod IP (an address in that region's podCidr). */
  readonly otherRegionPod: Endpoint;
  /** An address in another region's VPC (its internal transport load balancer). */
  readonly otherRegionVpc: Endpoint;
  /** An interface VPC endpoint of this region (S3, KMS, STS), an address in its vpcCidr. */
  readonly awsEndpoint: Endpoint;
  /** An address on the internet. */
  readonly internet: Endpoint;
  /** A pod of the control-plane cluster (the primary region), seen from another region by its pod IP. */
  readonly controlPlanePod: Endpoint;
}

export interface FlowRow {
  readonly from: (c: FlowContext) => Endpoint;
  readonly to: (c: FlowContext) => Endpoint;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
  readonly allowed: boolean;
  /** Why the flow must be open (or closed), and where its port comes from. */
  readonly why: string;
  /** Regions the row applies to: all, or all but the primary (ES followers, K8ssandra data planes). @default 'all' */
  readonly regions?: 'all' | 'followers';
}

const CASS = 'cass-operator v1.31.0 GetContainerPorts (apis/cassandra/v1beta1/cassandradatacenter_types.go)';

/** Every store: DNS, and no way out to the internet. */
function baseline(pod: (c: FlowContext) => PodEndpoint): FlowRow[] {
  return [
    { from: pod, to: (c) => c.kubeDns, port: 53, protocol: 'UDP', allowed: true, why: 'DNS (coredns.yaml.base: 53/UDP)' },
    { from: pod, to: (c) => c.kubeDns, port: 53, allowed: true, why: 'DNS over TCP for large answers (53/TCP)' },
    { from: pod, to: (c) => c.internet, port: 443, allowed: false, why: 'no egress to the internet' },
    { from: pod, to: (c) => c.internet, port: 53, protocol: 'UDP', allowed: false, why: 'DNS only through kube-dns' },
  ];
}

/** A K8ssandraCluster's datacenter with Reaper and Medusa; `clientNamespaces` open CQL. */
function cassandra(clientNamespaces: string[]): FlowRow[] {
  const reaper = (c: FlowContext) => c.pod('Reaper');
  const cass = (c: FlowContext) => c.cassandra(0);
  return [
    ...baseline(cass),
    ...baseline(reaper),
    ...clientNamespaces.map((ns): FlowRow => ({ from: (c) => c.client(ns), to: cass, port: 9042, allowed: true, why: `CQL from the client namespace ${ns} (${CASS}: native 9042)` })),
    { from: (c) => c.client('default'), to: cass, port: 9042, allowed: false, why: 'CQL from an unrelated namespace' },
    { from: (c) => c.cassandra(0), to: (c) => c.cassandra(1), port: 7001, allowed: true, why: `internode TLS between racks (${CASS}: tls-internode 7001)` },
    { from: (c) => c.cassandra(1), to: (c) => c.cassandra(0), port: 7000, allowed: true, why: `internode between racks (${CASS}: internode 7000)` },
    { from: (c) => c.otherRegionPod, to: cass, port: 7001, allowed: true, why: 'internode from the other regions\' datacenters (their pod CIDR)' },
    { from: cass, to: (c) => c.otherRegionPod, port: 7001, allowed: true, why: 'internode to the other regions\' datacenters' },
    { from: (c) => c.otherRegionPod, to: cass, port: 9042, allowed: false, why: 'no CQL across regions: clients use their local DC' },
    { from: cass, to: (c) => c.otherRegionPod, port: 7199, allowed: false, why: 'no JMX across regions' },
    { from: (c) => c.k8ssandraOperator, to: cass, port: 8080, allowed: true, why: `cass-operator calls the management API (${CASS}: mgmt-api-http 8080)` },
    { from: (c) => c.controlPlanePod, to: cass, port: 8080, allowed: true, regions: 'followers', why: 'the control plane\'s K8ssandraCluster controller calls remote DCs\' management API by pod IP (controllers/k8ssandra/schemas.go)' },
    { from: (c) => c.controlPlanePod, to: cass, port: 50051, allowed: false, regions: 'followers', why: 'Medusa is driven by each cluster\'s own operator (Medusa controllers run in every plane, main.go)' },
    { from: (c) => c.k8ssandraOperator, to: cass, port: 50051, allowed: true, why: 'the operator calls Medusa\'s gRPC sidecar (k8ssandra-operator pkg/medusa/reconcile.go DefaultMedusaPort)' },
    { from: reaper, to: cass, port: 7199, allowed: true, why: `Reaper repairs over JMX (${CASS}: jmx 7199; no httpManagement)` },
    { from: reaper, to: cass, port: 9042, allowed: true, why: 'Reaper keeps its state in the cluster (pkg/reaper/deployment.go REAPER_CASS_CONTACT_POINTS port 9042)' },
    { from: (c) => c.k8ssandraOperator, to: reaper, port: 8080, allowed: true, why: 'the operator registers the cluster with Reaper (pkg/reaper/manager.go: <service>:8080)' },
    { from: (c) => c.client('default'), to: reaper, port: 8080, allowed: false, why: 'Reaper\'s REST API only for the operator' },
    { from: (c) => c.client(clientNamespaces[0]), to: cass, port: 7199, allowed: false, why: 'JMX only for Reaper, not for other pods of the namespace' },
    { from: (c) => c.prometheus, to: cass, port: 9103, allowed: true, why: `Prometheus scrapes MCAC (${CASS}: prometheus 9103)` },
    { from: (c) => c.prometheus, to: cass, port: 7199, allowed: false, why: 'monitoring gets metrics only' },
    { from: cass, to: (c) => c.awsEndpoint, port: 443, allowed: true, why: 'Medusa writes backups to S3, uses KMS and STS (IRSA) through the VPC\'s endpoints' },
    { from: cass, to: (c) => c.awsEndpoint, port: 80, allowed: false, why: 'AWS endpoints over HTTPS only' },
    { from: reaper, to: (c) => c.awsEndpoint, port: 443, allowed: false, why: 'only Cassandra pods (Medusa) call AWS' },
  ];
}

/** An ECK Elasticsearch with its exporter; `clientNamespaces` open HTTP. */
function elasticsearch(name: string, clientNamespaces: string[]): FlowRow[] {
  const data = (c: FlowContext) => c.pod(`Elasticsearch ${name.split('/')[0]}/${name.split('/')[1]} data`);
  const master = (c: FlowContext) => c.pod(`Elasticsearch ${name.split('/')[0]}/${name.split('/')[1]} masters`);
  const exporter = (c: FlowContext) => c.pod(`Deployment ${name}-exporter`);
  const ES = 'ECK pkg/controller/elasticsearch/network/ports.go';
  return [
    ...baseline(data),
    ...baseline(exporter),
    ...clientNamespaces.map((ns): FlowRow => ({ from: (c) => c.client(ns), to: data, port: 9200, allowed: true, why: `HTTP from the client namespace ${ns} (${ES}: HTTPPort 9200)` })),
    { from: (c) => c.client('default'), to: data, port: 9200, allowed: false, why: 'HTTP from an unrelated namespace' },
    { from: (c) => c.eckOperator, to: data, port: 9200, allowed: true, why: 'ECK manages the cluster through its HTTP API' },
    { from: exporter, to: data, port: 9200, allowed: true, why: 'elasticsearch_exporter reads cluster stats over HTTP' },
    { from: (c) => c.prometheus, to: exporter, port: 9114, allowed: true, why: 'Prometheus scrapes elasticsearch_exporter (9114, its --web.listen-address default)' },
    { from: (c) => c.prometheus, to: data, port: 9200, allowed: false, why: 'monitoring reads the exporter, not the cluster' },
    { from: master, to: data, port: 9300, allowed: true, why: `transport between nodes (${ES}: TransportPort 9300)` },
    { from: data, to: master, port: 9300, allowed: true, why: 'transport between nodes' },
    { from: (c) => c.client('default'), to: data, port: 9300, allowed: false, why: 'transport only for the cluster\'s nodes and remote clusters' },
    { from: (c) => c.otherRegionPod, to: data, port: 9300, allowed: true, why: 'remote clusters of other regions (CCR) through the internal NLB, client IP preserved' },
    { from: data, to: (c) => c.otherRegionVpc, port: 9300, allowed: true, regions: 'followers', why: 'a follower reaches the leader\'s transport load balancer (proxy mode)' },
    { from: data, to: (c) => c.otherRegionVpc, port: 9200, allowed: false, why: 'no HTTP across regions' },
  ];
}

/** Flow tables per use case (lib/use-cases.ts names). Namespaces from services/<use case>.yaml. */
export const FLOWS: Readonly<Record<string, readonly FlowRow[]>> = {
  'viewing-history': cassandra(['viewing-history']),
  'event-sourced': [
    ...cassandra(['event-store', 'event-sourced']),
    { from: (c) => c.pod('Job event-store/event-store-schema'), to: (c) => c.cassandra(0), port: 9042, allowed: true, why: 'the CQL migration Job applies the schema' },
  ],
  'digital-assets': [
    ...cassandra(['digital-assets']),
    ...elasticsearch('digital-assets/digital-assets-index', ['digital-assets']),
    ...baseline((c) => c.pod('Deployment digital-assets/digital-assets-janusgraph')),
    { from: (c) => c.pod('Deployment digital-assets/digital-assets-janusgraph'), to: (c) => c.cassandra(0), port: 9042, allowed: true, why: 'JanusGraph\'s storage backend (CQL 9042)' },
    { from: (c) => c.pod('Deployment digital-assets/digital-assets-janusgraph'), to: (c) => c.pod('Elasticsearch digital-assets/digital-assets-index data'), port: 9200, allowed: true, why: 'JanusGraph\'s index backend (ES HTTP 9200)' },
    { from: (c) => c.client('digital-assets-service'), to: (c) => c.pod('Deployment digital-assets/digital-assets-janusgraph'), port: 8182, allowed: true, why: 'Gremlin clients (Gremlin Server 8182)' },
    { from: (c) => c.client('default'), to: (c) => c.pod('Deployment digital-assets/digital-assets-janusgraph'), port: 8182, allowed: false, why: 'Gremlin from an unrelated namespace' },
    { from: (c) => c.client('digital-assets-service'), to: (c) => c.cassandra(0), port: 9042, allowed: false, why: 'graph clients go through JanusGraph, not to its storage' },
    { from: (c) => c.prometheus, to: (c) => c.pod('Deployment digital-assets/digital-assets-janusgraph'), port: 9404, allowed: true, why: 'Prometheus scrapes the JMX exporter sidecar (9404)' },
  ],
  'playback-manifest': [
    ...elasticsearch('playback-manifest/playback-manifest', ['playback-manifest-service', 'playback-manifest']),
    { from: (c) => c.pod('Kibana'), to: (c) => c.pod('Elasticsearch playback-manifest/playback-manifest data'), port: 9200, allowed: true, why: 'Kibana queries Elasticsearch' },
    { from: (c) => c.client('playback-manifest'), to: (c) => c.pod('Kibana'), port: 5601, allowed: true, why: 'Kibana for the namespace (ECK kibana/network/ports.go HTTPPort 5601)' },
    { from: (c) => c.client('default'), to: (c) => c.pod('Kibana'), port: 5601, allowed: false, why: 'Kibana from an unrelated namespace' },
  ],
  'cdn-url': [
    ...baseline((c) => c.pod(/StatefulSet cdn-url-cache\/cdn-url-.*a$/)),
    { from: (c) => c.client('cdn-url'), to: (c) => c.pod(/StatefulSet cdn-url-cache\/cdn-url-.*a$/), port: 11211, allowed: true, why: 'EVCache clients (memcached 11211)' },
    { from: (c) => c.client('default'), to: (c) => c.pod(/StatefulSet cdn-url-cache\/cdn-url-.*a$/), port: 11211, allowed: false, why: 'memcached from an unrelated namespace' },
    { from: (c) => c.prometheus, to: (c) => c.pod(/StatefulSet cdn-url-cache\/cdn-url-.*a$/), port: 9150, allowed: true, why: 'Prometheus scrapes memcached_exporter (9150)' },
    { from: (c) => c.otherRegionPod, to: (c) => c.pod(/StatefulSet cdn-url-cache\/cdn-url-.*a$/), port: 11211, allowed: false, why: 'cross-region replication is client-driven (Kafka/SQS), not server to server' },
  ],
  'delayed-queues': [
    ...baseline((c) => c.pod(/StatefulSet delayed-queues\/queues-.*a$/)),
    { from: (c) => c.client('queue-consumers'), to: (c) => c.pod(/queues-.*a$/), port: 8102, allowed: true, why: 'dyno-queues clients (Dynomite client port 8102, ring.ts)' },
    { from: (c) => c.client('default'), to: (c) => c.pod(/queues-.*a$/), port: 8102, allowed: false, why: 'Dynomite from an unrelated namespace' },
    // The default encryption is ALL: every peer connection goes through the stunnel sidecars
    // (DYNOMITE_PEER_TLS_PORT 8443, ring.ts), and dynomite's own peer port 8101 listens on 127.0.0.1.
    { from: (c) => c.pod(/queues-.*a$/), to: (c) => c.pod(/queues-.*b$/), port: 8443, allowed: true, why: 'replication between racks, over the mutual-TLS tunnel (8443, ring.ts)' },
    { from: (c) => c.otherRegionPod, to: (c) => c.pod(/queues-.*a$/), port: 8443, allowed: true, why: 'replication from the other regions\' datacenters, over the tunnel' },
    { from: (c) => c.pod(/queues-.*a$/), to: (c) => c.otherRegionPod, port: 8443, allowed: true, why: 'replication to the other regions\' datacenters (seeds are their pod IPs, ring.ts peerHost), over the tunnel' },
    { from: (c) => c.otherRegionPod, to: (c) => c.pod(/queues-.*a$/), port: 8101, allowed: false, why: 'no plaintext peer traffic across regions' },
    { from: (c) => c.pod(/queues-.*a$/), to: (c) => c.pod(/queues-.*b$/), port: 8101, allowed: false, why: 'with ALL, no plaintext peer traffic between racks either' },
    { from: (c) => c.otherRegionPod, to: (c) => c.pod(/queues-.*a$/), port: 8102, allowed: false, why: 'clients use their own region' },
    { from: (c) => c.prometheus, to: (c) => c.pod(/queues-.*a$/), port: 9121, allowed: true, why: 'Prometheus scrapes redis_exporter (9121)' },
  ],
};
