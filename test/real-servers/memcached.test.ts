/**
 * Debian's memcached started with exactly the EVCache StatefulSet's command line (only the port,
 * the listen address and the certificate paths substituted for loopback), then spoken to over
 * TLS and in plain text. Provenance of the settings read back: memcached 1.6.18 `stats settings`
 * (proto_text.c / memcached.c process_stat_settings), run here.
 */
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { findObject, synthChart } from '../helpers/k8s';
import { type LoopbackProcess, freePort, requireBinary, selfSignedCertificate, startProcess, tempDir, waitForPort } from '../helpers/loopback';
import { k8sCache } from '../evcache/fixtures';
import { substitute } from './substitute';

const objects = synthChart(k8sCache({ replication: {} }).chart);
const memcachedContainer = findObject(objects, 'StatefulSet', 'urls-us-east-1a').spec.template.spec.containers
  .find((c: { name: string }) => c.name === 'memcached');
const generated: string[] = memcachedContainer.args;

/** Sends `command` and collects the reply until it ends with `terminator` (or the socket closes). */
function exchange(socket: NodeJS.ReadWriteStream & { end(): void; destroy(): void }, command: string, terminator: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no reply to ${JSON.stringify(command)}, got ${JSON.stringify(out)}`)); }, 5000);
    socket.on('data', (d: Buffer) => {
      out += d.toString();
      if (terminator.test(out)) { clearTimeout(timer); socket.removeAllListeners('data'); resolve(out); }
    });
    socket.on('close', () => { clearTimeout(timer); resolve(out); });
    socket.on('error', () => undefined);
    socket.write(command);
  });
}

describe('memcached with the StatefulSet command line', () => {
  const dir = tempDir('evcache-memcached-');
  let port: number;
  let server: LoopbackProcess;
  let ca: string;
  let args: string[];
  let changed: string[];

  beforeAll(async () => {
    const memcached = requireBinary('memcached', 'memcached');
    const { cert, key } = selfSignedCertificate(dir.path);
    ca = readFileSync(cert, 'utf8');
    port = await freePort();
    ({ items: args, changed } = substitute(generated, [
      [`${generated[generated.indexOf('--port') + 1]}`, String(port)],
      ['/tls/tls.crt', cert],
      ['/tls/tls.key', key],
    ]));
    // Loopback only; as root (CI containers) memcached refuses to start without a user to drop to.
    const extra = ['--listen', '127.0.0.1', ...(process.getuid?.() === 0 ? ['--user', 'nobody'] : [])];
    server = startProcess('memcached', memcached, [...args, ...extra]);
    await waitForPort(port, server);
  });
  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  const tls = () => tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' });

  test('only the port and the certificate paths were substituted', () => {
    expect(changed).toEqual(['11211', 'ssl_chain_cert=/tls/tls.crt,ssl_key=/tls/tls.key']);
    expect(args.length).toBe(generated.length);
  });

  test('it serves over TLS with the generated settings in effect', async () => {
    const settings = await exchange(tls(), 'stats settings\r\n', /END\r\n$/);
    const stat = (name: string) => new RegExp(`^STAT ${name} (.*)\r$`, 'm').exec(settings)?.[1];
    expect({
      maxbytes: stat('maxbytes'), maxconns: stat('maxconns'), num_threads: stat('num_threads'),
      item_size_max: stat('item_size_max'), udpport: stat('udpport'), ssl_enabled: stat('ssl_enabled'),
    }).toEqual({
      maxbytes: String(3584 * 1024 * 1024), maxconns: '4096', num_threads: '4', item_size_max: String(1024 * 1024), udpport: '0', ssl_enabled: 'yes',
    });
  });

  test('a set then get round-trips over TLS, and an item above --max-item-size is refused', async () => {
    const s = tls();
    expect(await exchange(s, 'set k 0 0 5\r\nhello\r\n', /\r\n$/)).toBe('STORED\r\n');
    expect(await exchange(s, 'get k\r\n', /END\r\n$/)).toBe('VALUE k 0 5\r\nhello\r\nEND\r\n');
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect(await exchange(s, `set big 0 0 ${big.length}\r\n${big}\r\n`, /\r\n$/)).toMatch(/^SERVER_ERROR object too large for cache\r\n/);
    s.end();
  });

  test('a plain-text client gets no answer: every connection must be TLS', async () => {
    const reply = await exchange(createConnection({ host: '127.0.0.1', port }), 'version\r\n', /\r\n$/);
    expect(reply).not.toMatch(/VERSION/);
  });
});
