import { Type } from '@sinclair/typebox';
import { REQUIREMENT_LIMITS, SLA_LIMITS } from '../platform/limits';
import { CONSISTENCIES, DATA_MODELS, REPLICATIONS, STORES } from './model';
import { t } from './typed-schema';

/** The annotation keywords live beside the builders; re-exported for the loader and tools. */
export { CLAIM_KEYWORD, type ClaimKind, ENTRY_REGION_KEYWORD, type JsonSchema } from './typed-schema';

/** The SLA block (`ServiceLevelObjectives`); bounds from `SLA_LIMITS`, which `slaProblems` also reads. */
export const SLA_SCHEMA = t.object({
  latencyP99Ms: t.limit(SLA_LIMITS.latencyP99Ms),
  errorRatePercent: t.limit(SLA_LIMITS.errorRatePercent),
  availabilityPercent: t.limit(SLA_LIMITS.availabilityPercent),
  capacityHeadroomPercent: t.limit(SLA_LIMITS.capacityHeadroomPercent),
});

const R = REQUIREMENT_LIMITS;
/** `requirements` (`Requirements`); bounds from `REQUIREMENT_LIMITS`. */
export const REQUIREMENTS_SCHEMA = t.object({
  dataModel: t.enum(DATA_MODELS),
  latencyP99Ms: t.limit(R.latencyP99Ms),
  readsPerSecond: t.limit(R.perSecond),
  writesPerSecond: t.limit(R.perSecond),
  replication: t.enum(REPLICATIONS),
  consistency: t.enum(CONSISTENCIES),
  datasetGiB: t.limit(R.datasetGiB),
  monthlyGrowthPercent: t.limit(R.monthlyGrowthPercent),
  itemSizeBytes: Type.Optional(t.limit(R.itemSizeBytes)),
  retentionDays: Type.Optional(t.limit(R.retentionDays)),
  priorities: Type.Optional(t.boolean()),
  delayedDelivery: Type.Optional(t.boolean()),
});

/** One catalog file, without the template-specific `environments.<env>` settings (checked by the template's schema). */
export const ENTRY_SCHEMA = t.object({
  owner: t.string(),
  regions: Type.Array(t.region(), { minItems: 1, uniqueItems: true }),
  requirements: REQUIREMENTS_SCHEMA,
  sla: SLA_SCHEMA,
  environments: Type.Unsafe<Record<string, object>>({ type: 'object', minProperties: 1, additionalProperties: { type: 'object' } }),
  description: Type.Optional(t.string()),
  store: Type.Optional(t.enum(STORES)),
});
