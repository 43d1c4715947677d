import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { KubeObject } from '../../helpers/k8s';
import { DATA_HOLDING_KINDS, STATEFUL_CFN_TYPES } from '../../../scripts/review/stateful';
import type { SynthesizedOutput, Template } from './output';
import { objectId } from './output';

/**
 * The identity of everything that holds data: what, if it changed, would make CloudFormation or
 * an operator create a new resource and drop the old one.
 *
 * - A CloudFormation resource: its logical id (a new id is a new resource) and the values of its
 *   properties that AWS's resource specification marks `causesReplacement: yes` (KeyspaceName,
 *   DomainName, ClusterName, ...), read from @aws-cdk/aws-service-spec, the database
 *   `@aws-cdk/cloudformation-diff` uses for its replacement verdicts.
 * - A Kubernetes object of a data-holding kind: `Kind namespace/name` and the fields that name its
 *   volumes or its members (StatefulSet serviceName, selector and volumeClaimTemplates; the
 *   K8ssandraCluster's cluster and datacenter names and racks; an Elasticsearch's nodeSets and
 *   their claim templates). Renaming any of them gives new, empty volumes.
 */
export type Identities = Record<string, Record<string, unknown>>;

let replacing: Map<string, string[]> | undefined;
/** Properties of `type` whose change replaces the resource (spec: `causesReplacement: 'yes'`). */
function replacingProperties(type: string): string[] {
  replacing ??= new Map();
  let props = replacing.get(type);
  if (!props) {
    const db = specDb();
    const [resource] = db.lookup('resource', 'cloudFormationType', 'equals', type);
    if (!resource) throw new Error(`${type} is not in @aws-cdk/aws-service-spec`);
    props = Object.entries(resource.properties).filter(([, p]) => p.causesReplacement === 'yes').map(([k]) => k).sort();
    replacing.set(type, props);
  }
  return props;
}

let db: ReturnType<typeof loadAwsServiceSpecSync> | undefined;
function specDb() {
  db ??= loadAwsServiceSpecSync();
  return db;
}

export function cfnIdentities(template: Template): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(template.Resources ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (!STATEFUL_CFN_TYPES.includes(r.Type)) continue;
    const props: Record<string, unknown> = {};
    for (const p of replacingProperties(r.Type)) if (r.Properties?.[p] !== undefined) props[p] = r.Properties[p];
    out[id] = { type: r.Type, ...props };
  }
  return out;
}

function claimNames(templates: unknown): unknown {
  return Array.isArray(templates) ? templates.map((t: any) => ({ name: t.metadata?.name, storageClassName: t.spec?.storageClassName })) : undefined;
}

export function k8sIdentity(o: KubeObject): unknown {
  const spec = (o as any).spec ?? {};
  switch (o.kind) {
    case 'StatefulSet':
      return { serviceName: spec.serviceName, selector: spec.selector, volumeClaimTemplates: claimNames(spec.volumeClaimTemplates) };
    case 'K8ssandraCluster':
      return {
        clusterName: spec.cassandra?.clusterName,
        datacenters: (spec.cassandra?.datacenters ?? []).map((dc: any) => ({
          name: dc.metadata?.name, k8sContext: dc.k8sContext, racks: (dc.racks ?? []).map((r: any) => r.name),
          storageClassName: dc.storageConfig?.cassandraDataVolumeClaimSpec?.storageClassName,
        })),
      };
    case 'Elasticsearch':
      return { nodeSets: (spec.nodeSets ?? []).map((n: any) => ({ name: n.name, volumeClaimTemplates: claimNames(n.volumeClaimTemplates) })) };
    default:
      return {};
  }
}

export function k8sIdentities(objects: readonly KubeObject[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of [...objects].sort((a, b) => objectId(a).localeCompare(objectId(b)))) {
    if (DATA_HOLDING_KINDS.includes(o.kind)) out[objectId(o)] = k8sIdentity(o);
  }
  return out;
}

/** Every stack's and chart's stateful identities, by output file. */
export function identitiesOf(output: SynthesizedOutput): Identities {
  const out: Identities = {};
  for (const s of output.stacks) {
    const ids = cfnIdentities(s.template);
    if (Object.keys(ids).length > 0) out[`${s.name}.template.json`] = ids;
  }
  for (const c of output.charts) {
    const ids = k8sIdentities(c.objects);
    if (Object.keys(ids).length > 0) out[`${c.name}.k8s.yaml`] = ids;
  }
  return out;
}

/** One line per pinned identity that is gone or changed, and per stateful resource not pinned. */
export function identityProblems(pinned: Identities, now: Identities): string[] {
  const problems: string[] = [];
  const text = (v: unknown) => JSON.stringify(v);
  for (const [file, ids] of Object.entries(pinned)) {
    for (const [id, identity] of Object.entries(ids)) {
      const current = now[file]?.[id];
      if (current === undefined) problems.push(`${file}: ${id} is gone (deleting it deletes its data): was ${text(identity)}`);
      else if (text(current) !== text(identity)) problems.push(`${file}: ${id} would be replaced: ${text(identity)} → ${text(current)}`);
    }
  }
  for (const [file, ids] of Object.entries(now)) {
    for (const id of Object.keys(ids)) {
      if (pinned[file]?.[id] === undefined) problems.push(`${file}: ${id} holds data but is not pinned: ${text(ids[id])}`);
    }
  }
  return problems;
}
