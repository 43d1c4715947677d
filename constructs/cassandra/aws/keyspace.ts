import { ArnFormat, type IResource, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import { CfnKeyspace } from 'aws-cdk-lib/aws-cassandra';
import type { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';
import { KNOWN_REGIONS } from '../../platform/regions';
import { CQL_IDENTIFIER } from '../schema';

/** An Amazon Keyspaces keyspace, created here or imported. */
export interface IKeyspace extends IResource {
  readonly keyspaceName: string;
  readonly keyspaceArn: string;
  /** Regions the keyspace replicates to; one region for a single-region keyspace. */
  readonly regions: readonly string[];
  readonly multiRegion: boolean;
}

export interface KeyspaceProps {
  /** Keyspace name (lowercase letters, digits, `_`). Changing it replaces the keyspace. */
  readonly keyspaceName: string;
  /**
   * Regions to replicate to. Two or more make a MULTI_REGION keyspace, which must be created
   * in one of these regions; the stack's own region must be listed.
   *
   * @see https://docs.aws.amazon.com/keyspaces/latest/devguide/multiRegion-replication.html
   * @default - single-region keyspace in the stack's region
   */
  readonly regions?: string[];
}

/** An existing keyspace. Importing creates no CloudFormation resource. */
export interface KeyspaceAttributes {
  readonly keyspaceName: string;
  /** @default - a single-region keyspace in the importing stack's region */
  readonly regions?: string[];
}

/**
 * What owned and imported keyspaces share. Clients are granted per table (`Table.grant*`):
 * the keyspace has no grant of its own.
 */
export abstract class KeyspaceBase extends Resource implements IKeyspace {
  public abstract readonly keyspaceName: string;
  public abstract readonly keyspaceArn: string;
  public abstract readonly regions: readonly string[];
  public abstract readonly multiRegion: boolean;
}

/**
 * An Amazon Keyspaces keyspace. Retained on stack deletion: dropping a keyspace drops every table.
 */
export class Keyspace extends KeyspaceBase {
  /** An existing keyspace, e.g. the one another region's stack created; no resource is created. */
  public static fromKeyspaceAttributes(scope: Construct, id: string, attrs: KeyspaceAttributes): IKeyspace {
    class Import extends KeyspaceBase {
      public readonly keyspaceName = attrs.keyspaceName;
      public readonly keyspaceArn = keyspaceArn(this, attrs.keyspaceName);
      public readonly regions = attrs.regions ?? [Stack.of(this).region];
      public readonly multiRegion = this.regions.length > 1;
    }
    return new Import(scope, id);
  }

  public readonly keyspaceName: string;
  public readonly keyspaceArn: string;
  public readonly regions: readonly string[];
  public readonly multiRegion: boolean;

  constructor(scope: Construct, id: string, props: KeyspaceProps) {
    super(scope, id, { physicalName: props.keyspaceName });
    const stackRegion = Stack.of(this).region;
    const regions = props.regions ?? [stackRegion];
    const p = new Problems();
    p.check(CQL_IDENTIFIER.test(props.keyspaceName), () => `\`keyspaceName\` must match ${CQL_IDENTIFIER}, got ${show(props.keyspaceName)}`);
    regions.forEach((r, i) => p.check(KNOWN_REGIONS.includes(r), () => `\`regions[${i}]\` must be a known AWS region, got ${show(r)}`));
    p.check(new Set(regions).size === regions.length, () => `\`regions\` must not repeat a region, got ${show(regions)}`);
    p.check(regions.includes(stackRegion),
      () => `\`regions\` must include the stack's region ${show(stackRegion)}: a multi-region keyspace is created in one of its regions, got ${show(regions)}`);
    p.throwIfAny(this);

    this.regions = regions;
    this.multiRegion = regions.length > 1;
    const resource = new CfnKeyspace(this, 'Resource', {
      keyspaceName: props.keyspaceName,
      replicationSpecification: this.multiRegion
        ? { replicationStrategy: 'MULTI_REGION', regionList: [...regions] }
        : { replicationStrategy: 'SINGLE_REGION' },
    });
    resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.keyspaceName = props.keyspaceName;
    this.keyspaceArn = keyspaceArn(this, props.keyspaceName);
  }
}

function keyspaceArn(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({ service: 'cassandra', resource: '', resourceName: `keyspace/${name}/`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}
