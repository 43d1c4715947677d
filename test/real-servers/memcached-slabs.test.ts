import { createConnection } from 'node:net';
import { MEMCACHED_ITEM_OVERHEAD_BYTES, memcachedChunkBytes, memcachedSlabChunkSizes } from '../../constructs/capacity/memcached';
import { type LoopbackProcess, freePort, requireBinary, startProcess, waitForPort } from '../helpers/loopback';

/**
 * The capacity planner's memcached memory model is the real server's: the slab classes memcached
 * -vv prints at start-up with the default growth factor and smallest chunk (the planner's
 * assumption; the EVCache pods set neither -f nor -n), and the class an item of a given key and
 * value size is stored in.
 */
describe('memcached slab classes and item sizes (Debian memcached, defaults)', () => {
  let server: LoopbackProcess | undefined;
  let printed: number[] = [];
  let port = 0;

  /** Sends `request` and resolves with the reply once it matches `until`. */
  const exchange = (request: string, until: RegExp) => new Promise<string>((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    socket.on('data', (d) => { reply += d; if (until.test(reply)) { socket.end(); resolve(reply); } });
    socket.on('error', reject);
    socket.write(request);
  });
  const itemCounts = async (): Promise<Map<number, number>> => {
    const stats = await exchange('stats items\r\n', /END\r\n$/);
    return new Map([...stats.matchAll(/^STAT items:(\d+):number (\d+)\r$/gm)].map((m) => [Number(m[1]), Number(m[2])]));
  };
  /** The slab class memcached stores a new item in: the one class whose item count grew. */
  const classOf = async (key: string, valueBytes: number): Promise<number> => {
    const before = await itemCounts();
    await exchange(`set ${key} 0 0 ${valueBytes}\r\n${'x'.repeat(valueBytes)}\r\n`, /STORED\r\n$/);
    const grown = [...await itemCounts()].filter(([c, k]) => k > (before.get(c) ?? 0)).map(([c]) => c);
    expect(grown).toHaveLength(1);
    return grown[0];
  };

  beforeAll(async () => {
    const memcached = requireBinary('memcached', 'memcached');
    port = await freePort();
    // Loopback only, no UDP; as root memcached refuses to start without a user to drop to.
    server = startProcess('memcached', memcached, ['-vv', '--listen', '127.0.0.1', '--port', String(port), '--udp-port', '0',
      ...(process.getuid?.() === 0 ? ['--user', 'nobody'] : [])]);
    await waitForPort(port, server);
    printed = [...server.output().matchAll(/^slab class\s+\d+: chunk size\s+(\d+)/gm)].map((m) => Number(m[1]));
  });
  afterAll(async () => { await server?.stop(); });

  test('the planner\'s chunk sizes are the ones memcached prints', () => {
    expect(printed.length).toBeGreaterThan(10);
    expect(memcachedSlabChunkSizes()).toEqual(printed);
  });

  test('an item takes the smallest printed chunk that holds it and its header', () => {
    for (const size of [1, 40, 41, 500, 4096, 400_000, 470_000]) {
      expect(memcachedChunkBytes(size)).toBe(printed.find((c) => c >= size + MEMCACHED_ITEM_OVERHEAD_BYTES));
    }
  });

  // Each case stores a new key (a counter padded to the key length), on both sides of a chunk boundary.
  let n = 0;
  test.each([
    [1, 36], [1, 37], [10, 27], [10, 28], [3, 250], [3, 320], [20, 4076], [20, 4500],
  ])('a %d-byte key with a %d-byte value is stored in the chunk the planner gives key + value', async (keyBytes, valueBytes) => {
    const chunk = printed[(await classOf(`${n++}`.padStart(keyBytes, 'k'), valueBytes)) - 1];
    expect(chunk).toBe(memcachedChunkBytes(keyBytes + valueBytes));
  });
});
