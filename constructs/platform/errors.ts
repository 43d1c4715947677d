import type { IConstruct } from 'constructs';

/**
 * Thrown for invalid construct input, at construction time.
 *
 * The message names the construct path, the field, the value given and what is allowed,
 * so that a platform engineer can fix the configuration without reading the construct.
 */
export class PlatformValidationError extends Error {
  public readonly constructPath: string;
  public readonly problems: readonly string[];

  constructor(scope: IConstruct | string, problems: readonly string[]) {
    const path = typeof scope === 'string' ? scope : scope.node.path || '<root>';
    super(problems.length === 1
      ? `${path}: ${problems[0]}`
      : `${path}: ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PlatformValidationError';
    this.constructPath = path;
    this.problems = problems;
  }
}

/** One problem of an input file (`services/<service>.yaml`, `config/platform.ts`): the file, the field and the reason. */
export interface InputProblem {
  readonly file: string;
  /** Dotted field path inside the file; `(file)` for problems of the file itself (name, syntax, reading it). */
  readonly path: string;
  /** What is wrong: the value given and what is allowed. */
  readonly reason: string;
}

/** Every problem of the input files, thrown at once: one run reports every mistake. `bin/` prints it, one line per problem. */
export class InputError extends Error {
  constructor(public readonly problems: readonly InputProblem[], what = 'input') {
    super(`${what}: ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
      problems.map((p) => `  - ${p.file}: ${p.path}: ${p.reason}`).join('\n'));
    this.name = 'InputError';
  }
}

/** Collects problems, then throws them together: one run of synth reports every mistake. */
export class Problems {
  private readonly list: string[] = [];

  public add(problem: string): void {
    this.list.push(problem);
  }

  /** Adds `problem` unless `ok`. Returns `ok` so callers can skip dependent checks. */
  public check(ok: boolean, problem: () => string): boolean {
    if (!ok) this.list.push(problem());
    return ok;
  }

  public merge(other: readonly string[]): void {
    this.list.push(...other);
  }

  public get items(): readonly string[] {
    return this.list;
  }

  public throwIfAny(scope: IConstruct | string): void {
    if (this.list.length > 0) throw new PlatformValidationError(scope, this.list);
  }
}

/** Renders a value for an error message: strings quoted, arrays and objects as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}
