import { parse } from 'yaml';
import { Testing } from 'cdk8s';
import { DynomiteConsistency, DynomiteEncryption, MaxMemoryPolicy, evictionPolicyProblem } from '../../constructs/dynomite/consistency';
import { RING_SIZE, buildRing, dynomiteYaml, rackTokens, redisConf, ringProblems, seedsOf } from '../../constructs/dynomite/ring';
import { resolveTopology } from '../../constructs/platform/topology';
import { testEnvironment } from '../helpers/environment';

const env = testEnvironment();
const topology = (nodesPerZone = 2) => resolveTopology(Testing.chart(), env, {
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, nodesPerZone, replicationFactor: 3 })),
});
const options = {
  clusterSetDomain: 'clusterset.local', encryption: DynomiteEncryption.DATACENTER,
  readConsistency: DynomiteConsistency.DC_QUORUM, writeConsistency: DynomiteConsistency.DC_QUORUM, pemKeyFile: '/tls/dynomite.pem',
};

describe('token assignment', () => {
  test('one node owns the ring from 0', () => {
    expect(rackTokens(1)).toEqual([0]);
  });

  test.each([2, 3, 4, 5, 7, 16])('%i nodes split the 32-bit ring evenly', (n) => {
    const tokens = rackTokens(n);
    expect(tokens).toHaveLength(n);
    expect(tokens[0]).toBe(0);
    const gaps = tokens.map((t, i) => (i + 1 < n ? tokens[i + 1] : RING_SIZE) - t);
    // Even split: every range is floor or ceil of 2^32 / n.
    for (const g of gaps) expect(Math.abs(g - RING_SIZE / n)).toBeLessThan(1);
    expect(gaps.reduce((a, b) => a + b, 0)).toBe(RING_SIZE);
    for (const t of tokens) {
      expect(Number.isInteger(t)).toBe(true);
      expect(t).toBeLessThan(RING_SIZE);
    }
  });

  test('exact values for three nodes', () => {
    expect(rackTokens(3)).toEqual([0, 1431655765, 2863311530]);
  });

  test('deterministic: the same rack size gives the same tokens, and racks share them', () => {
    expect(rackTokens(4)).toEqual(rackTokens(4));
    const ring = buildRing('q', 'ns', topology(3));
    const byRack = ring.datacenters.flatMap((dc) => dc.racks.map((r) => r.nodes.map((n) => n.token)));
    for (const tokens of byRack) expect(tokens).toEqual(rackTokens(3));
  });

  test('rejects an empty rack', () => {
    expect(() => rackTokens(0)).toThrow(/positive integer number of nodes, got 0/);
  });
});

describe('seeds', () => {
  const ring = buildRing('q', 'ns', topology(2));
  const self = ring.nodes.find((n) => n.podName === 'q-us-west-2b-1')!;
  const seeds = seedsOf(ring, self, 'clusterset.local');
  const parsed = seeds.map((s) => { const [host, port, rack, dc, token] = s.split(':'); return { host, port, rack, dc, token }; });

  test('list every other node of every rack and region, never the node itself', () => {
    expect(seeds).toHaveLength(ring.nodes.length - 1);
    expect(parsed.some((s) => s.host.startsWith('q-us-west-2b-1.'))).toBe(false);
    const racks = new Set(parsed.map((s) => `${s.dc}/${s.rack}`));
    for (const dc of ring.datacenters) for (const r of dc.racks) expect(racks).toContain(`${dc.name}/${r.name}`);
  });

  test('entries are host:port:rack:dc:token with the peer port and the node token', () => {
    expect(seeds).toContain('q-us-east-1a-1.test-us-east-1.q-us-east-1a.ns.svc.clusterset.local:8101:us-east-1a:us-east-1:2147483648');
    for (const s of parsed) expect(s.port).toBe('8101');
  });

  test('local peers by per-pod DNS of the headless Service, remote ones by multi-cluster DNS', () => {
    expect(seeds).toContain('q-us-west-2a-0.q-us-west-2a.ns.svc.cluster.local:8101:us-west-2a:us-west-2:0');
    expect(seeds).toContain('q-us-west-2b-0.q-us-west-2b.ns.svc.cluster.local:8101:us-west-2b:us-west-2:0');
    expect(parsed.filter((s) => s.dc !== 'us-west-2').every((s) => s.host.endsWith('.ns.svc.clusterset.local'))).toBe(true);
    expect(parsed.filter((s) => s.dc === 'us-west-2').every((s) => s.host.endsWith('.ns.svc.cluster.local'))).toBe(true);
  });
});

