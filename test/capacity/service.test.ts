import fc from 'fast-check';
import { serviceProblems, serviceReport } from '../../constructs/capacity/service';
import { overlappingRegions, maintenanceTable, REGION_UTC_OFFSET_MINUTES, staggerMaintenanceWindows } from '../../constructs/maintenance/windows';
import { STORE_OPERATIONS } from '../../constructs/maintenance/operations';
import { STORES } from '../../constructs/catalog/model';
import { resolvePlatform } from '../../constructs/platform/config';
import { platform } from '../../config/platform';
import { renderTopologySvg } from '../../constructs/catalog/topology-svg';
import { catalogUseCases, topologyPicture } from '../../lib/use-cases';

const USE_CASES = catalogUseCases();

const env = resolvePlatform(platform)[0];
const reportOf = (name: string, edit?: (prod: Record<string, any>) => void) => {
  const u = USE_CASES.find((x) => x.name === name)!;
  const prod = structuredClone(u.catalog.entry.environments.prod) as Record<string, any>;
  edit?.(prod);
  const entry = { ...u.catalog.entry, environments: { prod } };
  const report = serviceReport({ entry, store: u.catalog.selection.store, environment: 'prod', shape: u.shape(env)! }, env.primaryRegion);
  return { report, problems: serviceProblems(entry, report) };
};

describe('every catalog service', () => {
  test.each(USE_CASES.map((u) => u.name))('%s: a report with sizes for both flavors, a maintenance table and failure domains, and no problem', (name) => {
    const { report, problems } = reportOf(name);
    expect(problems).toEqual([]);
    expect(report.sections.some((s) => s.title.includes('(Kubernetes'))).toBe(true);
    expect(report.sections.some((s) => s.title.includes('(AWS'))).toBe(true);
    const formulas = report.sections.find((s) => s.title === 'How these figures are computed')!;
    expect(Object.values(formulas.figures).every((f) => / \(source: (https:\/\/|memcached|Dynomite|the requirements)/.test(String(f)))).toBe(true);
    expect(report.maintenance!.length).toBeGreaterThan(0);
    expect(overlappingRegions(report.maintenance!)).toEqual([]);
    expect(report.failureDomains!.outcomes.some((o) => o.loss.kind === 'primary region')).toBe(true);
    expect(USE_CASES.find((u) => u.name === name)!.capacityReport!(env)).toEqual(report);
  });
});

describe('sizes a file sets are checked against the planner', () => {
  test('EVCache: 3 nodes per zone cannot hold 42.5 GiB per zone on cache.r7g.large; the message gives the field and the planner\'s figure', () => {
    const { problems } = reportOf('cdn-url', (p) => { p.nodesPerZone = 3; });
    expect(problems[0]).toEqual({ file: 'services/cdn-url.yaml', path: 'environments.prod.nodesPerZone',
      reason: expect.stringMatching(/is 3 nodes, the capacity planner needs >= 4 nodes .*42\.5 GiB per zone/) });
  });

  test('OpenSearch: EBS per data node below the planner fails; Elasticsearch on Kubernetes likewise', () => {
    const { problems } = reportOf('playback-manifest', (p) => { p.aws.storageGiBPerNode = 500; p.kubernetes.storageGiB = 500; });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['environments.prod.aws.storageGiBPerNode', 'environments.prod.kubernetes.storageGiB']));
    expect(problems[0].reason).toMatch(/>= 867 GiB/);
  });

  test('MemoryDB: fewer shards than the planner, or no replica, fails', () => {
    const { problems } = reportOf('delayed-queues', (p) => { p.memoryDb.numShards = 1; p.memoryDb.replicasPerShard = 0; });
    expect(problems.map((p) => p.path)).toEqual(['environments.prod.memoryDb.numShards', 'environments.prod.memoryDb.replicasPerShard']);
  });

  test('Dynomite: Redis memory too small for the racks fails naming nodesPerZone', () => {
    const { problems } = reportOf('delayed-queues', (p) => { p.dynomite.redisMemoryMiB = 8192; });
    expect(problems[0]).toMatchObject({ path: 'environments.prod.dynomite.nodesPerZone', reason: expect.stringMatching(/needs >= 4 nodes/) });
  });

  test('Cassandra volumes below the compaction headroom fail; Keyspaces provisioned units are checked', () => {
    expect(reportOf('digital-assets', (p) => { p.janusGraph.cassandra.storageGiB = 500; }).problems[0])
      .toMatchObject({ path: 'environments.prod.janusGraph.cassandra.storageGiB', reason: expect.stringMatching(/>= 641 GiB/) });
    const { problems } = reportOf('event-sourced', (p) => { p.capacity = { writeCapacityUnits: 10, readCapacityUnits: 10 }; });
    expect(problems.map((p) => p.path)).toEqual(['environments.prod.capacity.writeCapacityUnits', 'environments.prod.capacity.readCapacityUnits']);
  });

  test('Neptune: a class smaller than the working set is advice (misses read the volume), not a failure', () => {
    const { report, problems } = reportOf('digital-assets');
    expect(problems).toEqual([]);
    expect(report.notes.join('\n')).toMatch(/db\.r6g\.xlarge \(32 GiB\) caches less than the projected working set/);
  });

  test('an instance type the planner does not know is an error naming the field and the allowed types', () => {
    expect(() => reportOf('cdn-url', (p) => { p.aws.nodeType = 'cache.x9.huge'; })).toThrow(/`environments\.prod\.aws\.nodeType` must be an instance type .*cache\.r7g\.large.*got 'cache\.x9\.huge'/);
  });

  test('memory figures not in the stored AWS docs are printed as unverified', () => {
    expect(reportOf('cdn-url').report.notes.join('\n')).toMatch(/cache\.r7g\.large: 13\.07 GiB of memory is not in the stored vendor docs/);
  });
});

