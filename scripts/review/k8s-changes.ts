import { holdsData } from './stateful';
import type { Change, Risk, UnitReview } from './types';

/** A Kubernetes object as synthesized. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [k: string]: unknown };
  readonly [key: string]: any;
}

/** One field that differs, by path (`spec.nodeSets[data].count`; array items by name where they have one). */
export interface FieldChange {
  readonly path: string;
  readonly action: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The name an array item is known by (`name` or `metadata.name`), if it has one. */
function itemName(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  if (typeof v.name === 'string') return v.name;
  if (isObject(v.metadata) && typeof v.metadata.name === 'string') return v.metadata.name;
  return undefined;
}

/**
 * The fields that differ between two values. Arrays whose items all have names are matched by
 * name, so reordering is no change and a renamed item shows as one removed and one added.
 */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = path ? `${path}.${k}` : k;
      if (!(k in after)) return [{ path: p, action: 'removed' as const, before: before[k] }];
      if (!(k in before)) return [{ path: p, action: 'added' as const, after: after[k] }];
      return diffFields(before[k], after[k], p);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const names = [...before, ...after].map(itemName);
    const byName = names.length > 0 && names.every((n) => n !== undefined) && new Set(before.map(itemName)).size === before.length
      && new Set(after.map(itemName)).size === after.length;
    if (byName) {
      const old = new Map(before.map((v) => [itemName(v)!, v]));
      const neu = new Map(after.map((v) => [itemName(v)!, v]));
      const keys = [...new Set([...old.keys(), ...neu.keys()])];
      return keys.flatMap((k) => {
        const p = `${path}[${k}]`;
        if (!neu.has(k)) return [{ path: p, action: 'removed' as const, before: old.get(k) }];
        if (!old.has(k)) return [{ path: p, action: 'added' as const, after: neu.get(k) }];
        return diffFields(old.get(k), neu.get(k), p);
      });
    }
    if (before.length === after.length && before.every(isObject)) {
      return before.flatMap((v, i) => diffFields(v, after[i], `${path}[${i}]`));
    }
  }
  return [{ path, action: 'changed', before, after }];
}

/** A rule for fields that the API server (or the operator's webhook) will not change in place. */
interface ImmutableRule {
  readonly kind: string;
  /** Whether a changed field path is covered; returns the reason if so. */
  readonly test: (c: FieldChange) => string | undefined;
}

/** StatefulSet spec fields the API server updates in place; any other is forbidden. */
const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

const quantityGi = (q: unknown): number | undefined => {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi)?$/.exec(String(q));
  if (!m) return undefined;
  return Number(m[1]) * { Ki: 2 ** -20, Mi: 2 ** -10, Gi: 1, Ti: 2 ** 10, Pi: 2 ** 20 }[m[2] ?? 'Gi']!;
};

export const IMMUTABLE_RULES: readonly ImmutableRule[] = [
  {
    kind: 'StatefulSet',
    test: (c) => {
      const field = /^spec\.([A-Za-z]+)/.exec(c.path)?.[1];
      if (!field || STATEFULSET_MUTABLE.includes(field)) return undefined;
      return `\`${c.path}\` is immutable on a StatefulSet: apply fails, and recreating it ${field === 'volumeClaimTemplates' ? 'binds new, empty volumes' : 'restarts every pod and can orphan its volumes'}`;
    },
  },
  {
    kind: 'PersistentVolumeClaim',
    test: (c) => {
      if (c.path === 'spec.resources.requests.storage') {
        const [b, a] = [quantityGi(c.before), quantityGi(c.after)];
        return b !== undefined && a !== undefined && a < b ? `\`${c.path}\` shrinks from ${c.before} to ${c.after}: volumes cannot shrink` : undefined;
      }
      return c.path.startsWith('spec.') ? `\`${c.path}\` is immutable on a PersistentVolumeClaim: changing it means a new, empty volume` : undefined;
    },
  },
  {
    kind: 'K8ssandraCluster',
    test: (c) => {
      if (/^spec\.cassandra\.(datacenters\[[^\]]+\]\.)?storageConfig/.test(c.path)) {
        return `\`${c.path}\` changes the Cassandra data volumes, which cass-operator does not change in place`;
      }
      if (/^spec\.cassandra\.datacenters\[[^\]]+\]$/.test(c.path) && c.action === 'removed') {
        return `\`${c.path}\` removed: the datacenter is decommissioned and its volumes deleted`;
      }
      if (/^spec\.cassandra\.datacenters\[[^\]]+\]\.racks\[[^\]]+\]$/.test(c.path) && c.action === 'removed') {
        return `\`${c.path}\` removed: the rack's nodes and their volumes go away`;
      }
      if (c.path === 'spec.cassandra.clusterName') return `\`${c.path}\` changes the cluster name: a new, empty cluster`;
      return undefined;
    },
  },
  {
    kind: 'Elasticsearch',
    test: (c) => {
      if (/^spec\.nodeSets\[[^\]]+\]\.volumeClaimTemplates/.test(c.path)) {
        return `\`${c.path}\` changes the data volumes of a node set, which ECK only resizes in place`;
      }
      if (/^spec\.nodeSets\[[^\]]+\]$/.test(c.path) && c.action === 'removed') {
        return `\`${c.path}\` removed: its nodes and volumes are deleted (after ECK migrates shards, if it can)`;
      }
      if (c.path === 'spec.volumeClaimDeletePolicy') return `\`${c.path}\` changed to ${JSON.stringify(c.after)}`;
      return undefined;
    },
  },
];

/** The group of an apiVersion (`apps` of `apps/v1`, `` of `v1`): an object keeps its identity across versions. */
const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const key = (o: KubeObject) => `${group(o.apiVersion)}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`;
const label = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
const riskId = (chart: string, o: KubeObject) => `${chart}/${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`;

/**
 * Reviews one chart: objects added, removed and changed (with changed field paths), and the
 * changes that put data at risk: deleting an object that holds data, or changing a field the API
 * server or the operator will not update in place.
 */
export function reviewChart(name: string, before: readonly KubeObject[], after: readonly KubeObject[]): UnitReview {
  const old = new Map(before.map((o) => [key(o), o]));
  const neu = new Map(after.map((o) => [key(o), o]));
  const changes: Change[] = [];
  const risks: Risk[] = [];
  for (const [k, o] of old) {
    if (neu.has(k)) continue;
    changes.push({ resource: label(o), type: `${o.apiVersion} ${o.kind}`, action: 'removed', details: [] });
    if (holdsData(o.kind)) {
      risks.push({ id: riskId(name, o), type: o.kind, reason: o.kind === 'Namespace'
        ? 'removed: deleting a namespace deletes everything in it'
        : 'removed: deleting it deletes (or orphans) its data' });
    }
  }
  for (const [k, o] of neu) {
    const prior = old.get(k);
    if (!prior) {
      changes.push({ resource: label(o), type: `${o.apiVersion} ${o.kind}`, action: 'added', details: [] });
      continue;
    }
    const fields = diffFields(prior, o);
    if (fields.length === 0) continue;
    changes.push({
      resource: label(o), type: `${o.apiVersion} ${o.kind}`, action: 'changed',
      details: fields.map((f) => `${f.path} (${f.action})`),
    });
    const rules = IMMUTABLE_RULES.filter((r) => r.kind === o.kind);
    for (const f of fields) {
      for (const r of rules) {
        const reason = r.test(f);
        if (reason) risks.push({ id: riskId(name, o), type: o.kind, reason });
      }
    }
  }
  return { kind: 'chart', name, changes, risks };
}
