import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crdDigests } from '../../scripts/import-crds-digests';

/** imports/ holds classes generated from crds/: a vendored CRD updated without `npm run import-crds` fails here. */
test('imports/ was generated from the CRDs vendored in crds/ (npm run import-crds)', () => {
  const root = join(__dirname, '..', '..');
  const recorded = JSON.parse(readFileSync(join(root, 'imports', 'crd-digests.json'), 'utf8'));
  expect(crdDigests(root)).toEqual(recorded);
});
