/**
 * A value made once per OS process, even where this module is loaded more than once: jest loads
 * every module afresh for each test file, in the same worker process, and an expensive object
 * (the CloudFormation validator's WASM engine, compiled CRD schemas) would be rebuilt for every
 * file. The memo lives on a Node core module object, the one thing those module instances share.
 */
export function processMemo<T>(key: string, make: () => T): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real core module object, not an interop copy
  const holder = require('node:os') as Record<symbol, T | undefined>;
  const symbol = Symbol.for(`polyglot-persistence.${key}`);
  if (holder[symbol] === undefined) holder[symbol] = make();
  return holder[symbol] as T;
}

/** Replaces (or, with undefined, forgets) the value `processMemo(key, ...)` returns. */
export function setProcessMemo<T>(key: string, value: T | undefined): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real core module object, as above
  (require('node:os') as Record<symbol, T | undefined>)[Symbol.for(`polyglot-persistence.${key}`)] = value;
}

/** The value `processMemo(key, ...)` holds, without making one. */
export function peekProcessMemo<T>(key: string): T | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real core module object, as above
  return (require('node:os') as Record<symbol, T | undefined>)[Symbol.for(`polyglot-persistence.${key}`)];
}
