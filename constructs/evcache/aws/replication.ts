import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Effect, type Grant, type IGrantable, Grant as IamGrant, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResolvedReplication } from '../model';

export interface EvcacheReplicationQueueProps {
  /** The resolved replication path of this region (see `resolveReplication`). */
  readonly replication: ResolvedReplication;
  /** Cache name, for descriptions. */
  readonly cacheName: string;
}

/**
 * The AWS side of EVCache cross-region replication in one region: the inbound SQS queue that
 * other regions' clients publish mutations to (KMS-encrypted with a customer-managed key, TLS
 * only, a dead-letter queue for mutations the reader cannot apply), and grants for the
 * publishers (this region's clients → the target regions' queues) and the reader.
 *
 * Queue and key alias names are the same in every region, so a region can grant access to
 * another region's queue by ARN without a cross-region reference.
 */
export class EvcacheReplicationQueue extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly key: Key;
  public readonly replication: ResolvedReplication;

  constructor(scope: Construct, id: string, props: EvcacheReplicationQueueProps) {
    super(scope, id);
    const r = props.replication;
    this.replication = r;
    this.key = new Key(this, 'Key', {
      description: `Encrypts EVCache ${props.cacheName} replication mutations in ${r.inbound.region}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new Alias(this, 'KeyAlias', { aliasName: r.inbound.keyAlias, targetKey: this.key });
    const retention = Duration.minutes(r.messageRetentionMinutes);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${r.inbound.queueName}-dlq`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      // Kept longer than the queue so an operator can see what failed.
      retentionPeriod: Duration.days(4),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = new Queue(this, 'Resource', {
      queueName: r.inbound.queueName,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      dataKeyReuse: Duration.minutes(5),
      enforceSSL: true,
      retentionPeriod: retention,
      visibilityTimeout: Duration.seconds(30),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets `grantee` publish mutations to every target region's queue and encrypt them with that
   * region's key. Keys are matched by their alias (`kms:ResourceAliases`), since a key id in
   * another region is not known at synth.
   */
  public grantPublish(grantee: IGrantable): Grant | undefined {
    const targets = this.replication.targets;
    if (targets.length === 0) return undefined;
    const grant = IamGrant.addToPrincipal({
      grantee,
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: targets.map((t) => t.queueArn),
    });
    const keyArns = targets.map((t) => Stack.of(this).formatArn({ service: 'kms', region: t.region, account: t.account, resource: 'key', resourceName: '*' }));
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: keyArns,
      conditions: {
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [...new Set(targets.map((t) => t.keyAlias))] },
        StringEquals: { 'kms:ViaService': targets.map((t) => `sqs.${t.region}.amazonaws.com`) },
      },
    }));
    const principal = grantee.grantPrincipal;
    if (Construct.isConstruct(principal)) {
      for (const arn of keyArns) {
        Validations.of(principal).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::${arn}]`,
          reason: 'Replication publishers encrypt with the target region\'s queue key, whose id is not known at synth; the statement '
            + 'is limited to that region and account, to the replication key alias (kms:ResourceAliases) and to use through SQS (kms:ViaService)',
        });
      }
    }
    return grant;
  }

  /** Lets `grantee` (the replication reader) receive and delete mutations of this region's queue. */
  public grantConsume(grantee: IGrantable): Grant {
    return this.queue.grantConsumeMessages(grantee);
  }
}
