/**
 * The seed provider sidecar, run as the pod runs it (the ConfigMap's florida-seeds.js and
 * seeds file, with Node), asked the way dynomite's florida_provider asks, against a DNS server
 * whose answers the test changes. What dynomite sends and accepts is taken from
 * Netflix/dynomite 2046b05 src/seedsprovider/dyn_florida.c (request: lines 28-31; reply: "200 OK\r\n"
 * then the body after "\r\n\r\n", lines 152-173; entries host:port:rack:dc:token joined by '|', 14-15).
 * The real dynomite binary against this sidecar: constructs/dynomite/VERIFIED.md.
 */
import { writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { DynomiteEncryption } from '../../constructs/dynomite/consistency';
import { DynomiteCluster } from '../../constructs/dynomite/k8s/dynomite-cluster';
import { type TestDnsServer, startDnsServer } from '../helpers/dns-server';
import { testEnvironment } from '../helpers/environment';
import { findObject, synthChart } from '../helpers/k8s';
import { type LoopbackProcess, freePort, startProcess, tempDir, waitForPort } from '../helpers/loopback';

/** dyn_florida.c:29-31, byte for byte. */
const FLORIDA_REQUEST = 'GET /REST/v1/admin/get_seeds HTTP/1.0\r\nHost: 127.0.0.1\r\nUser-Agent: HTMLGET 1.0\r\n\r\n';

function configMap(encryption: DynomiteEncryption) {
  const chart = Testing.chart();
  new DynomiteCluster(chart, 'Dynomite', {
    environment: testEnvironment(), region: 'us-east-1', clusterName: 'queues', namespace: 'dq', encryption,
    topology: { regions: ['us-east-1', 'us-west-2'].map((region) => ({ region, nodesPerZone: 1, replicationFactor: 3 })) },
    dynomiteImage: 'registry.example/dynomite:v0.6.22', storageGiB: 10, redisMemoryMiB: 1024, tlsSecretName: 'peer-tls',
    sla: { latencyP99Ms: 5, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 },
  });
  return findObject(synthChart(chart), 'ConfigMap', 'queues-us-east-1a-config').data as Record<string, string>;
}

/** What dynomite takes from a reply: undefined unless "200 OK\r\n"; else the entries of the body. */
async function askLikeDynomite(port: number): Promise<{ raw: string; seeds?: string[] }> {
  const raw = await new Promise<string>((resolve, reject) => {
    let out = '';
    const s = createConnection({ host: '127.0.0.1', port }, () => s.write(FLORIDA_REQUEST));
    s.on('data', (d) => { out += d; });
    // Dynomite reads until the server closes (dyn_florida.c:146-147): a reply that never closes would hang it.
    s.on('end', () => resolve(out));
    s.on('error', reject);
    s.setTimeout(5000, () => reject(new Error(`no close after ${JSON.stringify(out)}`)));
  });
  if (!raw.includes('200 OK\r\n')) return { raw };
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return { raw, seeds: body.split('|') };
}

describe('florida-seeds.js, the seed provider sidecar', () => {
  const dir = tempDir('florida-seeds-');
  let dns: TestDnsServer;
  let port: number;
  let sidecar: LoopbackProcess;
  const data = configMap(DynomiteEncryption.DATACENTER);
  const local = (rack: string) => `queues-us-east-1${rack}-0.queues-us-east-1${rack}.dq.svc.cluster.local`;

  beforeAll(async () => {
    dns = await startDnsServer();
    port = await freePort();
    writeFileSync(join(dir.path, 'florida-seeds.js'), data['florida-seeds.js']);
    writeFileSync(join(dir.path, 'seeds-0.txt'), data['seeds-0.txt']);
    // As the pod runs it, with --dns-server pointing at the test's DNS instead of the cluster's.
    sidecar = startProcess('florida-seeds', process.execPath,
      [join(dir.path, 'florida-seeds.js'), join(dir.path, 'seeds-0.txt'), '--listen', `127.0.0.1:${port}`, '--dns-server', `127.0.0.1:${dns.port}`]);
    await waitForPort(port, sidecar);
  });
  afterAll(async () => {
    await sidecar?.stop();
    await dns?.close();
    dir.remove();
  });

  test('the generated seeds: this region\'s peers by name, the other region\'s through their tunnels', () => {
    expect(data['seeds-0.txt'].trim().split('\n')).toEqual([
      `${local('b')}:8101:us-east-1b:us-east-1:0`,
      `${local('c')}:8101:us-east-1c:us-east-1:0`,
      '127.1.0.4:8111:us-west-2a:us-west-2:0', '127.1.0.5:8111:us-west-2b:us-west-2:0', '127.1.0.6:8111:us-west-2c:us-west-2:0',
    ]);
  });

  test('while no local peer resolves: the tunnelled peers only (their tunnel resolves), and dynomite accepts the reply', async () => {
    const { seeds } = await askLikeDynomite(port);
    expect(seeds).toEqual(['127.1.0.4:8111:us-west-2a:us-west-2:0', '127.1.0.5:8111:us-west-2b:us-west-2:0', '127.1.0.6:8111:us-west-2c:us-west-2:0']);
    expect(dns.queries).toEqual(expect.arrayContaining([local('b'), local('c')]));
  });

  test('a peer that resolves is answered by address; one that does not is left out', async () => {
    dns.records.set(local('b'), '10.0.1.17');
    const { seeds } = await askLikeDynomite(port);
    expect(seeds).toContain('10.0.1.17:8101:us-east-1b:us-east-1:0');
    expect(seeds!.some((s) => s.includes('us-east-1c'))).toBe(false);
    for (const s of seeds!) expect(s).toMatch(/^(\d+\.){3}\d+:\d+:[a-z0-9-]+:[a-z0-9-]+:\d+$/);
  });

  test('a moved pod is answered at its new address on the next request (nothing cached)', async () => {
    dns.records.set(local('b'), '10.0.1.17');
    dns.records.set(local('c'), '10.0.2.5');
    expect((await askLikeDynomite(port)).seeds).toEqual(expect.arrayContaining(['10.0.1.17:8101:us-east-1b:us-east-1:0', '10.0.2.5:8101:us-east-1c:us-east-1:0']));
    dns.records.set(local('c'), '10.0.2.99');
    const { seeds } = await askLikeDynomite(port);
    expect(seeds).toContain('10.0.2.99:8101:us-east-1c:us-east-1:0');
    expect(seeds).not.toContain('10.0.2.5:8101:us-east-1c:us-east-1:0');
  });

  test('other paths are 404, so a misconfigured DYNOMITE_FLORIDA_REQUEST fails loudly', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    expect(res.status).toBe(404);
  });
});

