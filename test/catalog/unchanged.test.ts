import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSynth } from '../helpers/default-synth';
import { type Fingerprint, fingerprint } from './fingerprint';

/**
 * Moving the six use cases into the catalog changed no deployed resource. The fixture is the
 * fingerprint of `npm run synth` at 326c8aa, the commit before the catalog (config/<use-case>.ts):
 * per stack every resource's logical id, type, retention policies and a digest of its properties,
 * and every output; per manifest every object and a digest of it. Today's synth must hold every one of
 * them unchanged (additions, such as the cluster metadata, are allowed).
 *
 * When a later change modifies one of these resources on purpose, regenerate the fixture from the
 * new synth and review the diff: this test is the guard that makes such a change visible.
 * Regenerated for issue 18 (same keys, 69 values): sizes the capacity planner requires (cdn-url 4
 * nodes per zone, delayed-queues 16 GiB Redis, digital-assets 650 GiB Cassandra volumes,
 * playback-manifest 900 GiB volumes) and the staggered maintenance windows (ElastiCache, Neptune,
 * MemoryDB), and K8ssandra datacenters opting in to volume expansion; every change is an in-place
 * update (no logical id or physical name changed).
 */
describe('the six services after the move into the catalog', () => {
  const out = defaultSynth();
  const now = fingerprint(out.aws, out.k8s);
  const before: Fingerprint = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'pre-catalog-fingerprint.json'), 'utf8'));

  test('the same stacks and charts (file names)', () => {
    expect(Object.keys(now).filter((f) => f in before).sort()).toEqual(Object.keys(before).sort());
  });

  test.each(Object.keys(before))('%s: every resource, output and object as before', (file) => {
    const changed = Object.entries(before[file]).filter(([key, value]) => now[file]?.[key] !== value)
      .map(([key, value]) => `${key}: ${value} → ${now[file]?.[key] ?? 'missing'}`);
    expect(changed).toEqual([]);
  });
});
