import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flagAcknowledgements, parseAcknowledgements, readAcknowledgements } from '../../scripts/review/acknowledgements';
import { parseArgs } from '../../scripts/review/args';
import { compareOutputs, readOutput } from '../../scripts/review/output';
import { renderReview } from '../../scripts/review/report';
import type { UnitReview } from '../../scripts/review/types';

const risky: UnitReview = {
  kind: 'stack', name: 'S',
  changes: [{ resource: 'K', type: 'AWS::Cassandra::Keyspace', action: 'changed', details: ['KeyspaceName (replace)'], impact: 'WILL_REPLACE' }],
  risks: [{ id: 'S/K', type: 'AWS::Cassandra::Keyspace', reason: 'replaced (a new, empty resource) because KeyspaceName changed' }],
  otherSections: [],
};

describe('renderReview', () => {
  test('no change: says so and exits 0', () => {
    const o = renderReview({ base: 'main', units: [{ kind: 'stack', name: 'S', changes: [], risks: [], otherSections: [] }], acknowledgements: [] });
    expect(o.exitCode).toBe(0);
    expect(o.markdown).toContain('## Data at risk\n\nNone:');
    expect(o.markdown).toContain('No change: every template and manifest is identical to the base.');
  });

  test('an unacknowledged risk: listed first, exit 1', () => {
    const o = renderReview({ base: 'main', units: [risky], acknowledgements: [] });
    expect(o.exitCode).toBe(1);
    expect(o.unacknowledged.map((r) => r.id)).toEqual(['S/K']);
    expect(o.markdown.indexOf('## Data at risk')).toBeLessThan(o.markdown.indexOf('## CloudFormation'));
    expect(o.markdown).toContain('| **NOT ACKNOWLEDGED** | `S/K` | AWS::Cassandra::Keyspace | replaced (a new, empty resource) because KeyspaceName changed |');
    expect(o.markdown).toContain('- `K` (AWS::Cassandra::Keyspace) **WILL_REPLACE**: `KeyspaceName (replace)`');
  });

  test('an acknowledged risk stays in the report with its reason, exit 0', () => {
    const o = renderReview({ base: 'main', units: [risky], acknowledgements: [{ id: 'S/K', reason: 'empty keyspace, never used', source: 'f' }] });
    expect(o.exitCode).toBe(0);
    expect(o.markdown).toContain('| acknowledged: empty keyspace, never used | `S/K` |');
  });

  test('an acknowledgement of another resource does not cover the risk, and is reported as unused', () => {
    const o = renderReview({ base: 'main', units: [risky], acknowledgements: [{ id: 'S/Other', reason: 'something else entirely', source: 'f' }] });
    expect(o.exitCode).toBe(1);
    expect(o.markdown).toContain('match no risk in this change (remove them once merged): `S/Other`');
  });

  test('charts come after stacks, each with counts', () => {
    const chart: UnitReview = { kind: 'chart', name: 'c', changes: [{ resource: 'ConfigMap n/x', type: 'v1 ConfigMap', action: 'added', details: [] }], risks: [] };
    const o = renderReview({ base: 'main', units: [chart, risky], acknowledgements: [] });
    expect(o.markdown.indexOf('### Stack `S`')).toBeLessThan(o.markdown.indexOf('### Chart `c`'));
    expect(o.markdown).toContain('### Chart `c`\n\n1 added, 0 removed, 0 changed');
  });
});

describe('acknowledgements', () => {
  test('parses id and reason', () => {
    expect(parseAcknowledgements('{"acknowledged":[{"id":"S/K","reason":"keyspace renamed before launch"}]}', 'f.json'))
      .toEqual([{ id: 'S/K', reason: 'keyspace renamed before launch', source: 'f.json' }]);
  });

  test.each([
    ['not json', /f\.json: not valid JSON/],
    ['{}', /f\.json: `acknowledged` must be an array/],
    ['{"acknowledged":[{"reason":"a good long reason"}]}', /`acknowledged\[0\]\.id` must be a non-empty string/],
    ['{"acknowledged":[{"id":"S/K"}]}', /`acknowledged\[0\]\.reason` must say why/],
    ['{"acknowledged":[{"id":"S/K","reason":"ok"}]}', /`acknowledged\[0\]\.reason` must say why .* got "ok"/],
  ])('rejects %s', (text, message) => {
    expect(() => parseAcknowledgements(text, 'f.json')).toThrow(message);
  });

  test('a missing file is no acknowledgement; flags carry their source', () => {
    expect(readAcknowledgements(join(tmpdir(), 'does-not-exist.json'))).toEqual([]);
    expect(flagAcknowledgements(['S/K'])).toEqual([{ id: 'S/K', reason: 'acknowledged with --acknowledge', source: '--acknowledge' }]);
  });

  test('the committed file is valid', () => {
    expect(() => readAcknowledgements(join(__dirname, '..', '..', 'review', 'acknowledged-risks.json'))).not.toThrow();
  });
});

describe('parseArgs', () => {
  test('defaults and repeated --acknowledge', () => {
    expect(parseArgs([])).toEqual({ base: 'HEAD', acknowledge: [], acks: 'review/acknowledged-risks.json', output: undefined });
    expect(parseArgs(['--base', 'origin/main', '--acknowledge', 'a', '--acknowledge', 'b', '--output', 'r.md']))
      .toEqual({ base: 'origin/main', acknowledge: ['a', 'b'], acks: 'review/acknowledged-risks.json', output: 'r.md' });
  });

  test('rejects unknown options and missing values, naming the option', () => {
    expect(() => parseArgs(['--bse', 'x'])).toThrow(/unknown option "--bse"/);
    expect(() => parseArgs(['--base'])).toThrow(/`--base` needs a value/);
    expect(() => parseArgs(['--acknowledge', '--base', 'x'])).toThrow(/`--acknowledge` needs a value/);
  });
});

describe('readOutput and compareOutputs', () => {
  function tree(templates: Record<string, object>, manifests: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'review-test-'));
    mkdirSync(join(dir, 'aws'));
    mkdirSync(join(dir, 'k8s'));
    for (const [n, t] of Object.entries(templates)) writeFileSync(join(dir, 'aws', `${n}.template.json`), JSON.stringify(t));
    for (const [n, m] of Object.entries(manifests)) writeFileSync(join(dir, 'k8s', `${n}.k8s.yaml`), m);
    writeFileSync(join(dir, 'aws', 'manifest.json'), '{}');
    return dir;
  }

  test('reads only templates and manifests, and reviews stacks and charts on either side', () => {
    const base = readOutput(tree({ A: { Resources: {} } }, { c: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n' }));
    const head = readOutput(tree({ A: { Resources: {} }, B: { Resources: { T: { Type: 'AWS::SNS::Topic' } } } }, { c: '' }));
    expect([...base.stacks.keys()]).toEqual(['A']);
    const units = compareOutputs(base, head);
    expect(units.map((u) => `${u.kind} ${u.name} ${u.changes.length} ${u.risks.length}`)).toEqual(['stack A 0 0', 'stack B 1 0', 'chart c 1 1']);
  });
});
