import { PlatformValidationError, InputError } from '../constructs/platform/errors';
import { pascalName } from '../lib/use-case';
import type { PlatformInputs } from './inputs';

/**
 * The lines a user error prints: one per problem, `<file>: <field>: <reason>`. Undefined for
 * anything else (an internal bug keeps its stack trace). A construct's own check (a rule the
 * catalog schema does not express) names its construct path, prefixed with the service file
 * whose stack or chart it is.
 */
export function userErrorLines(error: unknown, inputs?: PlatformInputs): string[] | undefined {
  if (error instanceof InputError) return error.problems.map((p) => `${p.file}: ${p.path}: ${p.reason}`);
  if (error instanceof PlatformValidationError) {
    const file = inputs && fileOfConstruct(inputs, error.constructPath);
    const where = file ? `${file}: (${error.constructPath})` : error.constructPath;
    return error.problems.map((p) => `${where}: ${p}`);
  }
  return undefined;
}

/** The catalog file of the service whose stack or chart holds `path`. */
function fileOfConstruct(inputs: PlatformInputs, path: string): string | undefined {
  const id = path.split('/')[0];
  const u = inputs.useCases.find((x) => inputs.environments.some((env) => env.regions.some((r) =>
    id === `${pascalName(x.name)}-${env.name}-${r.region}` || id === `${x.name}-${env.name}-${r.region}`)));
  return u?.catalog.entry.file;
}

/**
 * Runs an entry point: a user error (bad catalog file, bad platform configuration, a value a
 * construct refuses) prints one line per problem on stderr and exits 1, with no stack trace and
 * nothing written (every entry point validates and builds everything before it writes).
 */
export function runMain(name: string, main: (setInputs: (inputs: PlatformInputs) => void) => void): void {
  let inputs: PlatformInputs | undefined;
  try {
    main((i) => { inputs = i; });
  } catch (e) {
    const lines = userErrorLines(e, inputs);
    if (!lines) throw e;
    for (const line of lines) process.stderr.write(`${line}\n`);
    process.stderr.write(`${name}: ${lines.length} input problem${lines.length === 1 ? '' : 's'}; nothing was written\n`);
    process.exit(1);
  }
}