describe('florida-seeds.js with nothing resolvable', () => {
  test('answers 503, which dynomite treats as an error and keeps the peers it has (dyn_florida.c:152-160)', async () => {
    const dir = tempDir('florida-none-');
    const dns = await startDnsServer();
    const port = await freePort();
    const data = configMap(DynomiteEncryption.DATACENTER);
    // Only the local (by-name) peers: drop the tunnelled ones.
    writeFileSync(join(dir.path, 'seeds.txt'), data['seeds-0.txt'].split('\n').filter((l) => !l.startsWith('127.')).join('\n'));
    writeFileSync(join(dir.path, 'florida-seeds.js'), data['florida-seeds.js']);
    const p = startProcess('florida-seeds', process.execPath,
      [join(dir.path, 'florida-seeds.js'), join(dir.path, 'seeds.txt'), '--listen', `127.0.0.1:${port}`, '--dns-server', `127.0.0.1:${dns.port}`]);
    try {
      await waitForPort(port, p);
      const { raw, seeds } = await askLikeDynomite(port);
      expect(seeds).toBeUndefined();
      expect(raw).toMatch(/^HTTP\/1\.1 503 /);
    } finally {
      await p.stop();
      await dns.close();
      dir.remove();
    }
  });

  test('a malformed seeds file stops the sidecar naming the file, the entry and the format', async () => {
    const dir = tempDir('florida-bad-');
    writeFileSync(join(dir.path, 'seeds.txt'), 'host-a:8101:rack:dc:0\nhost-b:8101:rack-without-dc:0\n');
    const p = startProcess('florida-seeds', process.execPath, [join(__dirname, '../../constructs/dynomite/seed-provider/florida-seeds.js'), join(dir.path, 'seeds.txt')]);
    while (!p.exited) await new Promise((r) => setTimeout(r, 20));
    dir.remove();
    expect(p.exitCode).toBe(2);
    expect(p.output()).toMatch(/seeds\.txt: seed 2 must be host:port:rack:dc:token, got 'host-b:8101:rack-without-dc:0'/);
  });
});
