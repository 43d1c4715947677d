import { platform } from '../../config/platform';
import { CatalogError, type CatalogProblem, loadCatalog } from '../../constructs/catalog/load';
import { resolvePlatform } from '../../constructs/platform/config';
import { TEMPLATES, catalogUseCases } from '../../lib/use-cases';
import { catalogDir, edited, fixtureEntry } from './helpers';

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

const vh = fixtureEntry('viewing-history');
/** One file, `svc.yaml`: the viewing-history entry with `edit` applied. */
const oneFile = (edit: (e: any) => void) => problemsOf({ 'svc.yaml': edited(vh, edit) });

describe('the repository catalog', () => {
  test('loads: six services, sorted by name, each with its template and store', () => {
    const services = load(`${__dirname}/../../services`);
    expect(services.map((s) => [s.entry.service, s.template.name, s.selection.store])).toEqual([
      ['cdn-url', 'key-value-cache', 'evcache'],
      ['delayed-queues', 'queue', 'dynomite'],
      ['digital-assets', 'graph', 'graph'],
      ['event-sourced', 'event-store', 'cassandra'],
      ['playback-manifest', 'search', 'elasticsearch'],
      ['viewing-history', 'time-series', 'cassandra'],
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
    const dq = fixtureEntry('delayed-queues');
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
    const dq = fixtureEntry('delayed-queues');
    const problems = problemsOf({ 'q.yaml': edited(dq, (e) => { e.environments.prod.contract.queues[1].unackTimeoutSeconds = '30s'; }) });
    expect(problems).toEqual([expect.objectContaining({ path: 'environments.prod.contract.queues[1].unackTimeoutSeconds', reason: "must be integer, got '30s'" })]);
  });

  test('an unknown instance type of an enum-like class', () => {
    const pm = fixtureEntry('playback-manifest');
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
    const dq = fixtureEntry('delayed-queues');
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
        'c.yaml': edited(fixtureEntry('delayed-queues'), (e) => { e.store = 'cassandra'; }),
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

describe('collisions between services: refused at load, naming both files', () => {
  const es = fixtureEntry('event-sourced');
  const cdn = fixtureEntry('cdn-url');
  /** The problems of a catalog of `files`, as `file: path: reason` text for matching. */
  const lines = (files: Record<string, string | object>) => problemsOf(files).map((p) => `${p.file.replace(/^.*\//, '')}: ${p.path}: ${p.reason}`);

  test('a verbatim copy of a file: every name it claims, once each, naming the original', () => {
    expect(lines({ 'cdn-url.yaml': cdn, 'cdn-url-copy.yaml': cdn })).toEqual([
      expect.stringMatching(/^cdn-url\.yaml: environments\.prod\.cacheName: cache name 'cdn-url' is already used by .*cdn-url-copy\.yaml \(environments\.prod\.cacheName\) in prod\/us-east-1, prod\/us-west-2, prod\/eu-west-1: two services must not share it$/),
      expect.stringMatching(/^cdn-url\.yaml: environments\.prod\.kubernetes\.namespace: kubernetes namespace 'cdn-url-cache' is already used by .*cdn-url-copy\.yaml/),
    ]);
  });

  test('two services in one namespace', () => {
    const other = edited(es, (e) => { e.environments.prod.cassandra.namespace = vh.environments.prod.cassandra.namespace; });
    expect(lines({ 'viewing-history.yaml': vh, 'event-sourced.yaml': other })).toContainEqual(expect.stringMatching(
      /^viewing-history\.yaml: environments\.prod\.cassandra\.namespace: kubernetes namespace 'viewing-history' is already used by .*event-sourced\.yaml \(environments\.prod\.cassandra\.namespace\)/));
  });

  test('two services with one keyspace (compared as Cassandra does, case-insensitively)', () => {
    const other = edited(es, (e) => { e.environments.prod.keyspaceName = 'Viewing_History'; });
    expect(lines({ 'viewing-history.yaml': vh, 'event-sourced.yaml': other })).toContainEqual(expect.stringMatching(
      /^viewing-history\.yaml: environments\.prod\.keyspaceName: keyspace 'viewing_history' is already used by .*event-sourced\.yaml/));
  });

  test('two services with one cluster name', () => {
    const other = edited(es, (e) => { e.environments.prod.cassandra.clusterName = vh.environments.prod.cassandra.clusterName; });
    expect(lines({ 'viewing-history.yaml': vh, 'event-sourced.yaml': other })).toContainEqual(expect.stringMatching(
      /^viewing-history\.yaml: environments\.prod\.cassandra\.clusterName: cluster name 'viewing-history' is already used by .*event-sourced\.yaml/));
  });

  test('a service named like the shared network stack (the stack ids catalogUseCases checks)', () => {
    let error: unknown;
    try { catalogUseCases(catalogDir({ 'network.yaml': vh })); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).problems.map((p) => `${p.file.replace(/^.*\//, '')}: ${p.path}: ${p.reason}`)).toContainEqual(expect.stringMatching(
      /^network\.yaml: \(file\): stack\/chart id 'Network-prod-us-east-1' is already used by bin\/aws\.ts \(the shared network stack\)/));
  });

  test('control: services in different regions may reuse a namespace', () => {
    const west = edited(cdn, (e) => { e.regions = ['us-west-2']; e.requirements.replication = 'single-region'; });
    const east = edited(cdn, (e) => { e.regions = ['us-east-1']; e.requirements.replication = 'single-region'; });
    expect(load(catalogDir({ 'cache-east.yaml': east, 'cache-west.yaml': west })).map((s) => s.entry.service)).toEqual(['cache-east', 'cache-west']);
  });
});

describe('values with their own grammar', () => {
  const cdn = fixtureEntry('cdn-url');
  const cdnFile = (edit: (e: any) => void) => problemsOf({ 'cdn-url.yaml': edited(cdn, edit) });

  test.each([
    ['a shell command', 'memcached:1.6.22; rm -rf /'],
    ['no tag (latest, which moves)', 'docker.io/library/memcached'],
    ['the latest tag', 'memcached:latest'],
    ['a command substitution', 'memcached:$(id)'],
    ['capitals in the path', 'docker.io/Library/memcached:1.6.22'],
  ])('an image reference with %s', (_what, image) => {
    expect(cdnFile((e) => { e.environments.prod.kubernetes.image = image; })).toEqual([expect.objectContaining({
      path: 'environments.prod.kubernetes.image', reason: expect.stringMatching(/^must be an image reference .*pinned tag other than latest, or a digest\), got /),
    })]);
  });

  test.each([['docker.io/library/memcached:1.6.22'], ['registry.example.com:5000/cache/memcached:1.6.22-alpine'],
    [`memcached@sha256:${'a'.repeat(64)}`]])('control: image %s is accepted', (image) => {
    expect(load(catalogDir({ 'cdn-url.yaml': edited(cdn, (e) => { e.environments.prod.kubernetes.image = image; }) }))).toHaveLength(1);
  });

  test('a Kubernetes name over 63 characters', () => {
    expect(cdnFile((e) => { e.environments.prod.kubernetes.namespace = 'n'.repeat(64); })).toEqual([expect.objectContaining({
      path: 'environments.prod.kubernetes.namespace', reason: expect.stringMatching(/must NOT have more than 63 characters/),
    })]);
  });

  test.each([['Upper.Case'], ['ab'], ['a..b'], ['192.168.5.4'], ['xn--bucket'], ['my-bucket-s3alias']])('an S3 bucket name %p', (bucketName) => {
    expect(oneFile((e) => { e.environments.prod.cassandra.backups.bucketName = bucketName; })).toEqual([expect.objectContaining({
      path: 'environments.prod.cassandra.backups.bucketName', reason: expect.stringMatching(/^must be an S3 bucket name/),
    })]);
  });

  test.each([['description', (e: any) => { e.description = 'cache for ${AWS::Region}'; }],
    ['environments.prod.cassandra.clusterName', (e: any) => { e.environments.prod.cassandra.clusterName = '${Token[TOKEN.12]}'; }]])(
    'a ${...} in %s: CDK and CloudFormation would read a reference', (path, edit) => {
      expect(oneFile(edit)).toEqual([expect.objectContaining({ path, reason: expect.stringMatching(/^must not contain '\$\{'/) })]);
    });

  test('a service name too long for the names built from it', () => {
    expect(problemsOf({ [`${'s'.repeat(41)}.yaml`]: vh })).toEqual([expect.objectContaining({ path: '(file)', reason: expect.stringMatching(/at most 40 characters/) })]);
  });

  test('a file named .YAML is read and refused, never skipped', () => {
    expect(problemsOf({ 'viewing-history.YAML': vh })).toEqual([expect.objectContaining({ path: '(file)', reason: expect.stringContaining('<service>.yaml') })]);
  });

  test('a catalog folder that does not exist', () => {
    expect(() => load('/nonexistent/services')).toThrow(/\/nonexistent\/services: \(folder\): cannot be read as the service catalog/);
  });

  test('a value ajv reports twice (pattern and length) is one problem', () => {
    expect(cdnFile((e) => { e.environments.prod.kubernetes.namespace = `N${'n'.repeat(70)}`; })).toHaveLength(1);
  });
});

describe('fields naming regions must name regions of the entry', () => {
  const pm = fixtureEntry('playback-manifest');
  const da = fixtureEntry('digital-assets');

  test('a leader region the service does not run in', () => {
    expect(problemsOf({ 'playback-manifest.yaml': edited(pm, (e) => { e.environments.prod.leaderRegion = 'ap-south-1'; }) })).toEqual([
      expect.objectContaining({ path: 'environments.prod.leaderRegion', reason: `must be one of the service's regions (${pm.regions.join(', ')}), got 'ap-south-1'` }),
    ]);
  });

  test('a map keyed by a region the service does not run in', () => {
    expect(problemsOf({ 'digital-assets.yaml': edited(da, (e) => { e.environments.prod.janusGraph.elasticsearch.transportHostnames['ap-south-1'] = 'es.example.com'; }) }))
      .toEqual([expect.objectContaining({ path: 'environments.prod.janusGraph.elasticsearch.transportHostnames.ap-south-1', reason: expect.stringMatching(/^must be one of the service's regions/) })]);
  });
});
