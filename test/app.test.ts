import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildAwsApp } from '../bin/aws';
import { buildK8sApp } from '../bin/k8s';
import { platform } from '../config/platform';
import { withoutCloudFormationValidation } from './helpers/aws';
import { defaultSynth } from './helpers/default-synth';
import { type KubeObject, validateObjects } from './helpers/k8s';

/** The whole default configuration, as `npm run synth` builds it. */
describe('the default platform', () => {
  // Synthesized once per run by the globalSetup, in another process: comparing it with this
  // file's own synth also proves that output does not depend on the process.
  const first = defaultSynth();
  const outA = first.aws;
  const outB = mkdtempSync(join(tmpdir(), 'synth-b-'));
  // This second synth is compared with the first, whose validation report the first test reads:
  // validating the same templates again would prove nothing more (about 5 s of CPU).
  const assembly = withoutCloudFormationValidation(() => buildAwsApp(platform, { outdir: outB }).synth());
  buildK8sApp(platform, { outdir: join(outB, 'k8s') }).synth();

  test('every stack passes cdk-nag and the CloudFormation validator (synth would throw otherwise)', () => {
    const report = JSON.parse(readFileSync(join(outA, 'validation-report.json'), 'utf8'));
    // An acknowledged finding (Validations.of(x).acknowledge) leaves a report that concludes
    // 'success' with only suppressedViolations; anything else fails.
    const unresolved = report.pluginReports.filter((r: { conclusion: string; violations: unknown[] }) => r.conclusion !== 'success' || r.violations.length > 0);
    expect(unresolved).toEqual([]);
    expect(assembly.stacks.length).toBeGreaterThanOrEqual(3);
  });

  // CloudFormation rejects a stack of more than 500 resources or a template body over 1 MB at
  // deploy time; fail here at 90% of either, while there is still room to split a stack.
  test('every stack stays below 90% of CloudFormation\'s limits (500 resources, 1 MB template)', () => {
    const tooBig = assembly.stacks
      .map((s) => ({ stack: s.stackName, resources: Object.keys(s.template.Resources).length, bytes: JSON.stringify(s.template).length }))
      .filter((s) => s.resources > 450 || s.bytes > 900_000);
    expect(tooBig).toEqual([]);
  });

  test('two synths write byte-identical templates and manifests', () => {
    const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.template.json') || f.endsWith('.k8s.yaml')).sort();
    const templates = files(outA);
    expect(templates).toEqual(files(outB));
    for (const f of templates) expect(readFileSync(join(outA, f), 'utf8')).toEqual(readFileSync(join(outB, f), 'utf8'));
    const manifests = files(first.k8s);
    expect(manifests.length).toBeGreaterThanOrEqual(3);
    expect(manifests).toEqual(files(join(outB, 'k8s')));
    for (const f of manifests) expect(readFileSync(join(first.k8s, f), 'utf8')).toEqual(readFileSync(join(outB, 'k8s', f), 'utf8'));
  });

  test('every Kubernetes object validates against its schema or CRD, unknown fields rejected', () => {
    const dir = first.k8s;
    const objects = readdirSync(dir).flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as KubeObject));
    expect(objects.length).toBeGreaterThan(0);
    expect(validateObjects(objects)).toEqual([]);
  });
});
