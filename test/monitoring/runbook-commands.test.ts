/**
 * The commands the runbooks tell an on-call engineer to type, checked against the real tools:
 * redis-cli against a real redis-server running the queue nodes' generated redis.conf, kubectl's
 * own flag parser (against a port nobody listens on, so every command fails only on the
 * connection), the resource names `kubectl get` asks for against their CRDs, the label selectors
 * against the synthesized pods, and nodetool's arguments against Cassandra's source.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MaxMemoryPolicy } from '../../constructs/dynomite/consistency';
import { redisConf } from '../../constructs/dynomite/ring';
import { readOutput } from '../../scripts/review/output';
import { defaultSynth } from '../helpers/default-synth';
import type { KubeObject } from '../helpers/k8s';
import { freePort, type LoopbackProcess, requireBinary, startProcess, tempDir, waitForPort } from '../helpers/loopback';
import { RUNBOOK_DIR } from './runbook-links';

/** Every `...` span of every runbook, with its file. */
const spans = readdirSync(RUNBOOK_DIR).filter((f) => f.endsWith('.md')).flatMap((page) =>
  [...readFileSync(join(RUNBOOK_DIR, page), 'utf8').replace(/\n/g, ' ').matchAll(/`([^`]+)`/g)].map((m) => ({ page, text: m[1] })));
const commands = (tool: string) => spans.filter((s) => s.text.startsWith(`${tool} `) || s.text.includes(` -- ${tool} `));
/** `<pod>` → `pod`: placeholders become plain words the tools accept. */
const fill = (text: string) => text.replace(/<([A-Za-z/-]+)>/g, (_, w: string) => w.replace(/\W/g, ''));

describe('redis-cli commands of the runbooks, against redis-server with the generated redis.conf', () => {
  const dir = tempDir('runbook-redis-');
  let redis: LoopbackProcess | undefined;
  let port = 0;
  const cli = () => requireBinary('redis-cli', 'redis-tools');

  beforeAll(async () => {
    port = await freePort();
    const conf = join(dir.path, 'redis.conf');
    // The generated file with the test's port and data directory (redis-server enters `dir` while
    // it reads the file, and /data does not exist here); every other line as deployed.
    const generated = redisConf(64, MaxMemoryPolicy.NOEVICTION);
    expect(generated).toMatch(/^port \d+$/m);
    expect(generated).toMatch(/^dir \/data$/m);
    writeFileSync(conf, generated.replace(/^port \d+$/m, `port ${port}`).replace(/^dir \/data$/m, `dir ${dir.path}`));
    redis = startProcess('redis-server', requireBinary('redis-server', 'redis-server'), [conf]);
    await waitForPort(port, redis);
  });
  afterAll(async () => {
    await redis?.stop();
    dir.remove();
  });

  const redisCommands = commands('redis-cli').map((c) => fill(c.text.slice(c.text.indexOf('redis-cli ') + 'redis-cli '.length)));

  test('the runbooks have redis-cli commands', () => expect(redisCommands.length).toBeGreaterThanOrEqual(3));

  test.each(redisCommands.map((c) => [c]))('redis-cli %s: the server knows it', (command) => {
    const out = execFileSync(cli(), ['-p', String(port), ...command.split(' ')], { encoding: 'utf8' });
    expect(out).not.toMatch(/^(\(error\) )?ERR/m);
  });

  test('the eviction check answers noeviction on the generated redis.conf, and INFO persistence has the AOF rewrite flag', () => {
    expect(execFileSync(cli(), ['-p', String(port), 'CONFIG', 'GET', 'maxmemory-policy'], { encoding: 'utf8' }).split('\n')[1]).toBe('noeviction');
    expect(execFileSync(cli(), ['-p', String(port), 'INFO', 'persistence'], { encoding: 'utf8' })).toMatch(/^aof_rewrite_in_progress:0\r?$/m);
  });
});

describe('kubectl commands of the runbooks', () => {
  const kubectlCommands = commands('kubectl').map((c) => ({ ...c, args: fill(c.text).split(' ').slice(1) }));

  test('the runbooks have kubectl commands', () => expect(kubectlCommands.length).toBeGreaterThanOrEqual(8));

  test('each parses with kubectl (flags, subcommands): it fails only on the connection', async () => {
    const kubectl = requireBinary('kubectl', 'kubernetes-client');
    const port = await freePort(); // nobody listens there
    const dir = tempDir('runbook-kubectl-');
    const kubeconfig = join(dir.path, 'config');
    writeFileSync(kubeconfig, '');
    try {
      const failures = kubectlCommands.map(({ page, text, args }) => {
        const r = spawnSync(kubectl, [`--server=https://127.0.0.1:${port}`, '--token=t', '--request-timeout=2s', ...args],
          { encoding: 'utf8', env: { ...process.env, KUBECONFIG: kubeconfig }, input: '', timeout: 30_000 });
        return { page, text, refusedOnly: /connection to the server 127\.0\.0\.1:\d+ was refused/.test(r.stderr), stderr: r.stderr.split('\n')[0] };
      }).filter((f) => !f.refusedOnly);
      expect(failures).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  /**
   * Names `kubectl get` accepts for the custom resources the runbooks ask for: the vendored ECK
   * CRD, and cass-operator's CassandraDatacenter CRD at v1.31.0 (commit 78300f18,
   * config/crd/bases/cassandra.datastax.com_cassandradatacenters.yaml: plural cassandradatacenters,
   * singular cassandradatacenter, shortNames cassdc, cassdcs), which k8ssandra-operator installs.
   */
  const crdNames = (file: string) => {
    const n = parse(readFileSync(join(__dirname, '..', '..', 'crds', file), 'utf8')).spec.names;
    return [n.plural, n.singular, ...(n.shortNames ?? [])];
  };
  const KNOWN = new Set(['pods', 'pod', 'deploy', 'deployment', 'statefulset', 'sts', 'secret', 'service', 'svc',
    ...crdNames('elasticsearch.k8s.elastic.co_elasticsearches.yaml'), 'cassandradatacenters', 'cassandradatacenter', 'cassdc', 'cassdcs']);

  test('every resource kubectl get lists is a core resource or a CRD name', () => {
    const kinds = kubectlCommands.filter((c) => c.args[c.args.indexOf('get') + 1] !== undefined && c.args.includes('get'))
      .flatMap((c) => c.args[c.args.indexOf('get') + 1].split(','));
    expect(kinds.length).toBeGreaterThan(3);
    expect(kinds.filter((k) => !KNOWN.has(k))).toEqual([]);
  });

  test('the EVCache selector selects every server group of a cache, not one zone', () => {
    const selector = kubectlCommands.filter((c) => c.page === 'k8s-evcache.md').flatMap((c) => c.text.match(/-l ([\w./-]+)=<cache>/)?.[1] ?? []);
    expect(selector).toHaveLength(1);
    const charts = readOutput(defaultSynth().root).charts as ReadonlyMap<string, KubeObject[]>;
    const groups = [...charts.values()].flat().filter((o) => o.kind === 'StatefulSet' && o.metadata.labels?.['app.kubernetes.io/name'] === 'evcache');
    expect(groups.length).toBeGreaterThan(1);
    const byCache = new Map<string, Set<string>>();
    for (const g of groups) {
      const labels = g.spec.template.metadata.labels;
      const cache = labels['app.kubernetes.io/part-of'];
      byCache.set(cache, new Set([...(byCache.get(cache) ?? []), labels[selector[0]]]));
    }
    // One value per cache, and that value is the cache name the runbook's <cache> stands for.
    expect([...byCache].filter(([cache, values]) => values.size !== 1 || !values.has(cache))).toEqual([]);
  });
});

