#!/usr/bin/env node
'use strict';
/*
 * Dynomite seed provider sidecar: answers dynomite's `florida_provider` with the peers whose
 * hostnames resolve right now, by IPv4 address, so that a node starts and stays up while some
 * peers do not resolve yet (another region down, a ServiceExport missing) and picks up a peer's
 * new address after its pod moves.
 *
 * What dynomite expects, from Netflix/dynomite 2046b05 (v0.6.21-rc2-22):
 * - src/seedsprovider/dyn_florida.c:20-32: it connects to DYNOMITE_FLORIDA_IP (127.0.0.1) port
 *   DYNOMITE_FLORIDA_PORT (8080) and sends DYNOMITE_FLORIDA_REQUEST, by default
 *   "GET /REST/v1/admin/get_seeds HTTP/1.0".
 * - dyn_florida.c:144-173: it reads until the server closes the connection, requires
 *   "200 OK\r\n" in the reply and takes the body after "\r\n\r\n"; an empty body is an error
 *   (line 207), an unchanged body (hash, line 213) is ignored.
 * - dyn_florida.c:14-15 and src/dyn_gossip.c gossip_update_seeds/parse_seeds: the body is
 *   `host:port:rack:dc:token` entries separated by '|'.
 * - src/dyn_gossip.c gossip_add_node_if_absent: a known token with a new address replaces the
 *   peer, so answering with addresses (not names) is what makes a moved pod picked up.
 * - src/seedsprovider/dyn_seeds_provider.h:5: dynomite asks at most every 30 s.
 *
 * Usage: node florida-seeds.js <seeds file> [--listen 127.0.0.1:8080] [--dns-server host:port]
 * The seeds file holds one `host:port:rack:dc:token` per line (the node's peers, generated).
 * Without --dns-server the pod's resolv.conf servers are used (cluster DNS); every request
 * resolves afresh, nothing is cached.
 */
const { readFileSync } = require('node:fs');
const { createServer } = require('node:http');
const { Resolver } = require('node:dns').promises;
const { isIPv4 } = require('node:net');

const PATH = '/REST/v1/admin/get_seeds';

/** Parses the seeds file: `host:port:rack:dc:token` per line; throws naming the line on a bad one. */
function parseSeeds(text, file) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((line, i) => {
    const parts = line.split(':');
    if (parts.length !== 5 || parts.some((p) => p === '') || !/^\d+$/.test(parts[1]) || !/^\d+$/.test(parts[4])) {
      throw new Error(`${file}: seed ${i + 1} must be host:port:rack:dc:token, got '${line}'`);
    }
    const [host, port, rack, dc, token] = parts;
    return { host, port, rack, dc, token };
  });
}

/** The peers that resolve now, `ip:port:rack:dc:token` joined by '|' (first address of each name). */
async function resolveSeeds(seeds, resolver) {
  const answers = await Promise.all(seeds.map(async (s) => {
    if (isIPv4(s.host)) return s.host;
    try {
      const ips = await resolver.resolve4(s.host);
      return ips[0];
    } catch {
      return undefined; // not resolvable yet: leave the peer out, ask again next time
    }
  }));
  return seeds.flatMap((s, i) => (answers[i] ? [`${answers[i]}:${s.port}:${s.rack}:${s.dc}:${s.token}`] : [])).join('|');
}

function hostPort(value, flag) {
  const m = /^(.+):(\d+)$/.exec(value ?? '');
  if (!m) throw new Error(`${flag} must be host:port, got '${value}'`);
  return { host: m[1], port: Number(m[2]) };
}

function main(argv) {
  const args = argv.slice(2);
  const flag = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args.splice(i, 2)[1]; };
  const listen = hostPort(flag('--listen') ?? '127.0.0.1:8080', '--listen');
  const dnsServer = flag('--dns-server');
  const file = args[0];
  if (!file || args.length !== 1) throw new Error('usage: florida-seeds.js <seeds file> [--listen host:port] [--dns-server host:port]');
  const seeds = parseSeeds(readFileSync(file, 'utf8'), file);
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (dnsServer) resolver.setServers([dnsServer]);
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' || req.url !== PATH) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`only GET ${PATH}\n`);
      return;
    }
    const body = await resolveSeeds(seeds, resolver);
    // Dynomite reads until the connection closes; an empty 200 would be logged as "No seeds".
    res.shouldKeepAlive = false;
    if (body === '') res.writeHead(503, { 'content-type': 'text/plain' }).end('no seed resolves yet');
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
  });
  server.listen(listen.port, listen.host, () => console.log(`florida-seeds: ${seeds.length} seeds from ${file}, listening on ${listen.host}:${listen.port}`));
  for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
}

if (require.main === module) {
  try {
    main(process.argv);
  } catch (e) {
    console.error(`florida-seeds: ${e.message}`);
    process.exit(2);
  }
}
