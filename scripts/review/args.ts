/** Options of `npm run diff`. */
export interface DiffArgs {
  readonly base: string;
  readonly acknowledge: readonly string[];
  readonly acks: string;
  readonly output?: string;
  /** `--service` (repeatable): synthesize only these catalog services in both trees. */
  readonly services?: readonly string[];
  /** `--all`: synthesize every service even when the change touches only some catalog files. */
  readonly all?: boolean;
  /** `--validate`: run AWS's CloudFormation validator on the working tree's synth too. */
  readonly validate?: boolean;
}

const USAGE = 'usage: npm run diff -- [--base <git ref>] [--acknowledge <risk id>]... [--acks <file>] [--output <file>] [--service <name>]... [--all] [--validate]';

/** Parses the command line; throws an Error naming the option for anything unknown or incomplete. */
export function parseArgs(argv: readonly string[]): DiffArgs {
  let base = 'HEAD';
  let acks = 'review/acknowledged-risks.json';
  let output: string | undefined;
  const acknowledge: string[] = [];
  const services: string[] = [];
  let all = false;
  let validate = false;
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
      case '--service': services.push(value()); break;
      case '--all': all = true; break;
      case '--validate': validate = true; break;
      default: throw new Error(`unknown option ${JSON.stringify(flag)}. ${USAGE}`);
    }
  }
  if (all && services.length > 0) throw new Error(`\`--all\` and \`--service\` exclude each other. ${USAGE}`);
  return { base, acknowledge, acks, output, ...(services.length > 0 ? { services } : {}), ...(all ? { all } : {}), ...(validate ? { validate } : {}) };
}
