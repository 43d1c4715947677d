import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSynth } from '../helpers/default-synth';
import { expectFileSnapshot } from '../helpers/file-snapshot';

/**
 * A review aid on top of the behaviour tests: every stack and chart of the default platform, one
 * file each under test/snapshots/files/, so a pull request shows exactly which stack or chart a
 * change touches. Normalized: the CDK's own version metadata and bootstrap check, and asset hashes
 * (which change with any code change) are removed; nothing else is.
 *
 * Update after a deliberate change: `npx jest test/snapshots -u`, then read the diff.
 */
const FILES = join(__dirname, 'files');

/** Removes what changes without the deployment changing: CDKMetadata, the bootstrap version rule, asset hashes. */
export function normalizeTemplate(template: any): any {
  const t = structuredClone(template);
  delete t.Resources?.CDKMetadata;
  delete t.Conditions?.CDKMetadataAvailable;
  delete t.Parameters?.BootstrapVersion;
  delete t.Rules?.CheckBootstrapVersion;
  for (const k of ['Parameters', 'Rules', 'Conditions']) if (t[k] && Object.keys(t[k]).length === 0) delete t[k];
  return JSON.parse(JSON.stringify(t).replace(/\b[0-9a-f]{64}\b/g, '<asset-hash>'));
}

const out = defaultSynth();
const templates = readdirSync(out.aws).filter((f) => f.endsWith('.template.json')).sort();
const manifests = readdirSync(out.k8s).filter((f) => f.endsWith('.k8s.yaml')).sort();

describe('snapshots of every stack', () => {
  test('there are stacks to snapshot', () => expect(templates.length).toBeGreaterThan(0));
  test.each(templates)('%s', (file) => {
    const template = normalizeTemplate(JSON.parse(readFileSync(join(out.aws, file), 'utf8')));
    expectFileSnapshot(join(FILES, 'aws', file), `${JSON.stringify(template, null, 2)}\n`);
  });
});

describe('snapshots of every chart', () => {
  test('there are charts to snapshot', () => expect(manifests.length).toBeGreaterThan(0));
  test.each(manifests)('%s', (file) => {
    expectFileSnapshot(join(FILES, 'k8s', file), readFileSync(join(out.k8s, file), 'utf8'));
  });
});

describe('normalizeTemplate', () => {
  test('strips CDK metadata, the bootstrap check and asset hashes, and nothing else', () => {
    const hash = 'a'.repeat(64);
    const t = {
      Resources: { CDKMetadata: { Type: 'AWS::CDK::Metadata' }, Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: `${hash}.zip` }, Timeout: 30 } } },
      Parameters: { BootstrapVersion: { Type: 'String' } },
      Rules: { CheckBootstrapVersion: {} },
    };
    expect(normalizeTemplate(t)).toEqual({ Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: '<asset-hash>.zip' }, Timeout: 30 } } } });
  });
});
