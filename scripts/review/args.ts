/** Options of `npm run diff`. */
export interface DiffArgs {
  readonly base: string;
  readonly acknowledge: readonly string[];
  readonly acks: string;
  readonly output?: string;
}

const USAGE = 'usage: npm run diff -- [--base <git ref>] [--acknowledge <risk id>]... [--acks <file>] [--output <file>]';

/** Parses the command line; throws an Error naming the option for anything unknown or incomplete. */
export function parseArgs(argv: readonly string[]): DiffArgs {
  let base = 'HEAD';
  let acks = 'review/acknowledged-risks.json';
  let output: string | undefined;
  const acknowledge: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`\`${flag}\` needs a value. ${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--base': base = value(); break;
      case '--acknowledge': acknowledge.push(value()); break;
      case '--acks': acks = value(); break;
      case '--output': output = value(); break;
      default: throw new Error(`unknown option ${JSON.stringify(flag)}. ${USAGE}`);
    }
  }
  return { base, acknowledge, acks, output };
}
