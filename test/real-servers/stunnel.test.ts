/**
 * The peer tunnel with Debian's stunnel (5.68): two pods' generated stunnel.conf and tunnel.sh
 * from the ConfigMaps, on loopback (only listen addresses, the resolvable peer's host name and
 * the certificate directory substituted), certificates for the names of the synthesized
 * cert-manager Certificate from a CA the test makes. Pod A's tunnel to B → B's TLS server →
 * B's peer port (a redis-server stands in for dynomite there: any TCP bytes prove the path).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect, createServer as tlsServer, type Server as TlsServer } from 'node:tls';
import { Testing } from 'cdk8s';
import { DynomiteCluster } from '../../constructs/dynomite/k8s/dynomite-cluster';
import { testEnvironment } from '../helpers/environment';
import { findObject, synthChart } from '../helpers/k8s';
import { type LoopbackProcess, freePort, requireBinary, startProcess, tempDir, waitForPort } from '../helpers/loopback';
import { type Substitution, substitute } from './substitute';

const chart = Testing.chart();
new DynomiteCluster(chart, 'Dynomite', {
  environment: testEnvironment(), region: 'us-east-1', clusterName: 'queues', namespace: 'dq', peerIssuerName: 'ring-ca',
  topology: { regions: [{ region: 'us-east-1', nodesPerZone: 2, replicationFactor: 3 }] },
  dynomiteImage: 'registry.example/dynomite:v0.6.22', storageGiB: 10, redisMemoryMiB: 1024, tlsSecretName: 'peer-tls',
  sla: { latencyP99Ms: 5, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 },
});
const objects = synthChart(chart);
const rackA = findObject(objects, 'ConfigMap', 'queues-us-east-1a-config').data;
const rackB = findObject(objects, 'ConfigMap', 'queues-us-east-1b-config').data;
const dnsNames: string[] = findObject(objects, 'Certificate', 'peer-tls').spec.dnsNames;
const host = (pod: string) => `${pod}.${pod.replace(/-\d+$/, '')}.dq.svc.cluster.local`;

const openssl = (...args: string[]) => execFileSync(requireBinary('openssl', 'openssl'), args, { stdio: 'pipe' });

/** A CA (key, cert) in `dir`. */
function makeCa(dir: string, name: string) {
  mkdirSync(dir, { recursive: true });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${name}`,
    '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt'));
  return { key: join(dir, 'ca.key'), cert: join(dir, 'ca.crt') };
}

/** tls.crt/tls.key/ca.crt in `dir`, as cert-manager writes the Secret: ECDSA P-256, server and client auth. */
function issue(ca: { key: string; cert: string }, dir: string, names: string[]) {
  mkdirSync(dir, { recursive: true });
  const ext = join(dir, 'ext.cnf');
  writeFileSync(ext, `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=queues.us-east-1',
    '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.csr'));
  openssl('x509', '-req', '-in', join(dir, 'tls.csr'), '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1',
    '-extfile', ext, '-out', join(dir, 'tls.crt'));
  copyFileSync(ca.cert, join(dir, 'ca.crt'));
  return { cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key'), ca: join(dir, 'ca.crt') };
}

/** Connects to 127.0.0.1:`port`, sends PING, resolves with what came back before the connection closed (or 3 s). */
function ping(port: number, tls?: { cert?: string; key?: string; ca: string; servername?: string }): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const opts = { host: '127.0.0.1', port };
    const s = tls
      ? tlsConnect({ ...opts, ca: readFileSync(tls.ca), cert: tls.cert && readFileSync(tls.cert), key: tls.key && readFileSync(tls.key), servername: tls.servername, rejectUnauthorized: false }, () => s.write('PING\r\n'))
      : createConnection(opts, () => s.write('PING\r\n'));
    const done = () => { clearTimeout(timer); s.destroy(); resolve(out); };
    const timer = setTimeout(done, 3000);
    s.on('data', (d: Buffer) => { out += d; if (out.includes('\r\n')) done(); });
    s.on('close', done);
    s.on('error', () => undefined);
  });
}

/** The serial of the certificate the TLS server on `port` presents. */
function serialOf(port: number, client: { cert: string; key: string; ca: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port, ca: readFileSync(client.ca), cert: readFileSync(client.cert), key: readFileSync(client.key), rejectUnauthorized: false }, () => {
      resolve(s.getPeerCertificate().serialNumber);
      s.destroy();
    });
    s.on('error', reject);
  });
}

