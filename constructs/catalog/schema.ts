import { CONSISTENCIES, DATA_MODELS, REPLICATIONS, STORES } from './model';

/** A JSON Schema (draft-07) node. */
export type JsonSchema = Record<string, unknown>;

/**
 * Small builders so each template's settings schema reads like its TypeScript interface. Every
 * object is closed (`additionalProperties: false`): an unknown field is an error, never ignored.
 */
export const s = {
  string: (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', minLength: 1, ...extra }),
  /** kebab-case Kubernetes-style name. */
  name: (): JsonSchema => ({ type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' }),
  integer: (minimum = 0, extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', minimum, ...extra }),
  number: (extra: JsonSchema = {}): JsonSchema => ({ type: 'number', ...extra }),
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
  regions: { ...s.array(s.string({ pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' })), uniqueItems: true },
  requirements: REQUIREMENTS_SCHEMA,
  sla: SLA_SCHEMA,
  environments: { type: 'object', minProperties: 1, additionalProperties: { type: 'object' } },
}, {
  description: s.string(),
  store: s.enum(STORES),
});
