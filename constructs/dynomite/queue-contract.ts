import { Problems, show } from '../platform/errors';
import { describeLimit, limitProblems, withinLimit } from '../platform/limits';
import { DYNOMITE_LIMITS } from './limits';

/** One delayed queue. */
export interface QueueDefinition {
  /** Queue name: lowercase letters, digits, `_` and `-`. Part of every key of the queue. */
  readonly name: string;
  /**
   * Priority levels within a shard, 0 (first) to `priorityLevels - 1`. dyno-queues adds
   * `priority / 100` to the delivery-time score, so at most 100 levels.
   *
   * @default 1 (no priorities)
   */
  readonly priorityLevels?: number;
  /**
   * Seconds a popped message stays in the UNACK set before it is put back on its shard
   * (at-least-once delivery: a consumer that dies mid-message does not lose it).
   */
  readonly unackTimeoutSeconds: number;
  /**
   * Deliveries after which a message is moved to `deadLetterQueue` instead of redelivered.
   *
   * @default - unlimited: a message is redelivered until acknowledged
   */
  readonly maxDeliveries?: number;
  /**
   * Queue (of this contract) receiving messages that reached `maxDeliveries`. Required with
   * `maxDeliveries`.
   *
   * @default - none
   */
  readonly deadLetterQueue?: string;
}

/** The queue contract: what every producer and consumer must agree on. */
export interface QueueContractSpec {
  /** Key prefix (dyno-queues `redisKeyPrefix`): letters, digits, `_`, `-`. */
  readonly prefix: string;
  readonly queues: QueueDefinition[];
  /**
   * Shards of each queue per datacenter (region). Shards map to racks (zones) round-robin, so
   * consumers pop from the shards of their own zone; must be a multiple of the racks and at
   * most the nodes of the datacenter.
   */
  readonly shardCount: number;
}

/** One shard of a datacenter and the rack whose consumers own it. */
export interface QueueShard {
  readonly name: string;
  readonly rack: string;
}

/** A queue with its defaults applied. */
export interface ResolvedQueue {
  readonly name: string;
  readonly priorityLevels: number;
  readonly unackTimeoutSeconds: number;
}

/** What happens to a message that is never acknowledged. */
export interface RedeliveryPolicy {
  readonly maxDeliveries: number | 'unlimited';
  readonly deadLetterQueue: string | null;
}

/** The contract as published for one datacenter. */
export interface QueueContract {
  readonly prefix: string;
  readonly datacenter: string;
  readonly shards: readonly QueueShard[];
  readonly queues: readonly ResolvedQueue[];
  /** Queue name → redelivery policy. */
  readonly redelivery: Readonly<Record<string, RedeliveryPolicy>>;
  readonly consistency: { readonly read: string; readonly write: string };
}

const QUEUE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const PREFIX = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
/** dyno-queues scores are `deliveryTimeMs + priority / 100`. */
export const MAX_PRIORITY_LEVELS = DYNOMITE_LIMITS.priorityLevels.max;

/**
 * Problems of a contract in a datacenter with `racks` racks and `nodes` nodes. `field` prefixes
 * the messages.
 */
