import { type Static, type TArray, type TBoolean, type TObject, type TProperties, type TSchema, type TString, type TUnsafe, Type } from '@sinclair/typebox';
import {
  ALLOWED, AWS_REGION_PATTERN, DNS1123_LABEL, DNS1123_LABEL_MAX_LENGTH, DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX_LENGTH, IMAGE_REFERENCE_PATTERN,
  S3_BUCKET_NAME_PATTERN,
} from '../platform/grammar';
import { type Limit, limitSchema } from '../platform/limits';

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

/** `Static<>` of each alternative of a `oneOf`. */
type StaticOf<A extends readonly TSchema[]> = { [K in keyof A]: Static<A[K]> }[number];

/**
 * TypeBox builders for the templates' settings schemas: each builds the JSON Schema ajv checks and
 * the TypeScript type of the YAML (`Static<typeof SCHEMA>`), so a template declares its YAML once.
 * Why TypeBox: the catalog is already validated with ajv (strict, all errors); TypeBox emits plain
 * JSON Schema for it and derives the static type, where `JSONSchemaType` would make us write both,
 * and zod would replace ajv and its error paths. Numbers are `limit`s only: their bounds live in the
 * store's limits table, which the construct also reads.
 */
export const t = {
  /** A non-empty string, optionally of a pattern. */
  string: (options: { pattern?: string; description?: string } = {}): TString => Type.String({ minLength: 1, ...options }),
  /** A Kubernetes DNS-1123 label, at most 63 characters. */
  name: (): TString => Type.String({ pattern: DNS1123_LABEL.source, maxLength: DNS1123_LABEL_MAX_LENGTH, description: ALLOWED.label }),
  /** A Kubernetes DNS-1123 subdomain (ConfigMap, StorageClass names, hostnames), at most 253 characters. */
  subdomain: (): TString => Type.String({ pattern: DNS1123_SUBDOMAIN.source, maxLength: DNS1123_SUBDOMAIN_MAX_LENGTH, description: ALLOWED.subdomain }),
  /** A Kubernetes namespace the service owns alone. */
  namespace: (): TString => Type.String({ pattern: DNS1123_LABEL.source, maxLength: DNS1123_LABEL_MAX_LENGTH, description: ALLOWED.label, [CLAIM_KEYWORD]: 'kubernetes namespace' }),
  /** A name only one service may use (see `CLAIM_KEYWORD`). */
  claimed: (kind: ClaimKind, pattern: string, description: string): TString => Type.String({ pattern, description, [CLAIM_KEYWORD]: kind }),
  /** A DNS-1123 label only one service may use. */
  claimedName: (kind: ClaimKind): TString => Type.String({ pattern: DNS1123_LABEL.source, maxLength: DNS1123_LABEL_MAX_LENGTH, description: ALLOWED.label, [CLAIM_KEYWORD]: kind }),
  /** A container image with a pinned tag or digest. */
  image: (): TString => Type.String({ pattern: IMAGE_REFERENCE_PATTERN, description: ALLOWED.image }),
  /** An S3 bucket name (`grammar.ts`). */
  bucketName: (): TString => Type.String({ pattern: S3_BUCKET_NAME_PATTERN, description: ALLOWED.bucket }),
  /** An AWS region name. */
  region: (): TString => Type.String({ pattern: AWS_REGION_PATTERN, description: ALLOWED.region }),
  /** A number within a store's limits table entry. */
  limit: (l: Limit) => {
    const { type, ...bounds } = limitSchema(l);
    return type === 'integer' ? Type.Integer(bounds) : Type.Number(bounds);
  },
  boolean: (): TBoolean => Type.Boolean(),
  /** One of `values` (a plain `enum`, so a wrong value's message lists them). */
  enum: <V extends string>(values: readonly V[]): TUnsafe<V> => Type.Unsafe<V>({ type: 'string', enum: [...values] }),
  /** Exactly one of `alternatives` (a plain `oneOf`: the message lists each alternative). */
  oneOf: <A extends readonly TSchema[]>(...alternatives: A): TUnsafe<StaticOf<A>> => Type.Unsafe<StaticOf<A>>({ oneOf: alternatives }),
  /** A non-empty list. */
  list: <V extends TSchema>(items: V): TArray<V> => Type.Array(items, { minItems: 1 }),
  /** A region of the entry's `regions`. */
  entryRegion: (): TString => Type.String({ minLength: 1, [ENTRY_REGION_KEYWORD]: 'value' }),
  /** A map keyed by regions of the entry's `regions` (plain `additionalProperties`, as the loader reads maps). */
  regionMap: <V extends TSchema>(values: V): TUnsafe<Record<string, Static<V>>> =>
    Type.Unsafe<Record<string, Static<V>>>({ type: 'object', additionalProperties: values, [ENTRY_REGION_KEYWORD]: 'keys' }),
  /** A closed object: unknown fields are errors, never ignored. */
  object: <P extends TProperties>(properties: P): TObject<P> => Type.Object(properties, { additionalProperties: false }),
};