describe('maintenance table', () => {
  test('every store has operations on both flavors except Keyspaces (AWS patches it without a window)', () => {
    for (const store of STORES) {
      const flavors = new Set(STORE_OPERATIONS[store].map((o) => o.flavor));
      expect(flavors.has('Kubernetes')).toBe(true);
      expect(flavors.has('AWS')).toBe(store !== 'cassandra');
    }
  });

  test('no two regions share a window, and a region maintains one zone per day, for any set of regions', () => {
    const regions = Object.keys(REGION_UTC_OFFSET_MINUTES);
    fc.assert(fc.property(fc.shuffledSubarray(regions, { minLength: 1, maxLength: 3 }), fc.constantFrom(...STORES), (picked, store) => {
      // Regions whose nights cannot all hold a slot make staggerMaintenanceWindows throw (tested in windows.test.ts).
      let ok = true;
      try { staggerMaintenanceWindows(picked); } catch { ok = false; }
      fc.pre(ok);
      const rows = maintenanceTable(STORE_OPERATIONS[store], picked.map((region) => ({ region, zones: [`${region}a`, `${region}b`, `${region}c`] })));
      expect(overlappingRegions(rows)).toEqual([]);
      for (const region of picked) {
        for (const op of STORE_OPERATIONS[store].filter((o) => o.perZone)) {
          const days = rows.filter((r) => r.region === region && r.operation === op.name).map((r) => r.windowUtc.slice(0, 3));
          expect(new Set(days).size).toBe(3);
        }
      }
    }), { numRuns: 100 });
  });

  test('the overlap check finds two regions in one window', () => {
    const rows = maintenanceTable(STORE_OPERATIONS.dynomite, [{ region: 'us-east-1', zones: ['a'] }]);
    const copy = rows.map((r) => ({ ...r, region: 'us-east-2' }));
    expect(overlappingRegions([...rows, ...copy]).length).toBeGreaterThan(0);
  });
});

describe('topology pictures show the flavor and the planner\'s sizes', () => {
  test.each(USE_CASES.map((u) => u.name))('%s', (name) => {
    const u = USE_CASES.find((x) => x.name === name)!;
    const picture = topologyPicture(u, [env]);
    expect(picture.panels[0]).toMatchObject({ flavor: 'Kubernetes', plannerSizes: expect.stringMatching(/^capacity planner \(us-east-1\): .*>= \d+/) });
    const svg = renderTopologySvg(picture);
    expect(svg).toContain('Kubernetes flavor');
    expect(svg).toContain('data-flavor="Kubernetes"');
    const check = u.capacityReport!(env)!.checks.find((c) => c.subject.includes('us-east-1'))!;
    expect(svg).toContain(`${check.subject.replace(/^.*: /, '')} &gt;= ${check.required} ${check.unit}`);
  });
});