const serialOfFile = (cert: string) => openssl('x509', '-in', cert, '-noout', '-serial').toString().trim().replace(/^serial=/, '').toUpperCase();

describe('stunnel with the generated peer tunnel configuration', () => {
  const dir = tempDir('dynomite-tunnel-');
  const procs: LoopbackProcess[] = [];
  let ports: Record<'aTls' | 'aPeer' | 'aToB' | 'aToC0' | 'aToC1' | 'aToA1' | 'aToB1' | 'bTls' | 'bPeer' | 'wrongName', number>;
  let ca: { key: string; cert: string };
  let a: ReturnType<typeof issue>;
  let b: ReturnType<typeof issue>;
  let changed: { a: string[]; b: string[] };
  let impostor: TlsServer;

  beforeAll(async () => {
    const stunnel = requireBinary('stunnel', 'stunnel4');
    const redis = requireBinary('redis-server', 'redis-server');
    const names = ['aTls', 'aPeer', 'aToB', 'aToC0', 'aToC1', 'aToA1', 'aToB1', 'bTls', 'bPeer', 'wrongName'] as const;
    ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()]))) as typeof ports;
    // B's own client tunnels listen too: on ports of their own (bPeer + 100 + i once collided with another test's process).
    const bClientPorts = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
    ca = makeCa(join(dir.path, 'ca'), 'dynomite-ring-ca');
    a = issue(ca, join(dir.path, 'a'), dnsNames);
    b = issue(ca, join(dir.path, 'b'), dnsNames);
    // A server of the same CA whose certificate is not for the peer's name.
    const wrong = issue(ca, join(dir.path, 'wrong'), ['queues-elsewhere.example']);
    impostor = tlsServer({ cert: readFileSync(wrong.cert), key: readFileSync(wrong.key) }, (s) => s.end('+PONG\r\n'));
    await new Promise<void>((r) => impostor.listen(ports.wrongName, '127.0.0.1', r));

    // Pod A: the tunnel to b-0 dials B on loopback; c-0 dials the impostor; c-1 does not resolve (left as generated).
    const confA = substitute(rackA['stunnel-0.conf'].split('\n'), [
      ['/etc/dynomite/tls', join(dir.path, 'a')],
      ['accept = 0.0.0.0:8443', `accept = 127.0.0.1:${ports.aTls}`],
      ['connect = 127.0.0.1:8101', `connect = 127.0.0.1:${ports.aPeer}`],
      ['accept = 127.1.0.2:8111', `accept = 127.0.0.1:${ports.aToA1}`],
      ['accept = 127.1.0.3:8111', `accept = 127.0.0.1:${ports.aToB}`],
      ['accept = 127.1.0.4:8111', `accept = 127.0.0.1:${ports.aToB1}`],
      ['accept = 127.1.0.5:8111', `accept = 127.0.0.1:${ports.aToC0}`],
      ['accept = 127.1.0.6:8111', `accept = 127.0.0.1:${ports.aToC1}`],
      [`connect = ${host('queues-us-east-1b-0')}:8443`, `connect = localhost:${ports.bTls}`],
      [`connect = ${host('queues-us-east-1c-0')}:8443`, `connect = localhost:${ports.wrongName}`],
    ] satisfies Substitution[]);
    const confB = substitute(rackB['stunnel-0.conf'].split('\n'), [
      ['/etc/dynomite/tls', join(dir.path, 'b')],
      ['accept = 0.0.0.0:8443', `accept = 127.0.0.1:${ports.bTls}`],
      ['connect = 127.0.0.1:8101', `connect = 127.0.0.1:${ports.bPeer}`],
      // B's own client tunnels: not used here, only moved off the 127.1.x.y addresses A uses.
      ...['127.1.0.1', '127.1.0.2', '127.1.0.4', '127.1.0.5', '127.1.0.6'].map((ip, i): Substitution => [`accept = ${ip}:8111`, `accept = 127.0.0.1:${bClientPorts[i]}`]),
    ]);
    changed = { a: confA.changed, b: confB.changed };
    writeFileSync(join(dir.path, 'a.conf'), confA.items.join('\n'));
    writeFileSync(join(dir.path, 'b.conf'), confB.items.join('\n'));
    writeFileSync(join(dir.path, 'tunnel.sh'), rackA['tunnel.sh']);

    procs.push(startProcess('redis (B peer port)', redis, ['--port', String(ports.bPeer), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']));
    const env = { ...process.env, PATH: `${join(stunnel, '..')}:${process.env.PATH}`, RELOAD_CHECK_SECONDS: '1' };
    procs.push(startProcess('tunnel A', '/bin/sh', [join(dir.path, 'tunnel.sh'), join(dir.path, 'a.conf'), a.cert], { env }));
    procs.push(startProcess('tunnel B', '/bin/sh', [join(dir.path, 'tunnel.sh'), join(dir.path, 'b.conf'), b.cert], { env }));
    await waitForPort(ports.bPeer, procs[0]);
    // stunnel resolves every connect name before it listens; c-1's does not resolve, which can take
    // the resolver's timeouts on a machine without DNS.
    await waitForPort(ports.aToB, procs[1], 60_000);
    await waitForPort(ports.bTls, procs[2]);
  }, 90_000);
  afterAll(async () => {
    for (const p of procs) await p.stop();
    await new Promise((r) => impostor?.close(r));
    dir.remove();
  });

  test('only addresses, the dialled test peers and the certificate directory were substituted', () => {
    expect(changed.a).toEqual([
      'cert = /etc/dynomite/tls/tls.crt', 'key = /etc/dynomite/tls/tls.key', 'CAfile = /etc/dynomite/tls/ca.crt',
      'accept = 0.0.0.0:8443', 'connect = 127.0.0.1:8101',
      'accept = 127.1.0.2:8111', 'accept = 127.1.0.3:8111', `connect = ${host('queues-us-east-1b-0')}:8443`,
      'accept = 127.1.0.4:8111', 'accept = 127.1.0.5:8111', `connect = ${host('queues-us-east-1c-0')}:8443`, 'accept = 127.1.0.6:8111',
    ]);
    expect(rackA['stunnel-0.conf']).toContain(`checkHost = ${host('queues-us-east-1b-0')}`);
  });

  test('bytes flow A → mutual TLS → B → B\'s peer port, with B\'s name checked against the Certificate\'s names', async () => {
    expect(await ping(ports.aToB)).toBe('+PONG\r\n');
  });

  test('stunnel started although a peer (c-1) does not resolve, and a connection to it just closes', async () => {
    expect(await ping(ports.aToC1)).toBe('');
    expect(await ping(ports.aToB)).toBe('+PONG\r\n');
    expect(procs[1].exited).toBe(false);
  });

  test('a peer with a certificate of the CA but not for its name is refused (checkHost)', async () => {
    expect(await ping(ports.aToC0)).toBe('');
  });

  test('B refuses a client without a certificate and one from another CA', async () => {
    expect(await ping(ports.bTls, { ca: b.ca })).toBe('');
    const other = issue(makeCa(join(dir.path, 'other-ca'), 'someone-else'), join(dir.path, 'other'), dnsNames);
    expect(await ping(ports.bTls, { cert: other.cert, key: other.key, ca: b.ca })).toBe('');
    // The same client with a certificate of the ring's CA gets through.
    expect(await ping(ports.bTls, { cert: a.cert, key: a.key, ca: b.ca })).toBe('+PONG\r\n');
  });

  test('a renewed certificate is served after tunnel.sh notices the file changed and sends SIGHUP', async () => {
    const before = await serialOf(ports.bTls, a);
    expect(before).toBe(serialOfFile(b.cert));
    const renewed = issue(ca, join(dir.path, 'b-renewed'), dnsNames);
    // cert-manager writes a new Secret; the kubelet swaps the files.
    copyFileSync(renewed.key, b.key);
    copyFileSync(renewed.cert, b.cert);
    const deadline = Date.now() + 10_000;
    let now = before;
    while (now === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      // While stunnel reloads, a handshake may be reset (seen under load): try again until the deadline.
      now = await serialOf(ports.bTls, a).catch(() => before);
    }
    expect(now).toBe(serialOfFile(renewed.cert));
    expect(procs[2].output()).toMatch(/tls\.crt changed, reloading stunnel/);
    expect(await ping(ports.aToB)).toBe('+PONG\r\n');
  });
});