describe('nodetool commands of the runbooks', () => {
  /**
   * Subcommands and what each requires, from Cassandra's source (apache/cassandra
   * src/java/org/apache/cassandra/tools/nodetool/): ClearSnapshot.java (stored commit 1c267104)
   * throws "Specify snapshot name or --all" without `-t` or `--all`; SetCompactionThroughput.java
   * (0b944b1d) has a required `<value_in_mb>` argument; the others take no required argument.
   */
  const REQUIRES: Readonly<Record<string, RegExp>> = {
    status: /^$/, drain: /^$/, repair: /.*/, listsnapshots: /^$/, compactionstats: /^$/, tpstats: /^$/,
    getcompactionthroughput: /^$/, clearsnapshot: /^(-t \S+|--all)( |$)/, setcompactionthroughput: /^\S+/,
  };
  const nodetool = commands('nodetool').map((c) => {
    const after = fill(c.text.slice(c.text.indexOf('nodetool ') + 'nodetool '.length)).replace(/^-u \S+ -pw \S+ /, '');
    const [sub, ...rest] = after.split(' ');
    return { text: c.text, sub, rest: rest.join(' ') };
  });

  test('the runbooks have nodetool commands', () => expect(nodetool.length).toBeGreaterThanOrEqual(8));

  test('every subcommand exists and gets the arguments nodetool requires', () => {
    expect(nodetool.filter((n) => !REQUIRES[n.sub]?.test(n.rest)).map((n) => n.text)).toEqual([]);
  });

  test('the check fails on a bare clearsnapshot (what the runbook said before)', () => {
    expect(REQUIRES.clearsnapshot.test('')).toBe(false);
    expect(REQUIRES.clearsnapshot.test('-t snapshot')).toBe(true);
  });
});
