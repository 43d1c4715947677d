import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RUNBOOK_BASE_URL as DEFAULT_BASE, runbookAnchor, runbookUrl } from '../../constructs/monitoring/runbooks';
import { readOutput } from '../../scripts/review/output';
import { defaultSynth } from '../helpers/default-synth';
import { RUNBOOK_DIR as DIR, runbookHeadings as headings, runbookLinkProblem } from './runbook-links';

describe('runbook links', () => {
  const alerts = [...readOutput(defaultSynth().root).charts.values()].flat().filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o: any) => o.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert)));

  test('every Prometheus alert links a section that exists in docs/runbooks', () => {
    expect(alerts.length).toBeGreaterThan(100);
    const missing = alerts.map((a) => [a.alert, runbookLinkProblem(a.annotations.runbook_url ?? '')])
      .filter(([, problem]) => problem !== undefined);
    expect(missing).toEqual([]);
  });

  test('every section of the Kubernetes runbooks is linked by some alert, and has meaning, first checks and action', () => {
    const linked = new Set(alerts.map((a) => a.annotations.runbook_url.split('/').pop()));
    for (const page of readdirSync(DIR).filter((f) => f.startsWith('k8s-'))) {
      const text = readFileSync(join(DIR, page), 'utf8');
      for (const h of headings(page)) {
        expect({ page, h, linked: linked.has(`${page}#${runbookAnchor(h)}`) }).toEqual({ page, h, linked: true });
        const section = text.split(`## ${h}\n`)[1].split('\n## ')[0];
        expect({ h, parts: ['Meaning:', 'First checks:', 'Action:'].filter((p) => !section.includes(p)) }).toEqual({ h, parts: [] });
      }
    }
  });

  test('anchors and URLs', () => {
    expect(runbookAnchor('CassandraErrorRateHigh')).toBe('cassandraerrorratehigh');
    expect(runbookAnchor('Error budget burn')).toBe('error-budget-burn');
    expect(() => runbookAnchor('Limits & retries')).toThrow(/only letters, digits, spaces and '-'/);
    expect(runbookUrl('https://x.example/docs/', { page: 'k8s-evcache', heading: 'EvcacheHitRatioLow' })).toBe('https://x.example/docs/k8s-evcache.md#evcachehitratiolow');
    expect(() => runbookUrl('https://x.example', { page: 'K8s Cache', heading: 'A' })).toThrow(/runbook page must be a lower-case file name/);
  });

  test('the link check fails on a link that is not under the base URL, or names no heading', () => {
    const url = runbookUrl(DEFAULT_BASE, { page: 'aws-keyspaces', heading: 'latency' });
    expect(runbookLinkProblem(url)).toBeUndefined();
    expect(runbookLinkProblem(url.replace('#latency', '#latencies'))).toMatch(/no such heading in docs\/runbooks: aws-keyspaces.md#latencies/);
    expect(runbookLinkProblem('docs/runbooks/aws-keyspaces.md#latency')).toMatch(/not under https:/);
  });
});