export function queueContractProblems(spec: QueueContractSpec, racks: number, nodes: number, field = 'queues'): string[] {
  const p = new Problems();
  p.check(PREFIX.test(spec.prefix), () => `\`${field}.prefix\` must match ${PREFIX}, got ${show(spec.prefix)}`);
  p.check(spec.queues.length > 0, () => `\`${field}.queues\` must list at least one queue, got []`);
  const names = spec.queues.map((q) => q.name);
  spec.queues.forEach((q, i) => {
    const at = `${field}.queues[${i}]`;
    p.check(QUEUE_NAME.test(q.name), () => `\`${at}.name\` must match ${QUEUE_NAME}, got ${show(q.name)}`);
    p.check(names.indexOf(q.name) === i, () => `\`${at}.name\` must be unique, got duplicate ${show(q.name)}`);
    const levels = q.priorityLevels ?? 1;
    p.check(withinLimit(levels, DYNOMITE_LIMITS.priorityLevels),
      () => `\`${at}.priorityLevels\` must be ${describeLimit(DYNOMITE_LIMITS.priorityLevels)}, got ${show(q.priorityLevels)}`);
    p.merge(limitProblems(`${at}.unackTimeoutSeconds`, q.unackTimeoutSeconds, DYNOMITE_LIMITS.unackTimeoutSeconds));
    if (q.maxDeliveries !== undefined) {
      p.merge(limitProblems(`${at}.maxDeliveries`, q.maxDeliveries, DYNOMITE_LIMITS.maxDeliveries));
      p.check(q.deadLetterQueue !== undefined,
        () => `\`${at}.deadLetterQueue\` must name a queue when \`maxDeliveries\` is set: a message past its last delivery must go somewhere, got undefined`);
    }
    if (q.deadLetterQueue !== undefined) {
      p.check(names.includes(q.deadLetterQueue) && q.deadLetterQueue !== q.name,
        () => `\`${at}.deadLetterQueue\` must be another queue of the contract (${names.filter((n) => n !== q.name).join(', ')}), got ${show(q.deadLetterQueue)}`);
      p.check(q.maxDeliveries !== undefined, () => `\`${at}.deadLetterQueue\` needs \`maxDeliveries\`, got undefined`);
    }
  });
  const sizeOk = p.check(withinLimit(spec.shardCount, DYNOMITE_LIMITS.shardCount),
    () => limitProblems(`${field}.shardCount`, spec.shardCount, DYNOMITE_LIMITS.shardCount)[0]);
  if (sizeOk && racks > 0) {
    p.check(spec.shardCount % racks === 0,
      () => `\`${field}.shardCount\` must be a multiple of the racks (${racks}) so every zone's consumers own as many shards, got ${spec.shardCount}`);
    p.check(spec.shardCount <= nodes,
      () => `\`${field}.shardCount\` must be <= the nodes of the datacenter (${nodes}): more shards than nodes only adds polling, got ${spec.shardCount}`);
  }
  return [...p.items];
}

/** Shards of a datacenter: `shardCount / racks` per rack, named after the rack (`us-east-1a`, or `us-east-1a-0`, `-1` ...). */
export function queueShards(shardCount: number, racks: readonly string[]): QueueShard[] {
  const perRack = shardCount / racks.length;
  return racks.flatMap((rack) => Array.from({ length: perRack }, (_, i) => ({ name: perRack === 1 ? rack : `${rack}-${i}`, rack })));
}

/** Sorted-set key of a queue shard, scored by delivery time and priority (dyno-queues). */
export function queueShardKey(prefix: string, queue: string, shard: string): string {
  return `${prefix}.QUEUE.${queue}.${shard}`;
}

/** UNACK sorted set of a queue shard, scored by the redelivery deadline. */
export function unackShardKey(prefix: string, queue: string, shard: string): string {
  return `${prefix}.UNACK.${queue}.${shard}`;
}

/** The contract of one datacenter, ready to publish. Validate with queueContractProblems first. */
export function resolveQueueContract(spec: QueueContractSpec, datacenter: string, racks: readonly string[],
  consistency: { read: string; write: string }): QueueContract {
  return {
    prefix: spec.prefix,
    datacenter,
    shards: queueShards(spec.shardCount, racks),
    queues: spec.queues.map((q) => ({ name: q.name, priorityLevels: q.priorityLevels ?? 1, unackTimeoutSeconds: q.unackTimeoutSeconds })),
    redelivery: Object.fromEntries(spec.queues.map((q) => [q.name, {
      maxDeliveries: q.maxDeliveries ?? 'unlimited', deadLetterQueue: q.deadLetterQueue ?? null,
    }])),
    consistency,
  };
}

/**
 * The contract as flat key → value pairs (SSM parameter paths below a root, ConfigMap keys with
 * `/` turned into `.`). Sorted, so the output is byte-stable.
 */
export function contractEntries(c: QueueContract): [string, string][] {
  const entries: [string, string][] = [
    ['prefix', c.prefix],
    ['datacenter', c.datacenter],
    ['shards', c.shards.map((s) => s.name).join(',')],
    ['shard-racks', c.shards.map((s) => `${s.name}=${s.rack}`).join(',')],
    ['consistency/read', c.consistency.read],
    ['consistency/write', c.consistency.write],
    ['queues', c.queues.map((q) => q.name).join(',')],
  ];
  for (const q of c.queues) {
    const r = c.redelivery[q.name];
    entries.push(
      [`queues/${q.name}/priority-levels`, String(q.priorityLevels)],
      [`queues/${q.name}/unack-timeout-seconds`, String(q.unackTimeoutSeconds)],
      [`queues/${q.name}/max-deliveries`, String(r.maxDeliveries)],
      [`queues/${q.name}/dead-letter-queue`, r.deadLetterQueue ?? 'none'],
      [`queues/${q.name}/shard-keys`, c.shards.map((s) => queueShardKey(c.prefix, q.name, s.name)).join(',')],
    );
  }
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
