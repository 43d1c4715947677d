import { platform } from '../../config/platform';
import { type ClusterShape, ReplicationMode } from '../../constructs/catalog/model';
import { type TopologyPictureProps, renderTopologySvg, topologySvgs } from '../../constructs/catalog/topology-svg';
import { resolvePlatform } from '../../constructs/platform/config';
import { catalogUseCases, topologyPicture } from '../../lib/use-cases';
import { FIXTURE_CATALOG_DIR } from './helpers';

/** The fixture catalog (test/fixtures/catalog). */
const USE_CASES = catalogUseCases(FIXTURE_CATALOG_DIR);

const zones = (r: string) => [`${r}a`, `${r}b`, `${r}c`];
const shape = (replication: ReplicationMode, nodesPerZone = [2, 2, 2], leaderRegion?: string): ClusterShape => ({
  placements: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region, i) => ({ region, zones: zones(region), nodesPerZone: nodesPerZone[i], replicationFactor: 3 })),
  replication, leaderRegion,
});
const picture = (s: ClusterShape, extra: Partial<TopologyPictureProps> = {}): TopologyPictureProps =>
  ({ service: 'svc', store: 'cassandra', panels: [{ environment: 'prod', shape: s }], ...extra });

/** Attribute values of the elements matching `element` with `cls` in `svg`. */
const elements = (svg: string, element: string, cls: string) => svg.match(new RegExp(`<${element} class="${cls}"[^>]*>`, 'g')) ?? [];
const attr = (el: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(el)?.[1];

describe('determinism', () => {
  test('the same shape renders to the same bytes, twice', () => {
    const p = picture(shape(ReplicationMode.MULTI_DIRECTIONAL, [1, 4, 9]));
    expect(renderTopologySvg(p)).toBe(renderTopologySvg(structuredClone(p)));
  });

  test('each service of the catalog renders to the same bytes twice', () => {
    const envs = resolvePlatform(platform);
    for (const u of USE_CASES) expect(renderTopologySvg(topologyPicture(u, envs))).toBe(renderTopologySvg(topologyPicture(u, envs)));
  });

  test('integer coordinates only (no floating-point formatting to drift)', () => {
    const svg = renderTopologySvg(picture(shape(ReplicationMode.MULTI_DIRECTIONAL, [3, 5, 7])));
    const coordinates = [...svg.matchAll(/ (x|y|cx|cy|width|height|d)="([^"]*)"/g)].map((m) => m[2]);
    expect(coordinates.length).toBeGreaterThan(100);
    expect(coordinates.filter((v) => /\d\.\d/.test(v))).toEqual([]);
  });
});

describe('what the picture shows', () => {
  const svg = renderTopologySvg(picture(shape(ReplicationMode.MULTI_DIRECTIONAL, [1, 4, 9])));

  test('an SVG document with a title, every group closed', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title id="title">Topology of svc (cassandra)</title>');
    expect((svg.match(/<g\b/g) ?? []).length).toBe((svg.match(/<\/g>/g) ?? []).length);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  test('every region and zone, by name', () => {
    for (const r of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      expect(svg).toContain(`data-region="${r}"`);
      expect(svg).toContain(`>${r}</text>`);
      for (const z of zones(r)) expect(svg).toContain(`data-zone="${z}"`);
    }
  });

  test('one circle per node: per zone the zone\'s node count, in total zones × nodes per zone', () => {
    const groups = svg.split('<g class="zone"').slice(1).map((g) => g.slice(0, g.indexOf('</g>')));
    expect(groups.map((g) => [attr(g, 'data-zone'), (g.match(/<circle class="node"/g) ?? []).length])).toEqual(
      [['us-east-1a', 1], ['us-east-1b', 1], ['us-east-1c', 1], ['us-west-2a', 4], ['us-west-2b', 4], ['us-west-2c', 4], ['eu-west-1a', 9], ['eu-west-1b', 9], ['eu-west-1c', 9]]);
    expect(elements(svg, 'circle', 'node')).toHaveLength(3 * (1 + 4 + 9));
    expect(svg).toContain('3 zones × 9 nodes = 27 nodes · RF 3');
    expect(svg).toContain('eu-west-1c · 9 nodes');
    expect(svg).toContain('us-east-1a · 1 node<');
  });

  test('@default nodesPerRow 6: the 7th node of a zone starts a second row', () => {
    const cy = (p: TopologyPictureProps) => [...new Set(elements(renderTopologySvg(p), 'circle', 'node').slice(0, 7).map((c) => attr(c, 'cy')))];
    expect(cy(picture(shape(ReplicationMode.MULTI_DIRECTIONAL, [7, 1, 1])))).toHaveLength(2);
    expect(cy(picture(shape(ReplicationMode.MULTI_DIRECTIONAL, [7, 1, 1]), { nodesPerRow: 7 }))).toHaveLength(1);
  });

  test('links between the zones of each region: every pair', () => {
    const links = elements(svg, 'path', 'link zone-link').map((l) => `${attr(l, 'data-from')}-${attr(l, 'data-to')}`);
    expect(links).toHaveLength(9);
    expect(links).toEqual(expect.arrayContaining(['us-west-2a-us-west-2b', 'us-west-2a-us-west-2c', 'us-west-2b-us-west-2c']));
  });

  test('values are escaped', () => {
    expect(renderTopologySvg(picture(shape(ReplicationMode.MULTI_DIRECTIONAL), { store: 'a<b&"c"' }))).toContain('svc: a&lt;b&amp;&quot;c&quot;');
  });
});

describe('links between regions follow the replication mode', () => {
  const regionLinks = (svg: string) => elements(svg, 'path', 'link region-link');
  const pairs = (svg: string) => regionLinks(svg).map((l) => `${attr(l, 'data-from')}>${attr(l, 'data-to')}`);

  test('multi-directional: every pair, arrows both ways, solid', () => {
    const svg = renderTopologySvg(picture(shape(ReplicationMode.MULTI_DIRECTIONAL)));
    expect(pairs(svg)).toEqual(['us-east-1>us-west-2', 'us-east-1>eu-west-1', 'us-west-2>eu-west-1']);
    for (const l of regionLinks(svg)) {
      expect(l).toContain('marker-start="url(#arrow-start)"');
      expect(l).not.toContain('stroke-dasharray');
    }
  });

  test('leader-follower: from the leader to each follower only, one arrow, the leader marked', () => {
    const svg = renderTopologySvg(picture(shape(ReplicationMode.LEADER_FOLLOWER, undefined, 'us-west-2')));
    expect(pairs(svg)).toEqual(['us-west-2>us-east-1', 'us-west-2>eu-west-1']);
    for (const l of regionLinks(svg)) {
      expect(l).toContain('marker-end="url(#arrow)"');
      expect(l).not.toContain('marker-start');
    }
    expect(svg).toContain('>us-west-2 (leader)</text>');
    expect(svg).toContain('leader-follower replication · leader us-west-2');
  });

  test('client-driven: every pair, dashed (best effort)', () => {
    const svg = renderTopologySvg(picture(shape(ReplicationMode.CLIENT_DRIVEN)));
    expect(regionLinks(svg)).toHaveLength(3);
    for (const l of regionLinks(svg)) expect(l).toContain('stroke-dasharray="6 4"');
  });

  test('one region: no links between regions', () => {
    const one: ClusterShape = { placements: [shape(ReplicationMode.MULTI_DIRECTIONAL).placements[0]], replication: ReplicationMode.MULTI_DIRECTIONAL };
    expect(regionLinks(renderTopologySvg(picture(one)))).toEqual([]);
  });

  test('the catalog: Elasticsearch and the graph are leader-follower from us-east-1, EVCache client-driven', () => {
    const envs = resolvePlatform(platform);
    const svgOf = (name: string) => renderTopologySvg(topologyPicture(USE_CASES.find((u) => u.name === name)!, envs));
    expect(pairs(svgOf('playback-manifest'))).toEqual(['us-east-1>us-west-2', 'us-east-1>eu-west-1']);
    expect(pairs(svgOf('digital-assets'))).toEqual(['us-east-1>us-west-2', 'us-east-1>eu-west-1']);
    expect(svgOf('cdn-url')).toContain('stroke-dasharray');
  });
});

describe('validation', () => {
  const render = (p: TopologyPictureProps) => () => renderTopologySvg(p);

  test('control: a valid picture renders', () => expect(render(picture(shape(ReplicationMode.MULTI_DIRECTIONAL)))).not.toThrow());

  test('leader-follower without a leader among the regions', () => {
    expect(render(picture(shape(ReplicationMode.LEADER_FOLLOWER, undefined, 'ap-south-1'))))
      .toThrow(/`panels\[0\]\.shape\.leaderRegion` must be one of the placements' regions \["us-east-1","us-west-2","eu-west-1"\] for leader-follower replication, got 'ap-south-1'/);
  });

  test('an unknown replication mode', () => {
    expect(render(picture({ ...shape(ReplicationMode.MULTI_DIRECTIONAL), replication: 'ring' as ReplicationMode })))
      .toThrow(/`panels\[0\]\.shape\.replication` must be one of multi-directional, leader-follower, client-driven, got 'ring'/);
  });

  test('a negative or fractional node count', () => {
    expect(render(picture(shape(ReplicationMode.MULTI_DIRECTIONAL, [2, -1, 1.5]))))
      .toThrow(/placements\[1\]\.nodesPerZone` must be an integer >= 0, got -1[\s\S]*placements\[2\]\.nodesPerZone` must be an integer >= 0, got 1\.5/);
  });

  test('a region without zones, no regions, no panels', () => {
    const s = shape(ReplicationMode.MULTI_DIRECTIONAL);
    expect(render(picture({ ...s, placements: [{ ...s.placements[0], zones: [] }] }))).toThrow(/`panels\[0\]\.shape\.placements\[0\]\.zones` must name at least one zone, got \[\]/);
    expect(render(picture({ ...s, placements: [] }))).toThrow(/`panels\[0\]\.shape\.placements` must hold at least one region, got \[\]/);
    expect(render({ service: 'svc', store: 'x', panels: [] })).toThrow(/`panels` must hold at least one environment, got \[\]/);
  });

  test.each([0, 21, 2.5])('nodesPerRow %p', (n) => {
    expect(render(picture(shape(ReplicationMode.MULTI_DIRECTIONAL), { nodesPerRow: n }))).toThrow(/`nodesPerRow` must be an integer from 1 to 20, got/);
  });

  test('a service name that would not be a file name', () => {
    expect(render(picture(shape(ReplicationMode.MULTI_DIRECTIONAL), { service: '../x' }))).toThrow(/`service` must be a kebab-case name, got '\.\.\/x'/);
  });
});

describe('topologySvgs', () => {
  test('one <service>.svg per picture, the rendered text', () => {
    const envs = resolvePlatform(platform);
    const pictures = USE_CASES.map((u) => topologyPicture(u, envs));
    const files = topologySvgs(pictures);
    expect(files.map((f) => f.path)).toEqual(USE_CASES.map((u) => `${u.name}.svg`));
    expect(files.find((f) => f.path === 'viewing-history.svg')!.content).toBe(renderTopologySvg(pictures.find((p) => p.service === 'viewing-history')!));
  });

  test('a picture per environment the service runs in', () => {
    const envs = resolvePlatform(platform);
    const p = topologyPicture(USE_CASES[0], envs);
    expect(p.panels.map((x) => x.environment)).toEqual(['prod']);
    expect(p.panels[0].shape).toEqual(USE_CASES[0].shape(envs[0]));
  });
});
