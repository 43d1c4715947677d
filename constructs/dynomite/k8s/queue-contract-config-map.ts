import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problems } from '../../platform/errors';
import { type QueueContract, type QueueContractSpec, contractEntries, queueContractProblems, resolveQueueContract } from '../queue-contract';
import type { DynomiteCluster } from './dynomite-cluster';

export interface QueueContractConfigMapProps {
  readonly cluster: DynomiteCluster;
  readonly contract: QueueContractSpec;
  /**
   * metadata.name of the ConfigMap.
   *
   * @default '<clusterName>-queue-contract'
   */
  readonly name?: string;
}

/**
 * The queue contract of one datacenter as a ConfigMap that dyno-queues clients mount: the key
 * prefix, shards and the rack owning each, queues with priority levels, unack timeout and
 * redelivery policy, and the consistency levels. `contract.json` holds the same as JSON.
 */
export class QueueContractConfigMap extends Construct {
  public readonly contract: QueueContract;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: QueueContractConfigMapProps) {
    super(scope, id);
    const { cluster } = props;
    const dc = cluster.datacenter;
    const racks = dc.racks.map((r) => r.name);
    const p = new Problems();
    p.merge(queueContractProblems(props.contract, racks.length, dc.racks.reduce((n, r) => n + r.nodes.length, 0), 'contract'));
    p.throwIfAny(this);
    this.contract = resolveQueueContract(props.contract, dc.name, racks,
      { read: cluster.readConsistency.level, write: cluster.writeConsistency.level });
    this.name = props.name ?? `${cluster.clusterName}-queue-contract`;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.name, namespace: cluster.namespace, labels: cluster.podLabels },
      data: {
        ...Object.fromEntries(contractEntries(this.contract).map(([k, v]) => [k.replace(/\//g, '.'), v])),
        'endpoint': `${cluster.clientServiceHost}:8102`,
        'contract.json': `${JSON.stringify(this.contract, null, 2)}\n`,
      },
    });
  }
}
