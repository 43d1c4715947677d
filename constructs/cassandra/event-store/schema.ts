import { ClusteringOrder, CqlType, type TableSchema } from '../schema';
import type { SchemaVersion } from '../schema-history';

/** Table names of the event store: part of the schema contract (services query them by name). */
export const EVENTS_TABLE = 'events';
export const SNAPSHOTS_TABLE = 'snapshots';

/**
 * Width of the time bucket that, with the aggregate id, partitions the events table: it bounds a
 * partition's size for long-lived aggregates. Every writer and reader must use the same width,
 * so it is published in the client profile; changing it moves where new events land.
 */
export class TimeBucket {
  public static readonly HOUR = new TimeBucket('1 hour', 3_600_000);
  public static readonly DAY = new TimeBucket('1 day', 86_400_000);
  /** 30 days: for aggregates with few events a month. */
  public static readonly MONTH = new TimeBucket('30 days', 2_592_000_000);

  private constructor(public readonly hocon: string, public readonly durationMs: number) {}
}

/**
 * Version 1. `events`: one partition per aggregate and time bucket (the bucket's start, UTC),
 * events ordered by sequence number; rows never expire and are never updated (appends use
 * `INSERT ... IF NOT EXISTS` on the sequence number). `snapshots`: the aggregate's state at a
 * sequence number, newest first, with the bucket to resume the event stream from.
 */
const V1_EVENTS: TableSchema = {
  name: EVENTS_TABLE,
  partitionKey: [{ name: 'aggregate_id', type: CqlType.TEXT }, { name: 'time_bucket', type: CqlType.TIMESTAMP }],
  clusteringKey: [{ name: 'sequence_nr', type: CqlType.BIGINT, order: ClusteringOrder.ASC }],
  columns: [
    { name: 'event_id', type: CqlType.UUID },
    { name: 'event_type', type: CqlType.TEXT },
    { name: 'event_version', type: CqlType.INT },
    { name: 'occurred_at', type: CqlType.TIMESTAMP },
    { name: 'payload', type: CqlType.BLOB },
  ],
};

const V1_SNAPSHOTS: TableSchema = {
  name: SNAPSHOTS_TABLE,
  partitionKey: [{ name: 'aggregate_id', type: CqlType.TEXT }],
  clusteringKey: [{ name: 'sequence_nr', type: CqlType.BIGINT, order: ClusteringOrder.DESC }],
  columns: [
    { name: 'time_bucket', type: CqlType.TIMESTAMP },
    { name: 'state_version', type: CqlType.INT },
    { name: 'taken_at', type: CqlType.TIMESTAMP },
    { name: 'state', type: CqlType.BLOB },
  ],
};

/** Version 2: tracing of which command caused an event (new regular columns only). */
const V2_EVENTS: TableSchema = {
  ...V1_EVENTS,
  columns: [
    ...V1_EVENTS.columns!,
    { name: 'correlation_id', type: CqlType.UUID },
    { name: 'causation_id', type: CqlType.UUID },
  ],
};

/**
 * The event store's schema history. Append a version to change the schema; never edit a
 * released one (its checksum is pinned here and checked at synth and by the migration Job).
 */
export const EVENT_STORE_SCHEMA: readonly SchemaVersion[] = [
  { version: 1, description: 'events and snapshots', tables: [V1_EVENTS, V1_SNAPSHOTS], checksum: '1734e0ed322be35b' },
  { version: 2, description: 'events: correlation_id and causation_id', tables: [V2_EVENTS, V1_SNAPSHOTS], checksum: 'd16b2a0315bfa0c7' },
];
