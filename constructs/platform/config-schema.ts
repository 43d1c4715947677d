import { type Static, Type } from '@sinclair/typebox';
import type { EnvironmentConfig, KubernetesClusterConfig, PlatformConfig, RegionConfig } from './config';
import {
  ALLOWED, DNS1123_LABEL, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX_LENGTH, LABEL_VALUE, LABEL_VALUE_MAX_LENGTH,
} from './grammar';

/**
 * The JSON Schema of `config/platform.ts` (TypeBox), checked at run time: the configuration may be
 * any module or JSON file (`PLATFORM_CONFIG`), so TypeScript's types alone do not hold it. The
 * cross-field rules (unique regions, zones of the region, CIDRs that do not overlap) are in
 * `environmentProblems`. The `Equal` checks below fail compilation when the schema and the
 * documented interfaces of `config.ts` drift apart.
 */
const subdomain = Type.String({ pattern: DNS1123_SUBDOMAIN.source, maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, description: ALLOWED.subdomain });
const label = Type.String({ pattern: DNS1123_LABEL.source, maxLength: DNS1123_LABEL_MAX_LENGTH, description: ALLOWED.label });
const labelValue = Type.String({ minLength: 1, pattern: LABEL_VALUE.source, maxLength: LABEL_VALUE_MAX_LENGTH, description: ALLOWED.labelValue });
const closed = { additionalProperties: false } as const;

export const KUBERNETES_CLUSTER_SCHEMA = Type.Object({
  // The K8ssandra ClientConfig of a remote cluster carries this name, and Dynomite's ring its cluster id.
  context: subdomain,
  zones: Type.Optional(Type.Array(labelValue)),
  storageClass: subdomain,
  podCidr: Type.String({ minLength: 1 }),
  vpcCidr: Type.String({ minLength: 1 }),
}, closed);

export const REGION_SCHEMA = Type.Object({
  region: Type.String(),
  account: Type.String(),
  availabilityZones: Type.Array(Type.String()),
  kubernetes: KUBERNETES_CLUSTER_SCHEMA,
}, closed);

export const ENVIRONMENT_SCHEMA = Type.Object({
  name: Type.String(),
  production: Type.Boolean(),
  regions: Type.Array(REGION_SCHEMA),
  primaryRegion: Type.Optional(Type.String()),
  prometheusRelease: Type.Optional(labelValue),
  monitoringNamespace: Type.Optional(label),
  runbookBaseUrl: Type.Optional(Type.String({ pattern: '^https://[^\\s]+[^/\\s]$', description: 'an https:// URL without a trailing slash' })),
  // A label key's name part (k8s.io/apimachinery validation.go qualifiedNameFmt, 63 characters).
  grafanaDashboardLabel: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$', maxLength: 63, description: 'a Kubernetes label name' })),
  grafanaDashboardLabelValue: Type.Optional(labelValue),
  grafanaDatasourceUid: Type.Optional(Type.String({ minLength: 1 })),
  // An SNS email subscription's endpoint: one address, no display name.
  alarmEmail: Type.Optional(Type.String({ pattern: '^[^\\s@<>(),;:"\\[\\]]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$', description: 'one email address (name@example.com)' })),
}, closed);

export const PLATFORM_SCHEMA = Type.Object({ environments: Type.Array(ENVIRONMENT_SCHEMA, { minItems: 1 }) }, closed);

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
const agree: [
  Equal<Static<typeof KUBERNETES_CLUSTER_SCHEMA>, Mutable<KubernetesClusterConfig>>,
  Equal<Static<typeof REGION_SCHEMA>, Mutable<RegionConfig>>,
  Equal<Static<typeof ENVIRONMENT_SCHEMA>, Mutable<EnvironmentConfig>>,
  Equal<Static<typeof PLATFORM_SCHEMA>, Mutable<PlatformConfig>>,
] = [true, true, true, true];
void agree;
