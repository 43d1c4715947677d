import { existsSync, readFileSync } from 'node:fs';
import type { Risk } from './types';

/** A data risk a reviewer has accepted: the risk's id and why it is fine. */
export interface Acknowledgement {
  readonly id: string;
  readonly reason: string;
  /** Where it came from: the file's path or `--acknowledge`. */
  readonly source: string;
}

/**
 * Parses an acknowledgement file: `{ "acknowledged": [ { "id": "...", "reason": "..." } ] }`.
 * Throws an Error naming the file and the field for anything else: an acknowledgement without a
 * reason is not one.
 */
export function parseAcknowledgements(text: string, source: string): Acknowledgement[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON: ${(e as Error).message}`);
  }
  const list = (data as { acknowledged?: unknown } | null)?.acknowledged;
  if (typeof data !== 'object' || data === null || !Array.isArray(list)) {
    throw new Error(`${source}: \`acknowledged\` must be an array of { "id", "reason" }`);
  }
  return list.map((a, i) => {
    const item = a as { id?: unknown; reason?: unknown };
    if (typeof item?.id !== 'string' || item.id.trim() === '') {
      throw new Error(`${source}: \`acknowledged[${i}].id\` must be a non-empty string naming a risk (e.g. 'Stack/LogicalId'), got ${JSON.stringify(item?.id)}`);
    }
    if (typeof item.reason !== 'string' || item.reason.trim().length < 10) {
      throw new Error(`${source}: \`acknowledged[${i}].reason\` must say why losing this data is fine (at least 10 characters), got ${JSON.stringify(item.reason)}`);
    }
    return { id: item.id, reason: item.reason, source };
  });
}

/** Reads the acknowledgement file if it exists. */
export function readAcknowledgements(path: string): Acknowledgement[] {
  return existsSync(path) ? parseAcknowledgements(readFileSync(path, 'utf8'), path) : [];
}

/** `--acknowledge <id>` flags. */
export function flagAcknowledgements(ids: readonly string[]): Acknowledgement[] {
  return ids.map((id) => ({ id, reason: 'acknowledged with --acknowledge', source: '--acknowledge' }));
}

/** The acknowledgement covering `risk`, if any. */
export function acknowledgementFor(risk: Risk, acks: readonly Acknowledgement[]): Acknowledgement | undefined {
  return acks.find((a) => a.id === risk.id);
}
