/**
 * Debian's redis-server (7.0.15) started with exactly the redis.conf of the Dynomite rack's
 * ConfigMap (only `port` and `dir` substituted for loopback); settings read back with CONFIG GET
 * and INFO, and noeviction shown by a write beyond maxmemory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { DynomiteCluster } from '../../constructs/dynomite/k8s/dynomite-cluster';
import { findObject, synthChart } from '../helpers/k8s';
import { testEnvironment } from '../helpers/environment';
import { type LoopbackProcess, freePort, requireBinary, startProcess, tempDir, waitForPort } from '../helpers/loopback';
import { substitute } from './substitute';

const chart = Testing.chart();
new DynomiteCluster(chart, 'Dynomite', {
  environment: testEnvironment(), region: 'us-east-1', clusterName: 'queues', namespace: 'dq',
  topology: { regions: [{ region: 'us-east-1', nodesPerZone: 1, replicationFactor: 3 }] },
  dynomiteImage: 'registry.example/dynomite:v0.6.22', storageGiB: 10, redisMemoryMiB: 1024, tlsSecretName: 'peer-tls',
  sla: { latencyP99Ms: 5, errorRatePercent: 0.1, availabilityPercent: 99.99, capacityHeadroomPercent: 30 },
});
const generated: string = findObject(synthChart(chart), 'ConfigMap', 'queues-us-east-1a-config').data['redis.conf'];

describe('redis-server with the generated redis.conf', () => {
  const dir = tempDir('dynomite-redis-');
  let port: number;
  let server: LoopbackProcess;
  let changed: string[];
  let cli: (...args: string[]) => string;

  beforeAll(async () => {
    const redis = requireBinary('redis-server', 'redis-server');
    const redisCli = requireBinary('redis-cli', 'redis-tools');
    port = await freePort();
    const { items, changed: c } = substitute(generated.split('\n'), [['port 6379', `port ${port}`], ['dir /data', `dir ${dir.path}`]]);
    changed = c;
    const conf = join(dir.path, 'redis.conf');
    writeFileSync(conf, items.join('\n'));
    server = startProcess('redis-server', redis, [conf]);
    await waitForPort(port, server);
    cli = (...args) => execFileSync(redisCli, ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }).trim();
  });
  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  test('only port and dir were substituted', () => {
    expect(changed).toEqual(['port 6379', 'dir /data']);
  });

  test('CONFIG GET reads back what a queue needs: noeviction, AOF every second, no RDB snapshots, 75% of the memory', () => {
    const get = (key: string) => cli('CONFIG', 'GET', key).split('\n')[1];
    expect({
      'maxmemory-policy': get('maxmemory-policy'), appendonly: get('appendonly'), appendfsync: get('appendfsync'),
      'aof-use-rdb-preamble': get('aof-use-rdb-preamble'), save: get('save') ?? '', maxmemory: get('maxmemory'),
      'protected-mode': get('protected-mode'), bind: get('bind'),
    }).toEqual({
      'maxmemory-policy': 'noeviction', appendonly: 'yes', appendfsync: 'everysec', 'aof-use-rdb-preamble': 'yes',
      save: '', maxmemory: String(768 * 1024 * 1024), 'protected-mode': 'yes', bind: '127.0.0.1 -::1',
    });
  });

  test('a write lands in the append-only file', () => {
    expect(cli('SET', 'queue-message', 'payload')).toBe('OK');
    expect(cli('INFO', 'persistence')).toMatch(/^aof_enabled:1\r?$/m);
    // Redis 7 keeps the AOF as a manifest plus files in `appenddirname`.
    expect(existsSync(join(dir.path, 'appendonlydir'))).toBe(true);
  });

  test('under noeviction a write beyond maxmemory is refused with OOM, and no key is evicted', () => {
    // 768 MiB is too much to fill on a shared CI machine: lower the limit at run time, keep the policy from the file.
    cli('SET', 'kept', 'x'.repeat(1000));
    expect(cli('CONFIG', 'SET', 'maxmemory', '1')).toBe('OK');
    expect(cli('SET', 'one-too-many', 'x')).toMatch(/^OOM command not allowed when used memory > 'maxmemory'/);
    expect(cli('GET', 'kept')).toBe('x'.repeat(1000));
    expect(cli('INFO', 'stats')).toMatch(/^evicted_keys:0\r?$/m);
  });
});
