import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { type ILogGroup, LogGroup, type LogGroupProps, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/**
 * Lets CloudWatch Logs of the key's region use `key` for log groups of this account and region,
 * as https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html asks:
 * principal `logs.<region>.amazonaws.com`, conditioned on the encryption context
 * `kms:EncryptionContext:aws:logs:arn` (the log group's ARN, here `log-group:<logGroupName>`;
 * `*` for groups whose name CloudFormation generates: a name cannot be added later without
 * replacing the group, and a reference to its ARN would be circular).
 */
export function grantLogsEncryption(key: IKey, logGroupName = '*'): void {
  const stack = Stack.of(key);
  key.grantEncryptDecrypt(new ServicePrincipal(`logs.${stack.region}.amazonaws.com`, {
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
        service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }) },
    },
  }));
}

export interface EncryptedLogGroupProps {
  /**
   * The key, given or created; either way its policy gains the CloudWatch Logs statement.
   *
   * @default - a new key with rotation, retained, described by `keyDescription`
   */
  readonly encryptionKey?: IKey;
  /**
   * What a new key encrypts.
   *
   * @default - 'Encrypts the log group <id>'
   */
  readonly keyDescription?: string;
  /** @default RetentionDays.ONE_YEAR */
  readonly retention?: RetentionDays;
}

/**
 * A retained log group encrypted with a customer-managed key whose policy admits CloudWatch Logs.
 * The group keeps CloudFormation's generated name (see grantLogsEncryption).
 */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): ILogGroup {
  const key = props.encryptionKey ?? new Key(scope, `${id}Key`, {
    description: props.keyDescription ?? `Encrypts the log group ${id}`, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN,
  });
  grantLogsEncryption(key);
  const group: LogGroupProps = { retention: props.retention ?? RetentionDays.ONE_YEAR, encryptionKey: key, removalPolicy: RemovalPolicy.RETAIN };
  return new LogGroup(scope, id, group);
}
