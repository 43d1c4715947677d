import type { ServiceLevelObjectives } from '../../platform/sla';
import {
  type ClientTarget, type DriverConnection, type NamedOperation, type OperationProfile, OperationKind, type ResolvedOperation,
  clientProfileProblems, driverProfileLines, renderApplicationConf, resolveOperations,
} from '../client-profile';
import { EVENTS_TABLE, SNAPSHOTS_TABLE, type TimeBucket } from './schema';

/**
 * How the event-sourced service calls its event store, one profile per operation. The driver
 * profile names are `append`, `read-stream`, `read-snapshot` and `write-snapshot`.
 */
export interface EventStoreClientProfile {
  /** Append events to an aggregate's stream (conditional insert into `events`). */
  readonly append: OperationProfile;
  /** Read an aggregate's events from a sequence number on (`events`). */
  readonly readStream: OperationProfile;
  /** Read an aggregate's latest snapshot (`snapshots`, newest first). */
  readonly readSnapshot: OperationProfile;
  /** Store a snapshot (`snapshots`); losing one only costs a longer replay. */
  readonly writeSnapshot: OperationProfile;
}

/** One event-store operation and the table and request kind its metrics come from. */
export interface EventStoreOperation extends ResolvedOperation {
  /** Table the operation reads or writes. */
  readonly table: string;
  /** Reads are SELECTs; writes and appends are INSERTs. */
  readonly reads: boolean;
}

const SLOTS = [
  { key: 'append', name: 'append', kind: OperationKind.APPEND, table: EVENTS_TABLE },
  { key: 'readStream', name: 'read-stream', kind: OperationKind.READ, table: EVENTS_TABLE },
  { key: 'readSnapshot', name: 'read-snapshot', kind: OperationKind.READ, table: SNAPSHOTS_TABLE },
  { key: 'writeSnapshot', name: 'write-snapshot', kind: OperationKind.WRITE, table: SNAPSHOTS_TABLE },
] as const;

function named(profile: EventStoreClientProfile): NamedOperation[] {
  return SLOTS.map((s) => ({ name: s.name, kind: s.kind, profile: profile[s.key] }));
}

/** Problems of the profile against the target store and SLA; messages name `<field>.<operation>`. */
export function eventStoreProfileProblems(profile: EventStoreClientProfile, target: ClientTarget, sla: ServiceLevelObjectives,
  field = 'clientProfile'): string[] {
  return clientProfileProblems(named(profile), target, sla, field);
}

/** The operations with their defaults applied and their tables attached. */
export function eventStoreOperations(profile: EventStoreClientProfile, sla: ServiceLevelObjectives): EventStoreOperation[] {
  return resolveOperations(named(profile), sla).map((o, i) => ({ ...o, table: SLOTS[i].table, reads: SLOTS[i].kind === OperationKind.READ }));
}

/** The service's `application.conf`: driver profiles plus the event store's time bucket. */
export function eventStoreApplicationConf(operations: readonly EventStoreOperation[], connection: DriverConnection,
  timeBucket: TimeBucket, header: string): string {
  return renderApplicationConf(operations, connection, header, [
    `time-bucket = ${timeBucket.hocon}`,
    `events-table = ${EVENTS_TABLE}`,
    `snapshots-table = ${SNAPSHOTS_TABLE}`,
  ]);
}

/** One operation's profile as a standalone HOCON document (`datastax-java-driver.profiles.<name>`). */
export function driverProfileDocument(o: ResolvedOperation): string {
  return ['datastax-java-driver.profiles {', ...driverProfileLines(o).map((l) => `  ${l}`), '}', ''].join('\n');
}
