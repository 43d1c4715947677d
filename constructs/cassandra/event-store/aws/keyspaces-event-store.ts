import { type IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import { type Grant, type IRole } from 'aws-cdk-lib/aws-iam';
import { type IStringParameter, ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { ServiceMonitoring } from '../../../monitoring/aws/service-monitoring';
import { Problems, show } from '../../../platform/errors';
import type { ServiceLevelObjectives } from '../../../platform/sla';
import { type IKeyspace, Keyspace } from '../../aws/keyspace';
import { type ITable, KeyspacesOperation, Table } from '../../aws/table';
import { TableCapacity } from '../../aws/table-capacity';
import { addKeyspacesTableAlarms } from '../../aws/table-monitoring';
import { ClientTarget, DriverConnection } from '../../client-profile';
import { type SchemaVersion, latestTables, schemaHistoryProblems } from '../../schema-history';
import {
  type EventStoreClientProfile, type EventStoreOperation, driverProfileDocument, eventStoreApplicationConf, eventStoreOperations,
  eventStoreProfileProblems,
} from '../client-profile';
import { EVENT_STORE_SCHEMA, EVENTS_TABLE, SNAPSHOTS_TABLE, type TimeBucket } from '../schema';
import { grantSystemKeyspacesRead } from '../../aws/system-keyspaces';

export interface KeyspacesEventStoreProps {
  /** Keyspace name. Changing it replaces the keyspace. */
  readonly keyspaceName: string;
  /** Regions of the MULTI_REGION keyspace; the stack's region must be one of them. */
  readonly regions: string[];
  /**
   * Whether this stack creates the keyspace and tables. Exactly one region (the environment's
   * primary) creates them; Keyspaces replicates them to the others, whose stacks import them.
   */
  readonly createTables: boolean;
  /**
   * The schema history; the tables are the newest version's. Must be additive.
   *
   * @default EVENT_STORE_SCHEMA
   */
  readonly schema?: SchemaVersion[];
  /** @default TableCapacity.onDemand() */
  readonly capacity?: TableCapacity;
  /** How the service calls the store; validated against Keyspaces and `sla`. */
  readonly clientProfile: EventStoreClientProfile;
  readonly sla: ServiceLevelObjectives;
  readonly timeBucket: TimeBucket;
  /**
   * Prefix of the SSM parameter names, e.g. `/event-sourced/prod`: the profile is published as
   * `<prefix>/cassandra-driver/application.conf` and `<prefix>/cassandra-driver/profiles/<operation>`.
   */
  readonly parameterPrefix: string;
}

/**
 * An event store in one region, created here (`KeyspacesEventStore`) or imported
 * (`KeyspacesEventStore.fromKeyspacesEventStoreAttributes`, e.g. by another service that reads it).
 */
export interface IKeyspacesEventStore extends IResource {
  readonly keyspace: IKeyspace;
  readonly events: ITable;
  readonly snapshots: ITable;
  /** `<prefix>/cassandra-driver/application.conf`. */
  readonly applicationConfParameter: IStringParameter;
  /** `<prefix>/cassandra-driver/profiles/<operation>`, by operation name. */
  readonly profileParameters: Readonly<Record<string, IStringParameter>>;
  /**
   * Everything the service needs: read and write both tables, read the published profile, and
   * read the system keyspaces the driver queries when it connects.
   */
  grantService(grantee: IRole): Grant;
}

/** An existing event store's keyspace, tables and published profile. Importing creates no CloudFormation resource. */
export interface KeyspacesEventStoreAttributes {
  readonly keyspaceName: string;
  /** Regions of the keyspace; the importing stack's region must be one of them. */
  readonly regions: string[];
  /** The store's `parameterPrefix`, e.g. `/event-sourced/prod`. */
  readonly parameterPrefix: string;
  /** Names of the operations whose driver profiles it published (`<prefix>/cassandra-driver/profiles/<name>`). */
  readonly operationNames: string[];
}

/** What owned and imported event stores share: the service grant, from the tables and parameters. */
export abstract class KeyspacesEventStoreBase extends Resource implements IKeyspacesEventStore {
  public abstract readonly keyspace: IKeyspace;
  public abstract readonly events: ITable;
  public abstract readonly snapshots: ITable;
  public abstract readonly applicationConfParameter: IStringParameter;
  public abstract readonly profileParameters: Readonly<Record<string, IStringParameter>>;

  public grantService(grantee: IRole): Grant {
    return [
      this.events.grantReadData(grantee), this.events.grantWriteData(grantee),
      this.snapshots.grantReadData(grantee), this.snapshots.grantWriteData(grantee),
      this.applicationConfParameter.grantRead(grantee),
      ...Object.values(this.profileParameters).map((param) => param.grantRead(grantee)),
      grantSystemKeyspacesRead(grantee),
    ].reduce((all, g) => all.combine(g));
  }
}

/** SSM standard parameters hold at most 4 KB. */
export const MAX_PARAMETER_CHARS = 4096;
const PARAMETER_PREFIX = /^(\/[a-zA-Z0-9_.-]+)+$/;

/**
 * An event store on Amazon Keyspaces in one region: the multi-region keyspace with the `events`
 * and `snapshots` tables (created in one region, imported in the others), and the client profile
 * published as SSM parameters in the DataStax Java driver's `application.conf` format.
 */
export class KeyspacesEventStore extends KeyspacesEventStoreBase {
  /** An existing event store: `grantService` works as the owned store's; no resource is created. */
  public static fromKeyspacesEventStoreAttributes(scope: Construct, id: string, attrs: KeyspacesEventStoreAttributes): IKeyspacesEventStore {
    class Import extends KeyspacesEventStoreBase {
      public readonly keyspace = Keyspace.fromKeyspaceAttributes(this, 'Keyspace', { keyspaceName: attrs.keyspaceName, regions: attrs.regions });
      public readonly events = Table.fromTableAttributes(this, 'EventsTable', { keyspace: this.keyspace, tableName: EVENTS_TABLE });
      public readonly snapshots = Table.fromTableAttributes(this, 'SnapshotsTable', { keyspace: this.keyspace, tableName: SNAPSHOTS_TABLE });
      public readonly applicationConfParameter = StringParameter.fromStringParameterName(this, 'ApplicationConf', `${attrs.parameterPrefix}/cassandra-driver/application.conf`);
      public readonly profileParameters = Object.fromEntries(attrs.operationNames.map((name) => [name,
        StringParameter.fromStringParameterName(this, `Profile-${name}`, `${attrs.parameterPrefix}/cassandra-driver/profiles/${name}`)]));
    }
    const region = Stack.of(scope).region;
    const p = new Problems();
    p.check(PARAMETER_PREFIX.test(attrs.parameterPrefix),
      () => `\`parameterPrefix\` must be an SSM path like '/event-sourced/prod', got ${show(attrs.parameterPrefix)}`);
    p.check(Token.isUnresolved(region) || attrs.regions.includes(region),
      () => `\`regions\` must include the importing stack's region ${show(region)}, got ${show(attrs.regions)}`);
    p.throwIfAny(`${scope.node.path}/${id}`);
    return new Import(scope, id);
  }

  public readonly keyspace: IKeyspace;
  public readonly events: ITable;
  public readonly snapshots: ITable;
  public readonly operations: readonly EventStoreOperation[];
  /** The region's `application.conf`, as published in SSM. */
  public readonly applicationConf: string;
  public readonly applicationConfParameter: StringParameter;
  public readonly profileParameters: Readonly<Record<string, StringParameter>>;
  private readonly schemaVersions: readonly SchemaVersion[];
  private readonly sla: ServiceLevelObjectives;

  constructor(scope: Construct, id: string, props: KeyspacesEventStoreProps) {
    super(scope, id);
    const schema = props.schema ?? [...EVENT_STORE_SCHEMA];
    const p = new Problems();
    p.merge(schemaHistoryProblems(schema, 'schema'));
    if (p.items.length === 0) {
      const names = latestTables(schema).map((t) => t.name);
      for (const required of [EVENTS_TABLE, SNAPSHOTS_TABLE]) {
        p.check(names.includes(required), () => `\`schema\` newest version must have table ${show(required)}, got ${show(names)}`);
      }
    }
    p.merge(eventStoreProfileProblems(props.clientProfile, ClientTarget.KEYSPACES, props.sla));
    p.check(PARAMETER_PREFIX.test(props.parameterPrefix),
      () => `\`parameterPrefix\` must be an SSM path like '/event-sourced/prod', got ${show(props.parameterPrefix)}`);
    p.throwIfAny(this);

    this.schemaVersions = schema;
    this.sla = props.sla;
    const region = Stack.of(this).region;
    const tables = latestTables(schema);
    const tableId = (name: string) => `${name.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Table`;
    const byName: Record<string, ITable> = {};
    if (props.createTables) {
      const keyspace = new Keyspace(this, 'Keyspace', { keyspaceName: props.keyspaceName, regions: props.regions });
      for (const t of tables) byName[t.name] = new Table(this, tableId(t.name), { keyspace, schema: t, capacity: props.capacity ?? TableCapacity.onDemand() });
      this.keyspace = keyspace;
    } else {
      this.keyspace = Keyspace.fromKeyspaceAttributes(this, 'Keyspace', { keyspaceName: props.keyspaceName, regions: props.regions });
      for (const t of tables) byName[t.name] = Table.fromTableAttributes(this, tableId(t.name), { keyspace: this.keyspace, tableName: t.name });
    }
    this.events = byName[EVENTS_TABLE];
    this.snapshots = byName[SNAPSHOTS_TABLE];

    this.operations = eventStoreOperations(props.clientProfile, props.sla);
    this.applicationConf = eventStoreApplicationConf(this.operations, DriverConnection.keyspaces(region, props.keyspaceName), props.timeBucket,
      `Event store ${props.keyspaceName} on Amazon Keyspaces, ${region}; schema version ${schema[schema.length - 1].version}`);
    const prefix = `${props.parameterPrefix}/cassandra-driver`;
    const documents: [string, string, string][] = [
      ['ApplicationConf', `${prefix}/application.conf`, this.applicationConf],
      ...this.operations.map((o): [string, string, string] => [`Profile-${o.name}`, `${prefix}/profiles/${o.name}`, driverProfileDocument(o)]),
    ];
    const tooBig = documents.filter(([, , value]) => value.length > MAX_PARAMETER_CHARS);
    tooBig.forEach(([, name, value]) => p.add(`SSM parameter ${show(name)} would hold ${value.length} characters; a standard parameter holds at most ${MAX_PARAMETER_CHARS}`));
    p.throwIfAny(this);
    const parameters = documents.map(([cid, name, value]) => new StringParameter(this, cid, {
      parameterName: name,
      stringValue: value,
      tier: ParameterTier.STANDARD,
      description: `Cassandra driver configuration (HOCON) of the event store ${props.keyspaceName}`,
    }));
    this.applicationConfParameter = parameters[0];
    this.profileParameters = Object.fromEntries(this.operations.map((o, i) => [o.name, parameters[i + 1]]));
  }

  /**
   * The profile's SLAs as alarms: p99 latency of each operation at its own objective, and per
   * table the error rate, throttling and replication lag to every other region.
   */
  public addAlarms(monitoring: ServiceMonitoring, maxReplicationLagMs: number): void {
    const region = Stack.of(this).region;
    const ks = this.keyspace.keyspaceName;
    for (const o of this.operations) {
      const table = o.table === EVENTS_TABLE ? this.events : this.snapshots;
      const operation = o.reads ? KeyspacesOperation.SELECT : KeyspacesOperation.INSERT;
      monitoring.addSlaAlarms(this.slaOf(o), { title: `${o.name} ${ks}.${o.table} ${operation}`, store: 'keyspaces', latencyP99Ms: [table.metricLatencyP99(operation)] });
    }
    for (const table of [this.events, this.snapshots]) {
      addKeyspacesTableAlarms(monitoring, table, {
        sla: this.sla, replicaRegions: this.keyspace.regions.filter((r) => r !== region), maxReplicationLagMs,
      });
    }
  }

  /** The schema version the tables are at. */
  public get schemaVersion(): number {
    return this.schemaVersions[this.schemaVersions.length - 1].version;
  }

  private slaOf(o: EventStoreOperation): ServiceLevelObjectives {
    return { ...this.sla, latencyP99Ms: o.latencyP99Ms };
  }
}
