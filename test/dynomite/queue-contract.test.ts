import {
  type QueueContractSpec, contractEntries, queueContractProblems, queueShardKey, queueShards, resolveQueueContract, unackShardKey,
} from '../../constructs/dynomite/queue-contract';

const spec: QueueContractSpec = {
  prefix: 'dynoQueue',
  shardCount: 3,
  queues: [
    { name: 'tasks', priorityLevels: 10, unackTimeoutSeconds: 60, maxDeliveries: 5, deadLetterQueue: 'dead' },
    { name: 'dead', unackTimeoutSeconds: 300 },
  ],
};
const racks = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const consistency = { read: 'DC_QUORUM', write: 'DC_QUORUM' };

describe('shards', () => {
  test('one shard per rack is named after the rack', () => {
    expect(queueShards(3, racks)).toEqual(racks.map((r) => ({ name: r, rack: r })));
  });

  test('several shards per rack are numbered and spread evenly', () => {
    const shards = queueShards(6, racks);
    expect(shards.map((s) => s.name)).toEqual(['us-east-1a-0', 'us-east-1a-1', 'us-east-1b-0', 'us-east-1b-1', 'us-east-1c-0', 'us-east-1c-1']);
    for (const r of racks) expect(shards.filter((s) => s.rack === r)).toHaveLength(2);
  });

  test('dyno-queues keys', () => {
    expect(queueShardKey('dynoQueue', 'tasks', 'us-east-1a')).toBe('dynoQueue.QUEUE.tasks.us-east-1a');
    expect(unackShardKey('dynoQueue', 'tasks', 'us-east-1a')).toBe('dynoQueue.UNACK.tasks.us-east-1a');
  });
});

describe('published contract', () => {
  const c = resolveQueueContract(spec, 'us-east-1', racks, consistency);
  const entries = Object.fromEntries(contractEntries(c));

  test('carries queues, shards → racks, priorities, unack timeout, redelivery and consistency', () => {
    expect(entries).toMatchObject({
      prefix: 'dynoQueue',
      datacenter: 'us-east-1',
      shards: 'us-east-1a,us-east-1b,us-east-1c',
      'shard-racks': 'us-east-1a=us-east-1a,us-east-1b=us-east-1b,us-east-1c=us-east-1c',
      queues: 'tasks,dead',
      'consistency/write': 'DC_QUORUM',
      'consistency/read': 'DC_QUORUM',
      'queues/tasks/priority-levels': '10',
      'queues/tasks/unack-timeout-seconds': '60',
      'queues/tasks/max-deliveries': '5',
      'queues/tasks/dead-letter-queue': 'dead',
      'queues/tasks/shard-keys': 'dynoQueue.QUEUE.tasks.us-east-1a,dynoQueue.QUEUE.tasks.us-east-1b,dynoQueue.QUEUE.tasks.us-east-1c',
    });
  });

  test('defaults: one priority level, unlimited redelivery, no dead-letter queue', () => {
    expect(entries['queues/dead/priority-levels']).toBe('1');
    expect(entries['queues/dead/max-deliveries']).toBe('unlimited');
    expect(entries['queues/dead/dead-letter-queue']).toBe('none');
  });

  test('entries are sorted by key (stable output)', () => {
    const keys = contractEntries(c).map(([k]) => k);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('validation', () => {
  const problems = (over: Partial<QueueContractSpec>, nodes = 6) => queueContractProblems({ ...spec, ...over }, 3, nodes);

  test('a valid contract has no problems', () => {
    expect(problems({})).toEqual([]);
  });

  test('more shards than nodes', () => {
    expect(problems({ shardCount: 9 })).toEqual([expect.stringMatching(/`queues.shardCount` must be <= the nodes of the datacenter \(6\).*got 9/)]);
  });

  test('shards not a multiple of the racks', () => {
    expect(problems({ shardCount: 4 })).toEqual([expect.stringMatching(/`queues.shardCount` must be a multiple of the racks \(3\).*got 4/)]);
  });

  test.each([0, 1.5, -3])('shard count %p', (shardCount) => {
    expect(problems({ shardCount })).toEqual([expect.stringMatching(/`queues.shardCount` must be a positive integer/)]);
  });

  test('bad prefix and queue names, duplicates, no queues', () => {
    expect(problems({ prefix: '1x' })).toEqual([expect.stringMatching(/`queues.prefix` must match .*got '1x'/)]);
    expect(problems({ queues: [] })).toEqual([expect.stringMatching(/`queues.queues` must list at least one queue/)]);
    expect(problems({ queues: [{ name: 'A.B', unackTimeoutSeconds: 1 }] })).toEqual([expect.stringMatching(/`queues.queues\[0\].name` must match .*got 'A.B'/)]);
    expect(problems({ queues: [{ name: 'a', unackTimeoutSeconds: 1 }, { name: 'a', unackTimeoutSeconds: 1 }] }))
      .toEqual([expect.stringMatching(/`queues.queues\[1\].name` must be unique, got duplicate 'a'/)]);
  });

  test.each([0, 101, 2.5])('priority levels %p', (priorityLevels) => {
    expect(problems({ queues: [{ name: 'a', priorityLevels, unackTimeoutSeconds: 1 }] }))
      .toEqual([expect.stringMatching(/`queues.queues\[0\].priorityLevels` must be an integer from 1 to 100/)]);
  });

  test('unack timeout', () => {
    expect(problems({ queues: [{ name: 'a', unackTimeoutSeconds: 0 }] }))
      .toEqual([expect.stringMatching(/`queues.queues\[0\].unackTimeoutSeconds` must be a positive integer, got 0/)]);
  });

  test('redelivery policy: max deliveries needs a dead-letter queue of the contract, and the reverse', () => {
    expect(problems({ queues: [{ name: 'a', unackTimeoutSeconds: 1, maxDeliveries: 3 }] }))
      .toEqual([expect.stringMatching(/`queues.queues\[0\].deadLetterQueue` must name a queue when `maxDeliveries` is set/)]);
    expect(problems({ queues: [{ name: 'a', unackTimeoutSeconds: 1, maxDeliveries: 3, deadLetterQueue: 'nope' }] }))
      .toEqual([expect.stringMatching(/`queues.queues\[0\].deadLetterQueue` must be another queue of the contract.*got 'nope'/)]);
    expect(problems({ queues: [{ name: 'a', unackTimeoutSeconds: 1 }, { name: 'b', unackTimeoutSeconds: 1, deadLetterQueue: 'a' }] }))
      .toEqual([expect.stringMatching(/`queues.queues\[1\].deadLetterQueue` needs `maxDeliveries`/)]);
    expect(problems({ queues: [{ name: 'a', unackTimeoutSeconds: 1, maxDeliveries: 0, deadLetterQueue: 'b' }, { name: 'b', unackTimeoutSeconds: 1 }] }))
      .toEqual([expect.stringMatching(/`queues.queues\[0\].maxDeliveries` must be a positive integer, got 0/)]);
  });
});
