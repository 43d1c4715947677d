import { platform } from '../../config/platform';
import { CatalogError, type CatalogProblem, loadCatalog } from '../../constructs/catalog/load';
import { resolvePlatform } from '../../constructs/platform/config';
import { TEMPLATES } from '../../lib/use-cases';
import { catalogDir, edited, serviceEntry } from './helpers';

const environments = resolvePlatform(platform);
const load = (dir: string) => loadCatalog({ dir, templates: TEMPLATES, environments });

/** The problems `loadCatalog` throws for a catalog of `files` (fails the test when it does not throw). */
function problemsOf(files: Record<string, string | object>): CatalogProblem[] {
  try {
    load(catalogDir(files));
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogError);
    return [...(e as CatalogError).problems];
  }
  throw new Error('expected a CatalogError');
}

const vh = serviceEntry('viewing-history');
/** One file, `svc.yaml`: the viewing-history entry with `edit` applied. */
const oneFile = (edit: (e: any) => void) => problemsOf({ 'svc.yaml': edited(vh, edit) });

describe('the repository catalog', () => {
  test('loads: six services, sorted by name, each with its template and store', () => {
    const services = load(`${__dirname}/../../services`);
    expect(services.map((s) => [s.entry.service, s.template.name, s.selection.store])).toEqual([
      ['cdn-url', 'cdn-url', 'evcache'],
      ['delayed-queues', 'delayed-queues', 'dynomite'],
      ['digital-assets', 'digital-assets', 'graph'],
      ['event-sourced', 'event-sourced', 'cassandra'],
      ['playback-manifest', 'playback-manifest', 'elasticsearch'],
      ['viewing-history', 'viewing-history', 'cassandra'],
    ]);
  });

  test('control: a copy of an entry under another name loads', () => {
    expect(load(catalogDir({ 'svc.yaml': vh })).map((s) => s.entry.service)).toEqual(['svc']);
  });
});

describe('malformed files', () => {
  test('malformed YAML: the file, (file) and the line and column', () => {
    expect(problemsOf({ 'broken.yaml': 'owner: team\nregions: [us-east-1\nsla: {}\n' })).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/broken\.yaml$/), path: '(file)', reason: expect.stringMatching(/^malformed YAML at line \d+, column \d+: /) }),
    ]);
  });

  test('a duplicate key is malformed YAML, not a silent override', () => {
    const [p] = problemsOf({ 'dup.yaml': 'owner: a\nowner: b\n' });
    expect(p).toMatchObject({ path: '(file)', reason: expect.stringMatching(/malformed YAML .*unique/i) });
  });

  test('a file name that is not a kebab-case service name', () => {
    expect(problemsOf({ 'Viewing_History.yaml': vh })).toEqual([
      expect.objectContaining({ path: '(file)', reason: expect.stringContaining("kebab-case service name") }),
    ]);
  });

  test('a document that is not a mapping', () => {
    expect(problemsOf({ 'list.yaml': '- a\n- b\n' })).toEqual([expect.objectContaining({ path: '(root)', reason: "must be object, got [\"a\",\"b\"]" })]);
  });
});

describe('schema: unknown fields', () => {
  test('delayed queues: the retired memoryDb.multiRegionClusterName (the name is now read from the primary\'s stack)', () => {
    const dq = serviceEntry('delayed-queues');
    expect(problemsOf({ 'svc.yaml': edited(dq, (e) => { e.environments.prod.memoryDb.multiRegionClusterName = 'virxk-delayed-queues'; }) }))
      .toEqual([expect.objectContaining({ path: 'environments.prod.memoryDb.multiRegionClusterName', reason: expect.stringMatching(/^unknown field/) })]);
  });

  test('at the top level, naming the allowed fields', () => {
    expect(oneFile((e) => { e.ownr = 'x'; })).toEqual([
      { file: expect.stringMatching(/svc\.yaml$/), path: 'ownr', reason: expect.stringMatching(/^unknown field \(allowed: owner, regions, requirements, sla, environments, description, store\)$/) },
    ]);
  });

  test('inside requirements', () => {
    expect(oneFile((e) => { e.requirements.latencyMs = 5; })).toEqual([expect.objectContaining({ path: 'requirements.latencyMs', reason: expect.stringMatching(/^unknown field/) })]);
  });

  test("inside a template's settings, with the environment in the path", () => {
    expect(oneFile((e) => { e.environments.prod.cassandra.heapSize = 16; })).toEqual([
      expect.objectContaining({ path: 'environments.prod.cassandra.heapSize', reason: expect.stringMatching(/^unknown field/) }),
    ]);
  });
});

describe('schema: wrong types, values and missing fields', () => {
  test('a string where a number belongs', () => {
    expect(oneFile((e) => { e.requirements.latencyP99Ms = 'fast'; })).toEqual([
      expect.objectContaining({ path: 'requirements.latencyP99Ms', reason: "must be number, got 'fast'" }),
    ]);
  });

  test('a value outside an enum, listing the allowed values', () => {
    expect(oneFile((e) => { e.requirements.dataModel = 'document'; })).toEqual([
      expect.objectContaining({ path: 'requirements.dataModel', reason: "must be one of key-value-cache, search, time-series, graph, queue, event-store, got 'document'" }),
    ]);
  });

  test('a missing required field', () => {
    expect(oneFile((e) => { delete e.owner; })).toEqual([expect.objectContaining({ path: 'owner', reason: 'is required' })]);
  });

  test('an out-of-range SLA value', () => {
    expect(oneFile((e) => { e.sla.availabilityPercent = 101; })).toEqual([expect.objectContaining({ path: 'sla.availabilityPercent', reason: 'must be <= 100, got 101' })]);
  });

  test('a wrong type inside the settings, with its array index', () => {
    const dq = serviceEntry('delayed-queues');
    const problems = problemsOf({ 'q.yaml': edited(dq, (e) => { e.environments.prod.contract.queues[1].unackTimeoutSeconds = '30s'; }) });
    expect(problems).toEqual([expect.objectContaining({ path: 'environments.prod.contract.queues[1].unackTimeoutSeconds', reason: "must be integer, got '30s'" })]);
  });

  test('an unknown instance type of an enum-like class', () => {
    const pm = serviceEntry('playback-manifest');
    const [p] = problemsOf({ 'pm.yaml': edited(pm, (e) => { e.environments.prod.aws.dataNodeType = 'r9z.huge.search'; }) });
    expect(p).toMatchObject({ path: 'environments.prod.aws.dataNodeType', reason: expect.stringMatching(/^must be one of .*r6g\.xlarge\.search.*, got 'r9z\.huge\.search'$/) });
  });
});

