import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { type Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { processMemo } from '../../bin/process-memo';

/** A Kubernetes object as synthesized. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [key: string]: any;
}

export function synthChart(chart: Chart): KubeObject[] {
  return Testing.synth(chart) as KubeObject[];
}

export function findObject(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${found.length}`);
  return found[0];
}

// Vendored in the repository with their provenance (crds/README.md).
const CRD_DIR = join(__dirname, '..', '..', 'crds');
/** CRD file per custom resource group/kind: only the CRDs a test meets are parsed and compiled. */
const CRD_FILES: Record<string, string> = {
  'k8ssandra.io/K8ssandraCluster': 'k8ssandra.io_k8ssandraclusters.yaml',
  'medusa.k8ssandra.io/MedusaBackupSchedule': 'medusa.k8ssandra.io_medusabackupschedules.yaml',
  'reaper.k8ssandra.io/Reaper': 'reaper.k8ssandra.io_reapers.yaml',
  'elasticsearch.k8s.elastic.co/Elasticsearch': 'elasticsearch.k8s.elastic.co_elasticsearches.yaml',
  'kibana.k8s.elastic.co/Kibana': 'kibana.k8s.elastic.co_kibanas.yaml',
  'cert-manager.io/Certificate': 'cert-manager.io_certificates.yaml',
  'cert-manager.io/Issuer': 'cert-manager.io_issuers.yaml',
  'cert-manager.io/ClusterIssuer': 'cert-manager.io_clusterissuers.yaml',
};

/**
 * Makes a CRD schema reject fields it does not declare, as the API server's strict field
 * validation does (without it the server prunes them silently).
 */
function closeSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closeSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, closeSchema(pv)])) : closeSchema(v);
  }
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

// Compiled once per jest worker, not once per test file: the K8ssandra and ECK schemas are large.
const { ajv, validators: crdValidators } = processMemo('crd-validators', () => ({
  ajv: new Ajv({ strict: false, allErrors: true, validateFormats: false }),
  validators: new Map<string, ValidateFunction | undefined>(),
}));

/** The validator of a custom resource's apiVersion/kind, or undefined for kinds that are not CRDs here. */
export function crdValidator(apiVersion: string, kind: string): ValidateFunction | undefined {
  const key = `${apiVersion}/${kind}`;
  if (crdValidators.has(key)) return crdValidators.get(key);
  const [group, version] = apiVersion.split('/');
  const file = CRD_FILES[`${group}/${kind}`];
  let validator: ValidateFunction | undefined;
  if (file) {
    const crd = parse(readFileSync(join(CRD_DIR, file), 'utf8'));
    const v = crd.spec.versions.find((x: { name: string }) => x.name === version);
    if (!v) throw new Error(`CRD ${file} has no version ${version}`);
    const schema = closeSchema(v.schema.openAPIV3Schema);
    // metadata is checked by the API server itself.
    schema.properties.metadata = { type: 'object' };
    validator = ajv.compile(schema);
  }
  crdValidators.set(key, validator);
  return validator;
}

/** kubernetes-models module of a core kind, e.g. `apps/v1` StatefulSet → kubernetes-models/apps/v1/StatefulSet. */
function coreModel(apiVersion: string, kind: string): any {
  const path = apiVersion === 'monitoring.coreos.com/v1'
    ? `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`
    : `kubernetes-models/${apiVersion}/${kind}`;
  try {
    return require(path)[kind];
  } catch {
    return undefined;
  }
}

/**
 * Validates objects against their schema: core and prometheus-operator kinds with
 * kubernetes-models, custom resources against the CRDs vendored in crds/ with unknown fields
 * rejected. Returns one message per problem; an object of a kind with no schema is a problem.
 */
export function validateObjects(objects: KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const id = `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    const crd = crdValidator(o.apiVersion, o.kind);
    if (crd) {
      if (!crd(o)) problems.push(...crd.errors!.map((e) => `${id}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
      continue;
    }
    const Model = coreModel(o.apiVersion, o.kind);
    if (!Model) {
      problems.push(`${id}: no schema for ${o.apiVersion} ${o.kind}`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (e) {
      problems.push(`${id}: ${(e as Error).message}`);
    }
  }
  return problems;
}
