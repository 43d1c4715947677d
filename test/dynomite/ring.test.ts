import { parse } from 'yaml';
import { Testing } from 'cdk8s';
import { DynomiteConsistency, DynomiteEncryption, MaxMemoryPolicy, evictionPolicyProblem } from '../../constructs/dynomite/consistency';
import { RING_SIZE, buildRing, dynomiteYaml, isTunneled, rackTokens, redisConf, ringProblems, seedsOf, tunnelAddress, tunnelsOf } from '../../constructs/dynomite/ring';
import { stunnelConf } from '../../constructs/dynomite/tunnel';
import { resolveTopology } from '../../constructs/platform/topology';
import { testEnvironment } from '../helpers/environment';

const env = testEnvironment();
const topology = (nodesPerZone = 2) => resolveTopology(Testing.chart(), env, {
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, nodesPerZone, replicationFactor: 3 })),
});
const options = {
  clusterSetDomain: 'clusterset.local', encryption: DynomiteEncryption.DATACENTER,
  readConsistency: DynomiteConsistency.DC_QUORUM, writeConsistency: DynomiteConsistency.DC_QUORUM,
};
const direct = { clusterSetDomain: 'clusterset.local', encryption: DynomiteEncryption.NONE };

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
  const seeds = seedsOf(ring, self, direct);
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

describe('tunnelled seeds', () => {
  const ring = buildRing('q', 'ns', topology(2));
  const self = ring.nodes.find((n) => n.podName === 'q-us-west-2b-1')!;

  test.each([
    [DynomiteEncryption.NONE, 0],
    [DynomiteEncryption.DATACENTER, 12],
    [DynomiteEncryption.RACK, 16],
    [DynomiteEncryption.ALL, 17],
  ])('%p tunnels the peers it must (of 17)', (encryption, count) => {
    expect(ring.nodes.filter((n) => n.podName !== self.podName && isTunneled(encryption, self, n))).toHaveLength(count);
    expect(tunnelsOf(ring, self, { ...direct, encryption })).toHaveLength(count);
  });

  test('a tunnelled peer is seeded by the local end of its tunnel, one loopback address per node of the ring', () => {
    const seeds = seedsOf(ring, self, { ...direct, encryption: DynomiteEncryption.DATACENTER });
    const east = ring.nodes.find((n) => n.podName === 'q-us-east-1a-1')!;
    expect(seeds).toContain(`${tunnelAddress(ring, east)}:8111:us-east-1a:us-east-1:2147483648`);
    expect(seeds).toContain('q-us-west-2a-0.q-us-west-2a.ns.svc.cluster.local:8101:us-west-2a:us-west-2:0');
    const addresses = ring.nodes.map((n) => tunnelAddress(ring, n));
    expect(new Set(addresses).size).toBe(ring.nodes.length);
    for (const a of addresses) expect(a).toMatch(/^127\.1\.\d+\.\d+$/);
  });

  test('each tunnel dials the peer\'s TLS port and checks its name', () => {
    const east = ring.nodes.find((n) => n.podName === 'q-us-east-1a-1')!;
    const t = tunnelsOf(ring, self, { ...direct, encryption: DynomiteEncryption.DATACENTER }).find((x) => x.name === 'q-us-east-1a-1')!;
    const host = 'q-us-east-1a-1.test-us-east-1.q-us-east-1a.ns.svc.clusterset.local';
    expect(t).toEqual({ name: 'q-us-east-1a-1', accept: `${tunnelAddress(ring, east)}:8111`, connect: `${host}:8443`, checkHost: host });
  });

  test('stunnel.conf: mutual TLS server in front of the peer port, one client per tunnel with delayed DNS', () => {
    const conf = stunnelConf(ring, self, { ...direct, encryption: DynomiteEncryption.DATACENTER, tlsDir: '/tls' });
    expect(conf).toContain('verifyChain = yes\n');
    expect(conf).toContain('CAfile = /tls/ca.crt\n');
    expect(conf).toContain('[peers]\naccept = 0.0.0.0:8443\nconnect = 127.0.0.1:8101\n');
    expect(conf.match(/^client = yes$/gm)).toHaveLength(12);
    expect(conf.match(/^delay = yes$/gm)).toHaveLength(12);
  });
});

describe('dynomite.yml', () => {
  const ring = buildRing('q', 'ns', topology(2));
  const self = ring.nodes.find((n) => n.podName === 'q-eu-west-1c-1')!;
  const doc = parse(dynomiteYaml(self, options)).dyn_o_mite;

  test('names the datacenter, rack, token, ports and Redis as the data store', () => {
    expect(doc).toMatchObject({
      datacenter: 'eu-west-1', rack: 'eu-west-1c', tokens: '2147483648',
      listen: '0.0.0.0:8102', dyn_listen: '0.0.0.0:8101', stats_listen: '0.0.0.0:22222',
      data_store: 0, servers: ['127.0.0.1:6379:1'],
      read_consistency: 'DC_QUORUM', write_consistency: 'DC_QUORUM',
    });
  });

  test('seeds from the florida provider, never dyn_seeds (a name that does not resolve crashes dynomite); no dynomite encryption', () => {
    expect(doc).toMatchObject({ dyn_seed_provider: 'florida_provider', enable_gossip: false, gos_interval: 1000, secure_server_option: 'none' });
    expect(doc.dyn_seeds).toBeUndefined();
    expect(doc.pem_key_file).toBeUndefined();
  });

  test('with every peer tunnelled the plaintext peer port listens on 127.0.0.1 only', () => {
    expect(parse(dynomiteYaml(self, { ...options, encryption: DynomiteEncryption.ALL })).dyn_o_mite.dyn_listen).toBe('127.0.0.1:8101');
  });

  test('byte-identical on every call', () => {
    expect(dynomiteYaml(self, options)).toBe(dynomiteYaml(buildRing('q', 'ns', topology(2)).nodes.find((n) => n.podName === 'q-eu-west-1c-1')!, options));
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
