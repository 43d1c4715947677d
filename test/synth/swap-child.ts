/**
 * A synth's output stage, for test/synth/output-swap.test.ts: `node swap-child.ts <root> <label> <files>`
 * writes `<files>` files holding `<label>` into each of three outputs under <root> through the real
 * OutputSwap, then commits. Plain Node runs it (type stripping), so a kill test costs milliseconds.
 */
{
  const { writeFileSync, mkdirSync } = require('node:fs');
  const { join } = require('node:path');
  const { OutputSwap } = require('../../bin/output-swap.ts');

  const [root, label, files] = process.argv.slice(2);
  const swap = new OutputSwap({ aws: join(root, 'cdk.out'), k8s: join(root, 'dist', 'k8s'), topology: join(root, 'dist', 'topology') }, join(root, '.synth-out'));
  for (const dir of Object.values(swap.staged) as string[]) {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < Number(files); i++) writeFileSync(join(dir, `f${i}.txt`), `${label}\n`);
  }
  swap.commit();
}
