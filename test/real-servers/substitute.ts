/**
 * Runs a synthesized command line or config file on loopback: only the listen address, port
 * and file paths may change, each by an explicit substitution that must match, and nothing else.
 */

/** One substitution: every occurrence of `from` inside an argument (or line) becomes `to`. */
export type Substitution = readonly [from: string, to: string];

/**
 * `items` with the substitutions applied. Throws when a substitution matches nothing (the
 * generated output changed under the test), and returns which items changed so the test can
 * assert that only the ones it expects did.
 */
export function substitute(items: readonly string[], substitutions: readonly Substitution[]): { items: string[]; changed: string[] } {
  const used = new Set<string>();
  const changed: string[] = [];
  const out = items.map((item) => {
    let value = item;
    for (const [from, to] of substitutions) {
      if (value.includes(from)) {
        value = value.split(from).join(to);
        used.add(from);
      }
    }
    if (value !== item) changed.push(item);
    return value;
  });
  const unused = substitutions.filter(([from]) => !used.has(from)).map(([from]) => from);
  if (unused.length > 0) throw new Error(`substitute: ${unused.map((u) => `'${u}'`).join(', ')} not found in ${JSON.stringify(items)}`);
  return { items: out, changed };
}
