import {
  type CapacityReport, capacityCheck, capacityProblems, projectDataset, renderCapacityJson, renderCapacityMarkdown, resolveWorkload,
  capacityReportFiles,
} from '../../constructs/capacity';

const workload = resolveWorkload({
  readsPerSecond: 10, writesPerSecond: 10, itemSizeBytes: 100, datasetGiB: 10, monthlyGrowthPercent: 1, replicationFactor: 3, headroomPercent: 20,
});
const report: CapacityReport = {
  useCase: 'demo', environment: 'prod', workload, projection: projectDataset(workload),
  sections: [{ title: 'Cassandra us-east-1', figures: { nodes: 3, diskPerNodeGiB: 12.3456, limitedBy: 'replication factor' } }],
  checks: [
    capacityCheck('nodes per zone', 'settings.a', 2, 1, 'nodes', 'throughput'),
    capacityCheck('disk', 'settings.b', 10, 20, 'GiB', 'data'),
    capacityCheck('rf', 'settings.c', 3, 5, 'copies', 'planned RF', true),
  ],
  notes: ['cheaper on provisioned'],
};

describe('checks', () => {
  test('configured >= required passes; exact checks need equality', () => {
    expect(report.checks.map((c) => c.ok)).toEqual([false, true, false]);
  });

  test('each failed check is a message naming the field, the configured value and the minimum', () => {
    expect(capacityProblems(report.checks)).toEqual([
      '`settings.a` (nodes per zone) is 1 nodes, the capacity planner needs >= 2 nodes for the workload (throughput)',
      '`settings.c` (rf) is 5 copies, the capacity planner needs 3 copies for the workload (planned RF)',
    ]);
  });
});

describe('rendering', () => {
  test('JSON: floats rounded to 2 decimals, one entry per environment', () => {
    const json = JSON.parse(renderCapacityJson([report]));
    expect(json).toHaveLength(1);
    expect(json[0].sections[0].figures.diskPerNodeGiB).toBe(12.35);
    expect(json[0].projection.projectedGiB).toBe(11.27); // 10 × 1.01^12 = 11.268
    expect(json[0].workload.planningHorizonMonths).toBe(12);
  });

  test('Markdown: workload, projection, one table per store, checks with NO on failures, notes', () => {
    const md = renderCapacityMarkdown([report]);
    expect(md).toContain('# Capacity: demo (prod)');
    expect(md).toContain('| readsPerSecond | 10 |');
    expect(md).toContain('Projected dataset (one copy): **11.27 GiB**, limited by growth');
    expect(md).toContain('## Cassandra us-east-1');
    expect(md).toContain('| diskPerNodeGiB | 12.35 |');
    expect(md).toContain('| nodes per zone | `settings.a` | >= 2 nodes | 1 nodes | **NO** | throughput |');
    expect(md).toContain('| rf | `settings.c` | 3 copies | 5 copies | **NO** | planned RF |');
    expect(md).toContain('- cheaper on provisioned');
  });

  test('rendering is deterministic', () => {
    expect(renderCapacityMarkdown([report])).toBe(renderCapacityMarkdown([report]));
    expect(renderCapacityJson([report])).toBe(renderCapacityJson([report]));
  });
});

describe('capacityReportFiles', () => {
  test('capacity/<use-case>.json and .md for use cases with reports, nothing for the others', () => {
    expect(capacityReportFiles({ demo: [report], other: [] })).toEqual([
      { path: 'capacity/demo.json', content: renderCapacityJson([report]) },
      { path: 'capacity/demo.md', content: renderCapacityMarkdown([report]) },
    ]);
  });

  test('no reports: no files', () => {
    expect(capacityReportFiles({})).toEqual([]);
  });
});
