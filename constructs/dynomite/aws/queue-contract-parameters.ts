import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';
import { type QueueContract, type QueueContractSpec, contractEntries, queueContractProblems, resolveQueueContract } from '../queue-contract';

export interface QueueContractParametersProps {
  readonly contract: QueueContractSpec;
  /** Datacenter (region) the contract is published for. */
  readonly datacenter: string;
  /** Racks (availability zones) that own shards, in order. */
  readonly racks: string[];
  /** Nodes serving the queues in the region (bounds the shard count). */
  readonly nodes: number;
  /** Consistency guarantees clients get, as published. */
  readonly consistency: { readonly read: string; readonly write: string };
  /** Parameter path root, e.g. `/delayed-queues/prod`; must start with `/`. */
  readonly parameterPath: string;
}

/**
 * The queue contract as SSM parameters below `parameterPath`: one String parameter per entry
 * (`<path>/prefix`, `<path>/shards`, `<path>/queues/<queue>/unack-timeout-seconds` ...), which a
 * client reads with GetParametersByPath. Cluster metadata, not secrets.
 */
export class QueueContractParameters extends Construct {
  public readonly contract: QueueContract;
  public readonly parameterPath: string;
  public readonly parameters: readonly StringParameter[];

  constructor(scope: Construct, id: string, props: QueueContractParametersProps) {
    super(scope, id);
    const p = new Problems();
    p.check(/^(\/[A-Za-z0-9_.-]+)+$/.test(props.parameterPath),
      () => `\`parameterPath\` must be an absolute SSM path like /delayed-queues/prod, got ${show(props.parameterPath)}`);
    p.merge(queueContractProblems(props.contract, props.racks.length, props.nodes, 'contract'));
    p.throwIfAny(this);
    this.contract = resolveQueueContract(props.contract, props.datacenter, props.racks, props.consistency);
    this.parameterPath = props.parameterPath;
    this.parameters = contractEntries(this.contract).map(([key, value]) => new StringParameter(this, key, {
      parameterName: `${props.parameterPath}/${key}`,
      stringValue: value,
      description: `dyno-queues contract: ${key}`,
    }));
  }
}
