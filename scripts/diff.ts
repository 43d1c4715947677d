/**
 * `npm run diff -- --base <ref>`: the synthesized change review of a pull request.
 *
 * Synthesizes the base ref (in a temporary git worktree) and the working tree, offline, and
 * prints a Markdown report: data at risk first, then resources added, removed and changed per
 * stack and per chart. Exit code 0: no unacknowledged data risk (or no change at all); 1: data at
 * risk that nobody acknowledged; 2: usage, git or synth error.
 *
 * Options:
 *   --base <ref>          git ref to compare with (default HEAD)
 *   --acknowledge <id>    accept one risk by id (repeatable)
 *   --acks <file>         acknowledgement file (default review/acknowledged-risks.json)
 *   --output <file>       also write the report to a file (for a CI step that posts it)
 *   --service <name>      synthesize only this catalog service in both trees (repeatable)
 *   --all                 synthesize every service
 *   --validate            also run AWS's CloudFormation validator on the working tree (off by
 *                         default: the review compares templates; `npm run synth` is the gate)
 *
 * By default, when the change touches only catalog files (`services/<name>.yaml`), only those
 * services are synthesized; any other change synthesizes everything.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagAcknowledgements, readAcknowledgements } from './review/acknowledgements';
import { parseArgs } from './review/args';
import { compareOutputs, readOutput } from './review/output';
import { renderReview } from './review/report';
import { changedServices, checkoutBase, repoRoot, synthesizeTree } from './review/synth';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const log = (m: string) => process.stderr.write(`diff: ${m}\n`);
  const repo = repoRoot(process.cwd());
  const acks = [...readAcknowledgements(join(repo, args.acks)), ...flagAcknowledgements(args.acknowledge)];
  const started = Date.now();
  const base = checkoutBase(repo, args.base, log);
  const out = mkdtempSync(join(tmpdir(), 'review-out-'));
  try {
    log(`base ${args.base} (${base.commit.slice(0, 12)}), node_modules by ${base.install}, ${Date.now() - started} ms`);
    const node = [process.execPath, '--require', join(repo, 'bin', 'require-ts.cjs')];
    // The base never needs the validator: its templates are what is deployed today.
    const synthOptions = { validate: false, compileCache: join(repo, 'node_modules', '.cache', 'node-compile') };
    const services = args.all ? undefined : args.services ?? changedServices(repo, base.commit);
    for (const s of args.services ?? []) {
      if (![repo, base.path].some((tree) => existsSync(join(tree, 'services', `${s}.yaml`)))) {
        throw new Error(`--service ${JSON.stringify(s)}: no services/${s}.yaml in the working tree or in ${args.base}`);
      }
    }
    log(services ? `services: ${services.join(', ') || '(none changed)'}` : 'services: all');
    await Promise.all([synthesizeTree(base.path, join(out, 'base'), node, services, synthOptions), synthesizeTree(repo, join(out, 'head'), node, services, { ...synthOptions, validate: args.validate })]);
    log(`synthesized both trees in ${Date.now() - started} ms`);
    const outcome = renderReview({ base: args.base, units: compareOutputs(readOutput(join(out, 'base')), readOutput(join(out, 'head'))), acknowledgements: acks });
    process.stdout.write(`${outcome.markdown}\n`);
    if (args.output) writeFileSync(args.output, outcome.markdown);
    if (outcome.exitCode !== 0) log(`${outcome.unacknowledged.length} unacknowledged data risk(s): ${outcome.unacknowledged.map((r) => r.id).join(', ')}`);
    return outcome.exitCode;
  } finally {
    base.dispose();
    rmSync(out, { recursive: true, force: true });
  }
}

main().then((code) => { process.exitCode = code; }, (e: Error) => {
  process.stderr.write(`diff: ${e.message}\n`);
  process.exitCode = 2;
});
