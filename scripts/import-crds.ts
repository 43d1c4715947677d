/**
 * `npm run import-crds`: regenerates imports/ (typed cdk8s classes for every custom resource we
 * write) from the CRDs vendored in crds/, as listed under `imports:` in cdk8s.yaml, and records
 * the digest of each CRD it read in imports/crd-digests.json, so a test can tell when a vendored
 * CRD changed without its classes being regenerated.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdDigests } from './import-crds-digests';

const root = join(__dirname, '..');
rmSync(join(root, 'imports'), { recursive: true, force: true });
// --check-upgrade=false: the CLI otherwise asks the npm registry for a newer version on every
// run (cdk8s-cli lib/cli/index.js, option 'check-upgrade', default true).
execFileSync(join(root, 'node_modules', '.bin', 'cdk8s'), ['import', '--check-upgrade=false', '--language', 'typescript', '--output', 'imports'], {
  cwd: root, stdio: 'inherit',
});
writeFileSync(join(root, 'imports', 'crd-digests.json'), `${JSON.stringify(crdDigests(root), null, 2)}\n`);
