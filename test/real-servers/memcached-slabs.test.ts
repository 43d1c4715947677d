import { memcachedChunkBytes, memcachedSlabChunkSizes } from '../../constructs/capacity/memcached';
import { type LoopbackProcess, freePort, requireBinary, startProcess, waitForPort } from '../helpers/loopback';

/**
 * The capacity planner's memcached slab classes are the real server's: memcached -vv prints its
 * chunk sizes at start-up with the default growth factor and smallest chunk (the planner's
 * assumption; the EVCache pods set neither -f nor -n).
 */
describe('memcached slab classes (Debian memcached, defaults)', () => {
  let server: LoopbackProcess | undefined;
  let printed: number[] = [];

  beforeAll(async () => {
    const memcached = requireBinary('memcached', 'memcached');
    const port = await freePort();
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
      expect(memcachedChunkBytes(size)).toBe(printed.find((c) => c >= size + 56));
    }
  });
});
