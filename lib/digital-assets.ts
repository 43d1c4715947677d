import { CfnOutput, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { GraphDatabase } from '../constructs/graph/aws/graph-database';
import { addGraphDatabaseAlarms } from '../constructs/graph/aws/graph-monitoring';
import type { NeptuneEngineVersion, NeptuneInstanceClass } from '../constructs/graph/aws/neptune-engine';
import { ServiceMonitoring } from '../constructs/monitoring/aws/service-monitoring';
import type { Environment } from '../constructs/platform/config';
import { Problems, show } from '../constructs/platform/errors';
import { type ServiceLevelObjectives, slaProblems } from '../constructs/platform/sla';
import type { SharedStacks } from './use-case';
import { stackName } from './use-case';

export const SERVICE = 'digital-assets';

/** Where Neptune runs in one region. */
export interface NeptuneRegionSettings {
  readonly region: string;
  /** One instance per entry; in the primary region the first is the writer. */
  readonly instanceAvailabilityZones: string[];
}

/** Digital Asset Management on Amazon Neptune. */
export interface NeptuneSettings {
  /**
   * Prefix of the identifiers: the global database is `<identifier>-<env>`, each region's cluster
   * `<identifier>-<env>-<region>`. Changing it replaces every cluster.
   */
  readonly identifier: string;
  readonly instanceClass: NeptuneInstanceClass;
  /** @default NeptuneEngineVersion.V1_4_5_1 */
  readonly engineVersion?: NeptuneEngineVersion;
  /**
   * Region of the writable primary cluster.
   *
   * @default - the environment's primary region
   */
  readonly primaryRegion?: string;
  /** Regions of the graph; with more than one, a Neptune global database spans them. */
  readonly regions: NeptuneRegionSettings[];
  /** @default 14 */
  readonly backupRetentionDays?: number;
  /** Reader lag behind the writer that pages, in milliseconds. */
  readonly maxReplicaLagMs: number;
  /** Secondary region lag behind the primary that pages, in milliseconds. */
  readonly maxGlobalReplicationLagMs: number;
}

/** Settings of the Digital Asset Management use case, per environment. */
export interface DigitalAssetsSettings {
  readonly sla: ServiceLevelObjectives;
  readonly neptune: NeptuneSettings;
}

export function neptuneSettingsProblems(env: Environment, n: NeptuneSettings): string[] {
  const p = new Problems();
  const regions = n.regions.map((r) => r.region);
  p.check(regions.length > 0, () => '`settings.neptune.regions` must list at least one region, got []');
  p.check(new Set(regions).size === regions.length, () => `\`settings.neptune.regions\` must not repeat a region, got ${show(regions)}`);
  const envRegions = env.regions.map((r) => r.region);
  regions.forEach((r, i) => p.check(envRegions.includes(r),
    () => `\`settings.neptune.regions[${i}].region\` must be one of environment '${env.name}' regions (${envRegions.join(', ')}), got ${show(r)}`));
  const primary = n.primaryRegion ?? env.primaryRegion;
  p.check(regions.length === 0 || regions.includes(primary),
    () => `\`settings.neptune.primaryRegion\` must be one of \`settings.neptune.regions\` (${regions.join(', ')}), got ${show(primary)}`);
  p.check(n.maxReplicaLagMs > 0, () => `\`settings.neptune.maxReplicaLagMs\` must be > 0, got ${show(n.maxReplicaLagMs)}`);
  p.check(n.maxGlobalReplicationLagMs > 0, () => `\`settings.neptune.maxGlobalReplicationLagMs\` must be > 0, got ${show(n.maxGlobalReplicationLagMs)}`);
  return [...p.items];
}

export interface DigitalAssetsStackProps extends StackProps {
  readonly environment: Environment;
  readonly settings: DigitalAssetsSettings;
  readonly shared: SharedStacks;
}

/**
 * Digital Asset Management on Amazon Neptune in one region: the primary region holds the
 * global database and its writable cluster, the others a read-only secondary cluster each.
 */
export class DigitalAssetsStack extends Stack {
  public readonly graph: GraphDatabase;
  public readonly serviceRole: Role;
  public readonly monitoring: ServiceMonitoring;

  constructor(scope: Construct, id: string, props: DigitalAssetsStackProps) {
    super(scope, id, props);
    const { environment: env, settings } = props;
    const n = settings.neptune;
    const p = new Problems();
    p.merge(slaProblems(settings.sla, 'settings.sla'));
    p.merge(neptuneSettingsProblems(env, n));
    const here = n.regions.find((r) => r.region === this.region);
    p.check(here !== undefined, () => `\`settings.neptune.regions\` has no entry for the stack's region ${show(this.region)}`);
    p.throwIfAny(this);

    const regions = n.regions.map((r) => r.region);
    const primaryRegion = n.primaryRegion ?? env.primaryRegion;
    const network = props.shared.network(this.region);
    this.addDependency(network);
    this.graph = new GraphDatabase(this, 'Graph', {
      environment: env,
      vpc: network.network.vpc,
      clusterIdentifier: `${n.identifier}-${env.name}-${this.region}`,
      instanceClass: n.instanceClass,
      engineVersion: n.engineVersion,
      instanceAvailabilityZones: here!.instanceAvailabilityZones,
      backupRetentionDays: n.backupRetentionDays,
      globalDatabase: regions.length > 1
        ? { globalClusterIdentifier: `${n.identifier}-${env.name}`, primaryRegion, regions }
        : undefined,
    });

    // The asset service's pods (EKS Pod Identity) query the graph with IAM authentication.
    this.serviceRole = new Role(this, 'ServiceRole', {
      assumedBy: new ServicePrincipal('pods.eks.amazonaws.com'),
      description: `Digital Asset Management in ${this.region}: ${this.graph.writable ? 'read/write' : 'read'} Neptune ${this.graph.clusterIdentifier}`,
    });
    if (this.graph.writable) this.graph.grantReadWrite(this.serviceRole);
    else this.graph.grantRead(this.serviceRole);
    const clusterLogicalId = this.getLogicalId(this.graph.cluster);
    Validations.of(this.serviceRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:neptune-db:${this.region}:${this.account}:<${clusterLogicalId}.ClusterResourceId>/*]`,
      reason: 'Neptune IAM data actions name databases as <cluster-resource-id>/*; the wildcard covers this one cluster only',
    });

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', { serviceName: SERVICE, alarmEmail: env.alarmEmail });
    addGraphDatabaseAlarms(this.monitoring, this.graph, {
      sla: settings.sla, maxReplicaLagMs: n.maxReplicaLagMs, maxGlobalReplicationLagMs: n.maxGlobalReplicationLagMs,
    });

    new CfnOutput(this, 'GremlinEndpoint', { value: `wss://${this.graph.endpoint}:${this.graph.port}/gremlin` });
    new CfnOutput(this, 'ReaderEndpoint', { value: this.graph.readEndpoint });
    new CfnOutput(this, 'ClientSecurityGroupId', { value: this.graph.clientSecurityGroup.securityGroupId });
    new CfnOutput(this, 'ServiceRoleArn', { value: this.serviceRole.roleArn });
  }
}

/** The stacks of one environment: the primary region first, then the secondaries that depend on it. */
export function addDigitalAssetsStacks(app: Construct, env: Environment, settings: DigitalAssetsSettings, shared: SharedStacks): DigitalAssetsStack[] {
  const n = settings.neptune;
  const primary = n.primaryRegion ?? env.primaryRegion;
  const regions = n.regions.map((r) => r.region);
  const ordered = [...regions.filter((r) => r === primary), ...regions.filter((r) => r !== primary)];
  let first: DigitalAssetsStack | undefined;
  return ordered.map((region) => {
    const r = env.region(region);
    const stack = new DigitalAssetsStack(app, stackName('DigitalAssets', env, region), {
      env: { account: r.account, region },
      environment: env, settings, shared,
      description: `Digital Asset Management on Amazon Neptune (${env.name}, ${region})`,
    });
    // A secondary cluster can only attach once the global cluster exists.
    if (first) stack.addDependency(first);
    first ??= stack;
    return stack;
  });
}
