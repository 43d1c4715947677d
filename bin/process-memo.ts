/**
 * A value made once per OS process, even where this module is loaded more than once: jest loads
 * every module afresh for each test file, in the same worker process, and an expensive object
 * (the CloudFormation validator's WASM engine, compiled CRD schemas) would be rebuilt for every
 * file. The memo lives on a Node core module object, the one thing those module instances share.
 *
 * Only the entry points (bin/) and the test helpers use it: constructs receive such objects from
 * their caller (`enableCompliance(app, { validator })`), never from a process-global.
 */
export function processMemo<T>(key: string, make: () => T): T {
  const [holder, symbol] = slot<T>(key);
  if (holder[symbol] === undefined) holder[symbol] = make();
  return holder[symbol] as T;
}

/** Replaces (or, with undefined, forgets) the value `processMemo(key, ...)` returns. */
export function setProcessMemo<T>(key: string, value: T | undefined): void {
  const [holder, symbol] = slot<T>(key);
  holder[symbol] = value;
}

/** The value `processMemo(key, ...)` holds, without making one. */
export function peekProcessMemo<T>(key: string): T | undefined {
  const [holder, symbol] = slot<T>(key);
  return holder[symbol];
}

function slot<T>(key: string): [Record<symbol, T | undefined>, symbol] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the real core module object, not an interop copy
  return [require('node:os') as Record<symbol, T | undefined>, Symbol.for(`polyglot-persistence.${key}`)];
}
