import {
  ALLOWED, AWS_REGION_PATTERN, DNS1123_LABEL, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX_LENGTH, IMAGE_REFERENCE_PATTERN,
  S3_BUCKET_NAME_PATTERN,
} from '../platform/grammar';
import { type Limit, limitSchema } from '../platform/limits';
import { CONSISTENCIES, DATA_MODELS, REPLICATIONS, STORES } from './model';

/** A JSON Schema (draft-07) node. */
export type JsonSchema = Record<string, unknown>;

/**
 * Annotation keyword: the value names something only one service may own (`claim: 'kubernetes namespace'`),
 * in each region of each environment the service runs in. `loadCatalog` refuses two services claiming
 * the same name of the same kind.
 */
export const CLAIM_KEYWORD = 'claim';
/**
 * Annotation keyword: the value (`'value'`) or the keys of a map (`'keys'`) name regions, which must
 * be regions of the entry (`regions`). `loadCatalog` checks it.
 */
export const ENTRY_REGION_KEYWORD = 'entryRegion';

/** What a claim of `kind` names; each becomes a physical name or an object name a second service would collide with. */
export type ClaimKind = 'kubernetes namespace' | 'keyspace' | 'cluster name' | 'cache name' | 'SSM parameter path';

/**
 * Small builders so each template's settings schema reads like its TypeScript interface. Every
 * object is closed (`additionalProperties: false`): an unknown field is an error, never ignored.
 */
export const s = {
  string: (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', minLength: 1, ...extra }),
  /** A Kubernetes DNS-1123 label (namespace, Secret, object names), at most 63 characters. */
  name: (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', pattern: DNS1123_LABEL.source, maxLength: DNS1123_LABEL_MAX_LENGTH, description: ALLOWED.label, ...extra }),
  /** A Kubernetes DNS-1123 subdomain (ConfigMap, StorageClass names, hostnames), at most 253 characters. */
  subdomain: (): JsonSchema => ({ type: 'string', pattern: DNS1123_SUBDOMAIN.source, maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, description: ALLOWED.subdomain }),
  /** A container image with a pinned tag or digest (`grammar.ts`). */
  image: (): JsonSchema => ({ type: 'string', pattern: IMAGE_REFERENCE_PATTERN, description: ALLOWED.image }),
  /** An S3 bucket name (`grammar.ts`). */
  bucketName: (): JsonSchema => ({ type: 'string', pattern: S3_BUCKET_NAME_PATTERN, description: ALLOWED.bucket }),
  /** An AWS region name. */
  region: (): JsonSchema => ({ type: 'string', pattern: AWS_REGION_PATTERN, description: ALLOWED.region }),
  /** A Kubernetes namespace the service owns alone. */
  namespace: (): JsonSchema => s.name({ [CLAIM_KEYWORD]: 'kubernetes namespace' }),
  /** A region of the entry's `regions`. */
  entryRegion: (): JsonSchema => ({ type: 'string', [ENTRY_REGION_KEYWORD]: 'value' }),
  /** A map keyed by regions of the entry's `regions`. */
  regionMap: (values: JsonSchema): JsonSchema => ({ type: 'object', additionalProperties: values, [ENTRY_REGION_KEYWORD]: 'keys' }),
  /** Marks `schema`'s value as a name only one service may use (see `CLAIM_KEYWORD`). */
  claim: (kind: ClaimKind, schema: JsonSchema): JsonSchema => ({ ...schema, [CLAIM_KEYWORD]: kind }),
  integer: (minimum = 0, extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', minimum, ...extra }),
  number: (extra: JsonSchema = {}): JsonSchema => ({ type: 'number', ...extra }),
  /** A number within a store's limits table entry (`constructs/<store>/limits.ts`, also read by the construct). */
  limit: (l: Limit): JsonSchema => limitSchema(l),
  boolean: (): JsonSchema => ({ type: 'boolean' }),
  enum: (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] }),
  array: (items: JsonSchema, minItems = 1): JsonSchema => ({ type: 'array', items, minItems }),
  /** A map with free keys (e.g. region → value). */
  map: (values: JsonSchema): JsonSchema => ({ type: 'object', additionalProperties: values }),
  object: (required: Record<string, JsonSchema>, optional: Record<string, JsonSchema> = {}): JsonSchema => ({
    type: 'object',
    additionalProperties: false,
    required: Object.keys(required),
    properties: { ...required, ...optional },
  }),
};

/** The SLA block (`ServiceLevelObjectives`). */
export const SLA_SCHEMA = s.object({
  latencyP99Ms: s.number({ exclusiveMinimum: 0 }),
  errorRatePercent: s.number({ exclusiveMinimum: 0, exclusiveMaximum: 100 }),
  availabilityPercent: s.number({ exclusiveMinimum: 0, maximum: 100 }),
  capacityHeadroomPercent: s.number({ minimum: 0, exclusiveMaximum: 100 }),
});

/** `requirements` (`Requirements`). */
export const REQUIREMENTS_SCHEMA = s.object({
  dataModel: s.enum(DATA_MODELS),
  latencyP99Ms: s.number({ exclusiveMinimum: 0 }),
  readsPerSecond: s.number({ minimum: 0 }),
  writesPerSecond: s.number({ minimum: 0 }),
  replication: s.enum(REPLICATIONS),
  consistency: s.enum(CONSISTENCIES),
  datasetGiB: s.number({ minimum: 0 }),
  monthlyGrowthPercent: s.number({ minimum: 0, maximum: 100 }),
}, {
  itemSizeBytes: s.integer(1),
  retentionDays: s.integer(1),
  priorities: s.boolean(),
  delayedDelivery: s.boolean(),
});

/** One catalog file, without the template-specific `environments.<env>` settings (checked by the template's schema). */
export const ENTRY_SCHEMA = s.object({
  owner: s.string(),
  regions: { ...s.array(s.region()), uniqueItems: true },
  requirements: REQUIREMENTS_SCHEMA,
  sla: SLA_SCHEMA,
  environments: { type: 'object', minProperties: 1, additionalProperties: { type: 'object' } },
}, {
  description: s.string(),
  store: s.enum(STORES),
});
