import type { Entity } from '@backstage/catalog-model';
import { stringify } from 'yaml';
import type { OutputFile } from '../platform/output-file';
import type { ClusterRecord, Inventory } from './inventory';
import type { CatalogEntry, Store } from './model';

/**
 * Backstage catalog entities for the services of the catalog: per service one `catalog-info.yaml`
 * holding a System, the service's Component and one Resource per cluster (environment × flavor,
 * as the inventory lists them), and one root `Location` listing every service's file, which is
 * what Backstage registers (`catalog.locations` in app-config, or "Register existing component").
 *
 * Annotation names are Backstage's well-known ones (`backstage.io/source-location`,
 * `backstage.io/view-url`, `backstage.io/edit-url`: @backstage/catalog-model's ANNOTATION_*
 * constants and https://backstage.io/docs/features/software-catalog/well-known-annotations).
 */
export interface BackstageOptions {
  /** The repository holding `services/`, e.g. `https://github.com/acme/polyglot-persistence`. */
  readonly repositoryUrl: string;
  /** @default 'main' */
  readonly branch?: string;
  /** Where CI publishes the synth output (cdk.out/capacity, dist/topology), for the report and picture links. */
  readonly artifactsUrl: string;
  /** A region's CloudWatch dashboard (named `<service>-<region>` by `ServiceMonitoring`). */
  dashboardUrl(region: string, dashboardName: string): string;
  /** @default 'default' */
  readonly namespace?: string;
}

/** What one service's entities are made of. */
export interface BackstageService {
  readonly entry: CatalogEntry;
  readonly store: Store;
  /** The service's clusters, from the inventory. */
  readonly clusters: readonly ClusterRecord[];
}

/** Backstage `spec.type` of a store's Resource. */
const RESOURCE_TYPE: Readonly<Record<Store, string>> = {
  evcache: 'cache', elasticsearch: 'search-cluster', cassandra: 'database', graph: 'graph-database', dynomite: 'queue',
};

/** The Resource name of a cluster: `<service>-<flavor>-<environment>`. */
export const clusterEntityName = (r: Pick<ClusterRecord, 'service' | 'flavor' | 'environment'>) => `${r.service}-${r.flavor}-${r.environment}`;

/** The entities of one service: System, Component, one Resource per cluster. */
export function serviceEntities(s: BackstageService, o: BackstageOptions): Entity[] {
  const { entry } = s;
  const namespace = o.namespace ?? 'default';
  const branch = o.branch ?? 'main';
  const file = `${o.repositoryUrl}/blob/${branch}/services/${entry.service}.yaml`;
  const owner = `group:${namespace}/${entry.owner}`;
  const production = s.clusters.some((c) => c.environment === 'prod');
  const regions = [...new Set(s.clusters.flatMap((c) => c.regions))];
  const links = [
    { url: `${o.artifactsUrl}/cdk.out/capacity/${entry.service}.md`, title: 'Capacity, maintenance and failure domains', icon: 'dashboard' },
    { url: `${o.artifactsUrl}/dist/topology/${entry.service}.svg`, title: 'Topology picture' },
    { url: `${o.repositoryUrl}/blob/${branch}/docs/operations.md`, title: 'Runbook: operations and failure domains', icon: 'docs' },
    ...regions.map((region) => ({ url: o.dashboardUrl(region, `${entry.service}-${region}`), title: `CloudWatch dashboard ${region}`, icon: 'dashboard' })),
  ];
  const annotations = {
    'backstage.io/source-location': `url:${o.repositoryUrl}/tree/${branch}/services/`,
    'backstage.io/view-url': file,
    'backstage.io/edit-url': `${o.repositoryUrl}/edit/${branch}/services/${entry.service}.yaml`,
  };
  const system: Entity = {
    apiVersion: 'backstage.io/v1alpha1', kind: 'System',
    metadata: { name: entry.service, namespace, description: entry.description ?? `${entry.service} and its data stores`, annotations },
    spec: { owner },
  };
  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1', kind: 'Component',
    metadata: {
      name: entry.service, namespace, ...(entry.description === undefined ? {} : { description: entry.description }),
      labels: { 'polyglot-persistence/store': s.store, 'polyglot-persistence/data-model': entry.requirements.dataModel },
      annotations, links,
    },
    spec: {
      type: 'service', lifecycle: production ? 'production' : 'experimental', owner, system: `system:${namespace}/${entry.service}`,
      dependsOn: s.clusters.map((c) => `resource:${namespace}/${clusterEntityName(c)}`),
    },
  };
  const resources = s.clusters.map((c): Entity => ({
    apiVersion: 'backstage.io/v1alpha1', kind: 'Resource',
    metadata: {
      name: clusterEntityName(c), namespace,
      title: `${entry.service} ${s.store} (${c.flavor === 'aws' ? 'AWS' : 'Kubernetes'}, ${c.environment})`,
      description: `${s.store} on ${c.flavor === 'aws' ? 'AWS' : 'Kubernetes'} in ${c.regions.join(', ')}: ` +
        Object.entries(c.capacity).map(([r, k]) => `${r} ${k.zones} zones × ${k.nodesPerZone} nodes, RF ${k.replicationFactor}`).join('; ') +
        ` (${c.replication}${c.leaderRegion ? `, leader ${c.leaderRegion}` : ''})`,
      labels: { 'polyglot-persistence/store': s.store, 'polyglot-persistence/flavor': c.flavor, 'polyglot-persistence/environment': c.environment },
      annotations: {
        ...annotations,
        // Where the cluster's metadata record is published (SSM parameter or ConfigMap), per region.
        'polyglot-persistence/cluster-metadata': c.metadata.map((m) => `${m.region}=${m.parameter ?? m.configMap}`).join(','),
      },
      links,
    },
    spec: { type: RESOURCE_TYPE[s.store], owner, system: `system:${namespace}/${entry.service}` },
  }));
  return [system, component, ...resources];
}

/** The root Location that lists every service's `catalog-info.yaml` (relative targets). */
export function catalogLocation(services: readonly string[], o: Pick<BackstageOptions, 'namespace'>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1', kind: 'Location',
    metadata: { name: 'polyglot-persistence-services', namespace: o.namespace ?? 'default', description: 'Every service of the polyglot-persistence catalog' },
    spec: { type: 'url', targets: services.map((s) => `./${s}/catalog-info.yaml`) },
  };
}

/** The services of `inventory` with their entries, sorted by name. */
export function backstageServices(entries: readonly { entry: CatalogEntry; store: Store }[], inventory: Inventory): BackstageService[] {
  return [...entries].sort((a, b) => a.entry.service.localeCompare(b.entry.service))
    .map(({ entry, store }) => ({ entry, store, clusters: inventory.clusters.filter((c) => c.service === entry.service) }));
}

const yamlDocuments = (entities: readonly Entity[]) => entities.map((e) => stringify(e, { lineWidth: 0 })).join('---\n');

/**
 * The catalog's files: `<service>/catalog-info.yaml` per service, then `catalog-info.yaml` (the
 * Location), relative to the catalog folder (`dist/catalog/`).
 */
export function backstageFiles(services: readonly BackstageService[], o: BackstageOptions): OutputFile[] {
  return [
    ...services.map((s) => ({ path: `${s.entry.service}/catalog-info.yaml`, content: yamlDocuments(serviceEntities(s, o)) })),
    { path: 'catalog-info.yaml', content: yamlDocuments([catalogLocation(services.map((s) => s.entry.service), o)]) },
  ];
}
