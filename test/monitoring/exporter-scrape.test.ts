/**
 * The catalog entries marked `scraped` against a real scrape: Debian's redis_exporter (1.45)
 * against a real redis-server (7.0.15) on 127.0.0.1, after a few commands so per-command series
 * exist. The manifests pin redis_exporter v1.62.0; its names were read from its source at that tag
 * (the catalog's provenance), and this proves the ones both versions share with the real binary.
 */
import { execFileSync } from 'node:child_process';
import { REDIS_EXPORTER_V1_62_0 } from '../../constructs/monitoring/catalog/prometheus';
import { freePort, httpGet, type LoopbackProcess, requireBinary, startProcess, tempDir, waitForPort } from '../helpers/loopback';

/** Series in a Prometheus text exposition: name → label names seen, and the family TYPEs. */
function parseExposition(text: string) {
  const series = new Map<string, Set<string>>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)/.exec(line);
    if (t) types.set(t[1], t[2]);
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? /.exec(line);
    if (!m) continue;
    const labels = [...(m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map((x) => x[1]);
    series.set(m[1], new Set([...(series.get(m[1]) ?? []), ...labels]));
  }
  return { series, types };
}

describe('redis_exporter scraped against redis-server', () => {
  const dir = tempDir('redis-scrape-');
  let redis: LoopbackProcess | undefined;
  let exporter: LoopbackProcess | undefined;
  let scrape = '';

  beforeAll(async () => {
    const redisPort = await freePort();
    redis = startProcess('redis-server', requireBinary('redis-server', 'redis-server'),
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir.path]);
    await waitForPort(redisPort, redis);
    const cli = requireBinary('redis-cli', 'redis-tools');
    for (const cmd of [['SET', 'k', 'v'], ['GET', 'k'], ['ZADD', 'q', '1', 'm'], ['GET', 'missing']]) execFileSync(cli, ['-p', String(redisPort), ...cmd]);
    const port = await freePort();
    exporter = startProcess('redis_exporter', requireBinary('prometheus-redis-exporter', 'prometheus-redis-exporter'),
      ['-redis.addr', `redis://127.0.0.1:${redisPort}`, '-web.listen-address', `127.0.0.1:${port}`]);
    await waitForPort(port, exporter);
    scrape = await httpGet(port);
  });
  afterAll(async () => {
    await exporter?.stop();
    await redis?.stop();
    dir.remove();
  });

  const scraped = REDIS_EXPORTER_V1_62_0.metrics.filter((m) => m.scraped);
  test('the catalog marks series as scraped', () => {
    expect(scraped.length).toBeGreaterThan(5);
  });

  test.each(scraped.map((m) => [m.name, m] as const))('%s is exposed with the catalogued type and labels', (_name, m) => {
    const { series, types } = parseExposition(scrape);
    expect(series.has(m.name)).toBe(true);
    const family = types.get(m.name) ?? types.get(m.name.replace(/_(sum|count)$/, ''));
    expect(family).toBe(m.type);
    expect([...series.get(m.name)!].sort()).toEqual([...m.labels].sort());
  });

  test('redis_up is 1 and a summary quantile is labelled "99" as our latency alert selects it', () => {
    expect(scrape).toMatch(/^redis_up 1$/m);
    expect(scrape).toMatch(/^redis_latency_percentiles_usec\{cmd="zadd",quantile="99"\} /m);
  });
});