describe('dynomite.yml', () => {
  const ring = buildRing('q', 'ns', topology(2));
  const self = ring.nodes.find((n) => n.podName === 'q-eu-west-1c-1')!;
  const doc = parse(dynomiteYaml(ring, self, options)).dyn_o_mite;

  test('names the datacenter, rack, token, ports and Redis as the data store', () => {
    expect(doc).toMatchObject({
      datacenter: 'eu-west-1', rack: 'eu-west-1c', tokens: '2147483648',
      listen: '0.0.0.0:8102', dyn_listen: '0.0.0.0:8101', stats_listen: '0.0.0.0:22222',
      data_store: 0, servers: ['127.0.0.1:6379:1'], dyn_seed_provider: 'simple_provider',
      secure_server_option: 'datacenter', pem_key_file: '/tls/dynomite.pem',
      read_consistency: 'DC_QUORUM', write_consistency: 'DC_QUORUM',
    });
    expect(doc.dyn_seeds).toEqual(seedsOf(ring, self, 'clusterset.local'));
  });

  test('no pem file without encryption', () => {
    const plain = parse(dynomiteYaml(ring, self, { ...options, encryption: DynomiteEncryption.NONE })).dyn_o_mite;
    expect(plain.secure_server_option).toBe('none');
    expect(plain.pem_key_file).toBeUndefined();
  });

  test('byte-identical on every call', () => {
    expect(dynomiteYaml(ring, self, options)).toBe(dynomiteYaml(buildRing('q', 'ns', topology(2)), self, options));
  });
});

describe('redis.conf', () => {
  test('AOF every second, noeviction, maxmemory, localhost only', () => {
    const lines = redisConf(6144, MaxMemoryPolicy.NOEVICTION).split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      'appendonly yes', 'appendfsync everysec', 'maxmemory 6144mb', 'maxmemory-policy noeviction', 'bind 127.0.0.1 -::1', 'dir /data',
    ]));
  });
});

describe('validation', () => {
  test.each(Object.values(MaxMemoryPolicy).filter((x) => x !== MaxMemoryPolicy.NOEVICTION))('eviction policy %s is rejected', (policy) => {
    expect(evictionPolicyProblem(policy)).toMatch(new RegExp(`\`maxMemoryPolicy\` must be 'noeviction'.*got '${policy}'`));
  });

  test('noeviction passes', () => {
    expect(evictionPolicyProblem(MaxMemoryPolicy.NOEVICTION)).toBeUndefined();
  });

  test('replication factor must equal the racks', () => {
    const t = resolveTopology(Testing.chart(), env, { regions: [{ region: 'us-east-1', nodesPerZone: 2, replicationFactor: 2 }] });
    expect(ringProblems('q', t)).toEqual([expect.stringMatching(/`topology.regions\[0\].replicationFactor` must equal the number of racks \(3\).*got 2/)]);
  });

  test('rack names must make DNS labels', () => {
    const e = testEnvironment({
      regions: [{ region: 'us-east-1', account: '123456789012', availabilityZones: ['us-east-1a', 'us-east-1b'],
        kubernetes: { context: 'c', storageClass: 'gp3', podCidr: '10.1.0.0/16', vpcCidr: '10.101.0.0/16', zones: ['Zone_A', 'zone-b'] } }],
    });
    const t = resolveTopology(Testing.chart(), e, { regions: [{ region: 'us-east-1', nodesPerZone: 1, replicationFactor: 2 }] });
    expect(ringProblems('q', t)).toEqual([expect.stringMatching(/rack 'Zone_A' must be a DNS label.*got 'q-Zone_A'/)]);
  });
});