describe('impossible requests', () => {
  test('single-region with several regions', () => {
    expect(oneFile((e) => { e.requirements.replication = 'single-region'; })).toEqual([
      expect.objectContaining({ path: 'regions', reason: 'a single-region service must list exactly one region, got 3' }),
    ]);
  });

  test('multi-region with one region', () => {
    expect(oneFile((e) => { e.regions = ['us-east-1']; })).toEqual([
      expect.objectContaining({ path: 'requirements.replication', reason: 'multi-region replication needs at least two regions, got 1' }),
    ]);
  });

  test('global consistency across regions under the cross-region round trip', () => {
    expect(oneFile((e) => { e.requirements.consistency = 'global'; })).toEqual([
      expect.objectContaining({ path: 'requirements.consistency', reason: expect.stringMatching(/^global consistency across regions costs a cross-region round trip .* p99 target of 20 ms/) }),
    ]);
  });

  test('neither reads nor writes', () => {
    expect(oneFile((e) => { e.requirements.readsPerSecond = 0; e.requirements.writesPerSecond = 0; })).toEqual([
      expect.objectContaining({ path: 'requirements.readsPerSecond', reason: 'a service with neither reads nor writes needs no store' }),
    ]);
  });

  test('queue-only requirements on another data model', () => {
    expect(oneFile((e) => { e.requirements.priorities = true; })).toEqual([
      expect.objectContaining({ path: 'requirements.priorities', reason: "applies to the queue data model only, got dataModel 'time-series'" }),
    ]);
  });

  test('an SLA latency looser than the requirement', () => {
    expect(oneFile((e) => { e.sla.latencyP99Ms = 50; })).toEqual([
      expect.objectContaining({ path: 'sla.latencyP99Ms', reason: expect.stringMatching(/^the alarm threshold \(50 ms\) must not be looser than the requirement/) }),
    ]);
  });

  test('an environment the platform does not have', () => {
    expect(oneFile((e) => { e.environments.staging = e.environments.prod; })).toEqual([
      expect.objectContaining({ path: 'environments.staging', reason: 'must be an environment of config/platform.ts (prod)' }),
    ]);
  });

  test("a region outside the environment's regions", () => {
    expect(oneFile((e) => { e.regions = ['us-east-1', 'ap-south-1']; })).toEqual([
      expect.objectContaining({ path: 'regions[1]', reason: "must be a region of environment 'prod' (us-east-1, us-west-2, eu-west-1), got 'ap-south-1'" }),
    ]);
  });

  test('a queue on Cassandra: the named store fails with the reason', () => {
    const dq = serviceEntry('delayed-queues');
    expect(problemsOf({ 'q.yaml': edited(dq, (e) => { e.store = 'cassandra'; }) })).toEqual([
      expect.objectContaining({ path: 'store', reason: expect.stringMatching(/^'cassandra' does not meet the requirements: a queue on Cassandra .*tombstones/) }),
    ]);
  });

  test('sub-millisecond latency on Cassandra: the named store fails with the reason', () => {
    const problems = oneFile((e) => { e.requirements.latencyP99Ms = 0.5; e.sla.latencyP99Ms = 0.5; });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'store', reason: expect.stringMatching(/^'cassandra' does not meet the requirements: Cassandra cannot promise a sub-millisecond p99 of 0\.5 ms/) }),
    ]);
  });

  test('no store named and none meets the requirements', () => {
    const problems = oneFile((e) => { delete e.store; e.requirements.latencyP99Ms = 0.5; e.sla.latencyP99Ms = 0.5; });
    expect(problems).toEqual([expect.objectContaining({ path: 'requirements', reason: expect.stringMatching(/^no store meets the requirements: Cassandra cannot promise/) })]);
  });
});

describe('reporting', () => {
  test('every problem of every file in one CatalogError, each naming its file, path and reason', () => {
    let error: CatalogError | undefined;
    try {
      load(catalogDir({
        'a.yaml': edited(vh, (e) => { e.ownr = 'x'; e.requirements.latencyP99Ms = 'fast'; }),
        'b.yaml': 'owner: [\n',
        'c.yaml': edited(serviceEntry('delayed-queues'), (e) => { e.store = 'cassandra'; }),
        'ok.yaml': vh,
      }));
    } catch (e) {
      error = e as CatalogError;
    }
    expect(error?.problems.map((p) => `${p.file.replace(/^.*\//, '')} ${p.path}`)).toEqual([
      'a.yaml ownr', 'a.yaml requirements.latencyP99Ms', 'b.yaml (file)', 'c.yaml store',
    ]);
    expect(error?.message).toMatch(/^service catalog: 4 problems:\n {2}- .*a\.yaml: ownr: unknown field/);
    expect(error?.message).toContain("c.yaml: store: 'cassandra' does not meet the requirements");
  });
});
