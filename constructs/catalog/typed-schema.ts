import { type Static, type TObject, type TProperties, type TSchema, type TString, type TUnsafe, Type } from '@sinclair/typebox';
import { ALLOWED, DNS1123_LABEL, DNS1123_LABEL_MAX_LENGTH, IMAGE_REFERENCE_PATTERN } from '../platform/grammar';
import { type Limit, limitSchema } from '../platform/limits';
import { CLAIM_KEYWORD, type ClaimKind, ENTRY_REGION_KEYWORD } from './schema';

/**
 * TypeBox builders for the templates' settings schemas: each builds the JSON Schema ajv checks and
 * the TypeScript type of the YAML (`Static<typeof SCHEMA>`), so a template declares its YAML once.
 * Why TypeBox: the catalog is already validated with ajv (strict, all errors); TypeBox emits plain
 * JSON Schema for it and derives the static type, where `JSONSchemaType` would make us write both,
 * and zod would replace ajv and its error paths.
 */
export const t = {
  /** A Kubernetes DNS-1123 label, at most 63 characters. */
  name: (): TString => Type.String({ pattern: DNS1123_LABEL.source, maxLength: DNS1123_LABEL_MAX_LENGTH, description: ALLOWED.label }),
  /** A Kubernetes namespace the service owns alone. */
  namespace: (): TString => Type.String({ pattern: DNS1123_LABEL.source, maxLength: DNS1123_LABEL_MAX_LENGTH, description: ALLOWED.label, [CLAIM_KEYWORD]: 'kubernetes namespace' }),
  /** A name only one service may use (see `CLAIM_KEYWORD`). */
  claimed: (kind: ClaimKind, pattern: string, description: string): TString => Type.String({ pattern, description, [CLAIM_KEYWORD]: kind }),
  /** A container image with a pinned tag or digest. */
  image: (): TString => Type.String({ pattern: IMAGE_REFERENCE_PATTERN, description: ALLOWED.image }),
  /** A number within a store's limits table entry. */
  limit: (l: Limit) => {
    const { type, ...bounds } = limitSchema(l);
    return type === 'integer' ? Type.Integer(bounds) : Type.Number(bounds);
  },
  /** A region of the entry's `regions`. */
  entryRegion: (): TString => Type.String({ minLength: 1, [ENTRY_REGION_KEYWORD]: 'value' }),
  /** A map keyed by regions of the entry's `regions` (plain `additionalProperties`, as the loader reads maps). */
  regionMap: <V extends TSchema>(values: V): TUnsafe<Record<string, Static<V>>> =>
    Type.Unsafe<Record<string, Static<V>>>({ type: 'object', additionalProperties: values, [ENTRY_REGION_KEYWORD]: 'keys' }),
  /** A closed object: unknown fields are errors, never ignored. */
  object: <P extends TProperties>(properties: P): TObject<P> => Type.Object(properties, { additionalProperties: false }),
};
