import { CfnOutput, Stack, Token } from 'aws-cdk-lib';
import { type CfnParameter, ParameterTier, StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';
import {
  type ClusterRecord, type ClusterSource, type IClusterMetadata, type RegionEndpoints,
  clusterRecord, markClusterMetadata, metadataParameterName,
} from '../inventory';

/** Largest value of a String parameter per tier, in characters (SSM quotas). */
const MAX_VALUE: ReadonlyMap<ParameterTier, number> = new Map([[ParameterTier.STANDARD, 4096], [ParameterTier.ADVANCED, 8192]]);
const PARAMETER_NAME = /^(\/[A-Za-z0-9_.-]+)+$/;

export interface ClusterMetadataParameterProps {
  /**
   * The cluster's record (`clusterRecord`): flavor `aws`, listing the stack's region and, in
   * `metadata`, this parameter for it.
   */
  readonly record: ClusterRecord;
  /**
   * Name of the SSM parameter.
   *
   * @default - `/platform/<environment>/clusters/<service>/<store>` (`metadataParameterName`)
   */
  readonly parameterName?: string;
  /**
   * Parameter tier. The record must fit: 4096 characters in STANDARD, 8192 in ADVANCED (which
   * is charged per parameter and month).
   *
   * @default ParameterTier.STANDARD
   * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
   */
  readonly tier?: ParameterTier;
}

/**
 * A cluster's metadata record as JSON in one SSM String parameter of its regional stack:
 * service, owner, store, regions, zones, endpoints (output and parameter names, no values, no
 * secrets), SLA and capacity. Clients and tools read it with GetParameter; the inventory
 * (`cdk.out/inventory.json`) lists the same record.
 */
export class ClusterMetadataParameter extends Construct implements IClusterMetadata {
  public readonly record: ClusterRecord;
  public readonly parameterName: string;
  public readonly parameter: StringParameter;

  constructor(scope: Construct, id: string, props: ClusterMetadataParameterProps) {
    super(scope, id);
    const { record } = props;
    const region = Stack.of(this).region;
    const parameterName = props.parameterName ?? metadataParameterName(record);
    const tier = props.tier ?? ParameterTier.STANDARD;
    const value = JSON.stringify(record);
    const max = MAX_VALUE.get(tier);
    const p = new Problems();
    p.check(record.flavor === 'aws', () => `\`record.flavor\` must be 'aws', got ${show(record.flavor)}`);
    p.check(Token.isUnresolved(region) || record.regions.includes(region),
      () => `\`record.regions\` must include the stack's region ${show(region)}, got ${show(record.regions)}`);
    p.check(PARAMETER_NAME.test(parameterName) && parameterName.length <= 1011,
      () => `\`parameterName\` must be an absolute SSM path of letters, digits and _.- (at most 1011 characters), got ${show(parameterName)}`);
    p.check(max !== undefined, () => `\`tier\` must be one of ${[...MAX_VALUE.keys()].join(', ')}, got ${show(tier)}`);
    p.check(max === undefined || value.length <= max,
      () => `\`record\` must fit the ${tier} tier (${max} characters), got ${value.length}: list fewer endpoints or pass \`tier: ParameterTier.ADVANCED\``);
    p.check(record.metadata.some((m) => m.region === region && m.parameter === parameterName),
      () => `\`record.metadata\` must list this parameter ${show({ region, parameter: parameterName })}, got ${show(record.metadata)}`);
    p.throwIfAny(this);

    this.record = record;
    this.parameterName = parameterName;
    this.parameter = new StringParameter(this, 'Resource', {
      parameterName,
      stringValue: value,
      tier,
      description: `Cluster metadata of ${record.service} (${record.store}, ${record.environment}): regions, zones, endpoint names, SLA, capacity`,
    });
    markClusterMetadata(this);
  }
}

/** `/a/b/c` and `/a/b/d/e` → `/a/b`; undefined when the names share no path below the root. */
function commonPath(names: readonly string[]): string | undefined {
  const split = names.map((n) => n.split('/').slice(1, -1));
  const common: string[] = [];
  for (let i = 0; split.every((parts) => i < parts.length && parts[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.length > 0 ? `/${common.join('/')}` : undefined;
}

/** SSM parameters one construct publishes together (a queue contract, a client profile set): listed as `<path>/*` when several. */
export type ParameterGroup = readonly StringParameter[];

/** The literal name of a parameter, or undefined when CloudFormation generates it or it is a token. */
function literalName(parameter: StringParameter): string | undefined {
  const name = (parameter.node.defaultChild as CfnParameter).name;
  return name === undefined || Token.isUnresolved(name) ? undefined : name;
}

/**
 * The stack's CloudFormation outputs (logical ids) and the literal names of the SSM parameters it
 * publishes (`parameters`, as the stack declares them). A group of several under one path is
 * listed once as `<path>/*`: read them with GetParametersByPath (recursive). This keeps the
 * record within a Standard parameter.
 */
export function awsRegionEndpoints(stack: Stack, parameters: readonly ParameterGroup[] = []): RegionEndpoints {
  const all = stack.node.findAll().filter((c) => Stack.of(c) === stack);
  const outputs = all.filter((c): c is CfnOutput => c instanceof CfnOutput).map((o) => stack.resolve(o.logicalId) as string);
  const names: string[] = [];
  for (const group of parameters) {
    const literal = group.flatMap((x) => literalName(x) ?? []);
    const path = literal.length > 1 ? commonPath(literal) : undefined;
    if (path) names.push(`${path}/*`); else names.push(...literal);
  }
  return { region: stack.region, stack: stack.stackName, outputs, parameters: names };
}

/** A stack of the cluster in one region (a use case's `BuiltStack`). */
export interface RegionStack {
  readonly region: string;
  readonly stack: Stack;
  /**
   * The SSM parameters the stack publishes for clients, by publishing construct.
   *
   * @default - none
   */
  readonly parameters?: readonly ParameterGroup[];
}

/**
 * Publishes the AWS record of `source` in `stacks` (the use case's stacks of one environment,
 * with their regions): one `ClusterMetadataParameter` per region, in the region's first stack.
 * Endpoints are every stack's outputs and parameters, per region in the shape's order.
 */
export function addAwsClusterMetadata(source: ClusterSource, stacks: readonly RegionStack[]): ClusterMetadataParameter[] {
  const regions = source.shape.placements.map((pl) => pl.region);
  const p = new Problems();
  for (const { region, stack } of stacks) {
    p.check(regions.includes(region), () => `stack ${show(stack.stackName)} is in region ${show(region)}, outside the cluster's regions ${show(regions)}`);
  }
  p.throwIfAny(`${source.entry.file} (${source.environment.name}, aws)`);
  const inRegion = regions.map((region) => ({ region, stacks: stacks.filter((s) => s.region === region) }))
    .filter((r) => r.stacks.length > 0);
  const endpoints = inRegion.flatMap((r) => r.stacks.map((s) => awsRegionEndpoints(s.stack, s.parameters)));
  const parameterName = metadataParameterName({ environment: source.environment.name, service: source.entry.service, store: source.store });
  const record = clusterRecord(source, 'aws', endpoints, inRegion.map((r) => ({ region: r.region, parameter: parameterName })));
  return inRegion.map((r) => new ClusterMetadataParameter(r.stacks[0].stack, 'ClusterMetadata', { record, parameterName }));
}
