/** Options of `npm run synth`. */
export interface SynthArgs {
  /** Only these catalog services' stacks, charts and reports (empty: all). */
  readonly services: readonly string[];
  /** False with `--no-cache`: validate every template again. */
  readonly cache?: boolean;
}

const USAGE = 'usage: npm run synth -- [--service <name>]... [--no-cache]';

/** Parses the command line; throws an Error naming the option for anything unknown or incomplete. */
export function parseSynthArgs(argv: readonly string[]): SynthArgs {
  const services: string[] = [];
  let cache: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case '--service': {
        const v = argv[++i];
        if (v === undefined || v.startsWith('--')) throw new Error(`\`--service\` needs a service name. ${USAGE}`);
        services.push(v);
        break;
      }
      case '--no-cache': cache = false; break;
      default: throw new Error(`unknown option ${JSON.stringify(flag)}. ${USAGE}`);
    }
  }
  return { services, cache };
}

/** The catalog use cases named in `services` (all when empty); an unknown name is an Error listing the known ones. */
export function selectServices<U extends { readonly name: string }>(useCases: readonly U[], services: readonly string[]): readonly U[] {
  if (services.length === 0) return useCases;
  const known = new Set(useCases.map((u) => u.name));
  const unknown = services.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new Error(`--service ${unknown.map((s) => JSON.stringify(s)).join(', ')}: no such service in the catalog (services/*.yaml). Known: ${[...known].join(', ')}`);
  }
  return useCases.filter((u) => services.includes(u.name));
}
