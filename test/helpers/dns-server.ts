/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP) for tests: answers A queries from a map the
 * test changes at will (a peer appears, moves, disappears); other names get NXDOMAIN, other
 * types an empty answer. Message layout from RFC 1035 §4.1; TTL 0 so nothing caches.
 */
import { type Socket, createSocket } from 'node:dgram';

export interface TestDnsServer {
  readonly port: number;
  /** name → IPv4 address; delete a name to make it NXDOMAIN. */
  readonly records: Map<string, string>;
  /** Names asked for, in order. */
  readonly queries: string[];
  close(): Promise<void>;
}

function questionName(msg: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let i = 12;
  while (msg[i] !== 0) {
    labels.push(msg.subarray(i + 1, i + 1 + msg[i]).toString('ascii'));
    i += msg[i] + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 1 };
}

function answer(query: Buffer, records: Map<string, string>, queries: string[]): Buffer {
  const { name, end } = questionName(query);
  queries.push(name);
  const qtype = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const address = records.get(name);
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  // QR, opcode 0, AA, RD copied, RA; rcode 3 (NXDOMAIN) for an unknown name.
  header.writeUInt16BE(0x8480 | (query.readUInt16BE(2) & 0x0100) | (address === undefined ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  const answers: Buffer[] = [];
  if (address !== undefined && qtype === 1) {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(1, 2); // A
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(0, 6); // TTL
    rr.writeUInt16BE(4, 10);
    address.split('.').forEach((o, k) => rr.writeUInt8(Number(o), 12 + k));
    answers.push(rr);
  }
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, question, ...answers]);
}

/** Starts the server on a port the kernel picks. */
export async function startDnsServer(records: Record<string, string> = {}): Promise<TestDnsServer> {
  const map = new Map(Object.entries(records));
  const queries: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => socket.send(answer(msg, map, queries), rinfo.port, rinfo.address));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    records: map,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
