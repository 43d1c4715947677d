import { ArnFormat, type IResource, RemovalPolicy, Resource, SecretValue, Stack, Token, Validations } from 'aws-cdk-lib';
import { Connections, EbsDeviceVolumeType, type IConnectable, type ISecurityGroup, type IVpc, Port, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import { AnyPrincipal, Effect, Grant, type IGrantable, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { CfnResourcePolicy, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type CfnDomain, Domain, EngineVersion, TLSSecurityPolicy } from 'aws-cdk-lib/aws-opensearchservice';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { grantLogsEncryption } from '../../platform/aws/log-encryption';
import type { Environment } from '../../platform/config';
import { Problems, show } from '../../platform/errors';
import { withinLimit } from '../../platform/limits';
import { synthTimeLimitProblems } from '../../platform/aws/limits';
import { ELASTICSEARCH_LIMITS } from '../limits';
import { SearchNodeType } from '../node-type';
import { DOMAIN_NAME, masterNodeProblems, storageProblems, zoneAwarenessProblems } from '../validate';

/** HTTPS port of an OpenSearch Service domain endpoint. */
export const DOMAIN_HTTPS_PORT = 443;

/**
 * Where a domain is, known without a lookup: what a cross-cluster connection names on both
 * sides. Built from configuration (account, region) and the domain name.
 */
export interface SearchDomainIdentity {
  readonly domainName: string;
  /** 12-digit account id owning the domain. */
  readonly account: string;
  readonly region: string;
}

/** ARN of a domain from its identity; no reference to the domain's stack is needed. */
export function searchDomainArn(scope: Construct, id: SearchDomainIdentity): string {
  return Stack.of(scope).formatArn({
    service: 'es', account: id.account, region: id.region, resource: 'domain', resourceName: id.domainName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

export interface SearchDomainProps {
  /** The environment; its configuration gives the stack region's zones. */
  readonly environment: Environment;
  /**
   * Domain name: 3-28 characters, lowercase letters, digits and `-`. Part of the domain's
   * identity for cross-cluster connections; changing it replaces the domain.
   */
  readonly domainName: string;
  /**
   * @default EngineVersion.OPENSEARCH_2_19
   */
  readonly version?: EngineVersion;
  /** VPC the domain's endpoints are placed in (its isolated subnets). */
  readonly vpc: IVpc;
  /**
   * Availability zones the data nodes spread over (2 or 3; 3 with `multiAzWithStandby`).
   *
   * @default - every configured zone of the stack's region
   */
  readonly zones?: string[];
  /** Data nodes in each zone. */
  readonly dataNodesPerZone: number;
  /** Instance type of data nodes. */
  readonly dataNodeType: SearchNodeType;
  /**
   * gp3 EBS volume per data node, in GiB, within the instance type's limits.
   *
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html#ebsresource
   */
  readonly storageGiBPerNode: number;
  /**
   * Provisioned gp3 IOPS per volume.
   *
   * @default - the gp3 baseline the service applies for the volume size
   */
  readonly storageIops?: number;
  /**
   * Provisioned gp3 throughput per volume, in MiB/s.
   *
   * @default - the gp3 baseline the service applies for the volume size
   */
  readonly storageThroughputMiBps?: number;
  /**
   * Dedicated master nodes; odd and at least 3.
   *
   * @default 3
   */
  readonly masterNodes?: number;
  /**
   * Instance type of the dedicated masters.
   *
   * @default SearchNodeType.M6G_LARGE
   */
  readonly masterNodeType?: SearchNodeType;
  /**
   * Multi-AZ with standby: one zone's nodes stay on standby and take over on a zone failure.
   * Needs exactly 3 zones and a data node count that is a multiple of 3.
   *
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html
   * @default false (zone awareness over the zones, all nodes active)
   */
  readonly multiAzWithStandby?: boolean;
  /**
   * Key encrypting the domain's data at rest, its logs and its master user secret.
   *
   * @default - a new customer-managed key with rotation, retained on delete
   */
  readonly encryptionKey?: IKey;
  /**
   * Retention of the slow, error and audit logs.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * Start of the daily 10-hour off-peak window (UTC hour, 0-23) in which the service applies
   * software updates and Auto-Tune changes.
   *
   * @default 22
   */
  readonly offPeakWindowStartHourUtc?: number;
  /**
   * Name of the fine-grained access control master user; its password is generated into a
   * Secrets Manager secret encrypted with `encryptionKey`.
   *
   * @default 'admin'
   */
  readonly masterUserName?: string;
}

/**
 * An OpenSearch Service domain, created here (`SearchDomain`) or imported
 * (`SearchDomain.fromSearchDomainAttributes`).
 */
export interface ISearchDomain extends IResource, IConnectable {
  readonly domainName: string;
  readonly domainArn: string;
  /** Endpoint host name (no scheme). */
  readonly domainEndpoint: string;
  /** Account, region and name: what a cross-cluster connection names. */
  readonly identity: SearchDomainIdentity;
  /**
   * `actions` on the domain and every path in it (`<domain-arn>` and `<domain-arn>/*`). Clients
   * of our domains authenticate with fine-grained access control users and need no IAM grant;
   * this is for a client that signs its requests (an IAM role mapped to an FGAC role).
   */
  grant(grantee: IGrantable, ...actions: string[]): Grant;
}

/** An existing OpenSearch Service domain. Importing creates no CloudFormation resource. */
export interface SearchDomainAttributes {
  readonly domainName: string;
  /** Endpoint host name (no scheme). */
  readonly domainEndpoint: string;
  /** Security groups of the domain's VPC endpoints: `connections` opens HTTPS (443) on them. */
  readonly securityGroups: ISecurityGroup[];
  /**
   * 12-digit account id owning the domain.
   *
   * @default - the importing stack's account
   */
  readonly account?: string;
  /**
   * Region of the domain.
   *
   * @default - the importing stack's region
   */
  readonly region?: string;
}

/** What owned and imported domains share: the grant, on the ARN built from the identity. */
export abstract class SearchDomainBase extends Resource implements ISearchDomain {
  public abstract readonly domainName: string;
  public abstract readonly domainArn: string;
  public abstract readonly domainEndpoint: string;
  public abstract readonly identity: SearchDomainIdentity;
  public abstract readonly connections: Connections;

  public grant(grantee: IGrantable, ...actions: string[]): Grant {
    // From the identity, not the domain's Arn attribute: owned and imported domains grant the same statement.
    const arn = searchDomainArn(this, this.identity);
    return Grant.addToPrincipal({ grantee, actions, resourceArns: [arn, `${arn}/*`] });
  }
}

/**
 * An OpenSearch Service domain for production: in the VPC's isolated subnets, zone-aware over
 * the configured zones, dedicated masters, gp3 storage, CMK encryption at rest, node-to-node
 * encryption, HTTPS only with TLS 1.2+ (PFS), fine-grained access control with a generated
 * master user secret, slow/error/audit logs to encrypted CloudWatch log groups, an off-peak
 * window with automatic software updates. Retained on stack deletion.
 */
export class SearchDomain extends SearchDomainBase {
  /** An existing domain: its grant and connections work as the owned domain's; no resource is created. */
  public static fromSearchDomainAttributes(scope: Construct, id: string, attrs: SearchDomainAttributes): ISearchDomain {
    class Import extends SearchDomainBase {
      public readonly domainName = attrs.domainName;
      public readonly domainEndpoint = attrs.domainEndpoint;
      public readonly identity = { domainName: attrs.domainName, account: attrs.account ?? this.stack.account, region: attrs.region ?? this.stack.region };
      public readonly domainArn = searchDomainArn(this, this.identity);
      public readonly connections = new Connections({ securityGroups: attrs.securityGroups, defaultPort: Port.tcp(DOMAIN_HTTPS_PORT) });
    }
    return new Import(scope, id);
  }

  public readonly domain: Domain;
  public readonly domainName: string;
  public readonly domainArn: string;
  /** Endpoint host name (no scheme). */
  public readonly domainEndpoint: string;
  /** OpenSearch Dashboards, reachable from inside the VPC. */
  public readonly dashboardsUrl: string;
  public readonly identity: SearchDomainIdentity;
  /** JSON secret `{ username, password }` of the fine-grained access control master user. */
  public readonly masterUserSecret: ISecret;
  public readonly encryptionKey: IKey;
  public readonly connections: Connections;
  /** The security group the domain admits on 443: attach it to the clients (e.g. EKS security groups for pods). */
  public readonly clientSecurityGroup: SecurityGroup;
  public readonly zones: readonly string[];
  /** Data nodes in the domain (dataNodesPerZone × zones). */
  public readonly dataNodes: number;
  public readonly masterNodes: number;

  constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = props.environment.region(stack.region);
    const zones = props.zones ?? [...region.availabilityZones];
    const masterNodes = props.masterNodes ?? 3;
    const standby = props.multiAzWithStandby ?? false;
    const offPeak = props.offPeakWindowStartHourUtc ?? 22;
    const masterUserName = props.masterUserName ?? 'admin';
    const dataNodes = props.dataNodesPerZone * zones.length;

    const p = new Problems();
    p.check(DOMAIN_NAME.test(props.domainName), () => `\`domainName\` must match ${DOMAIN_NAME} (3-28 characters), got ${show(props.domainName)}`);
    p.merge(zoneAwarenessProblems(region, zones, 'zones', standby ? 3 : 2, 3));
    // Passed through to the domain: a token is checked by the service at deploy time.
    if (!Token.isUnresolved(masterNodes)) p.merge(masterNodeProblems(masterNodes));
    // Multiplied by the zones into the node count: a token cannot be.
    p.merge(synthTimeLimitProblems('dataNodesPerZone', props.dataNodesPerZone, ELASTICSEARCH_LIMITS.dataNodesPerZone));
    if (!Token.isUnresolved(props.storageGiBPerNode)) p.merge(storageProblems(props.dataNodeType, props.storageGiBPerNode));
    const hour = ELASTICSEARCH_LIMITS.offPeakWindowStartHourUtc;
    // The L2 Domain compares the hour with 0 and 23 itself, so a token would fail there with its placeholder.
    p.check(!Token.isUnresolved(offPeak), () => '`offPeakWindowStartHourUtc` must be known at synth time, got an unresolved token');
    p.check(Token.isUnresolved(offPeak) || withinLimit(offPeak, hour),
      () => `\`offPeakWindowStartHourUtc\` must be an integer hour from ${hour.min} to ${hour.max}, got ${show(offPeak)}`);
    if (props.storageIops !== undefined && !Token.isUnresolved(props.storageIops)) {
      p.check(Number.isInteger(props.storageIops) && props.storageIops >= 3000 && props.storageIops <= 16000,
        () => `\`storageIops\` must be a gp3 IOPS value from 3000 to 16000, got ${show(props.storageIops)}`);
    }
    // aws-cdk's Domain range-checks the throughput and divides IOPS by the size without token guards
    // (aws-cdk-lib 2.276: «ThroughputOutOfRange», «IopsToVolumeSizeRatioExceeded»): say so here instead.
    p.check(!Token.isUnresolved(props.storageThroughputMiBps),
      () => '`storageThroughputMiBps` must be known at synth time (aws-cdk\'s Domain checks its range), got an unresolved token');
    p.check(!(Token.isUnresolved(props.storageGiBPerNode) && props.storageIops !== undefined),
      () => '`storageGiBPerNode` must be known at synth time when `storageIops` is set (aws-cdk\'s Domain checks IOPS per GiB), got an unresolved token');
    if (props.storageThroughputMiBps !== undefined && !Token.isUnresolved(props.storageThroughputMiBps)) {
      p.check(Number.isInteger(props.storageThroughputMiBps) && props.storageThroughputMiBps >= 125 && props.storageThroughputMiBps <= 1000,
        () => `\`storageThroughputMiBps\` must be a gp3 throughput from 125 to 1000 MiB/s, got ${show(props.storageThroughputMiBps)}`);
    }
    p.check(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/.test(masterUserName),
      () => `\`masterUserName\` must be 1-64 letters, digits, '_' or '-' starting with a letter, got ${show(masterUserName)}`);
    p.throwIfAny(this);

    this.domainName = props.domainName;
    this.zones = zones;
    this.dataNodes = dataNodes;
    this.masterNodes = masterNodes;
    this.identity = { domainName: props.domainName, account: region.account, region: region.region };

    const key = props.encryptionKey ?? new Key(this, 'Key', {
      description: `Encrypts OpenSearch domain ${props.domainName}: data at rest, logs, master user secret`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts the domain's log groups with the key, and only those.
    grantLogsEncryption(key, `/aws/opensearch/${props.domainName}/*`);
    this.encryptionKey = key;

    const secret = new Secret(this, 'MasterUser', {
      description: `Fine-grained access control master user of OpenSearch domain ${props.domainName}`,
      encryptionKey: key,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: masterUserName }),
        generateStringKey: 'password',
        excludeCharacters: '{}\'\\*[]()`"/@:',
        requireEachIncludedType: true,
        passwordLength: 32,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'The OpenSearch master user password lives in the domain\'s internal user database; Secrets Manager has no rotation function for it. Rotate with the runbook in the README (update the secret, then the domain).',
    });
    this.masterUserSecret = secret;

    const logGroup = (name: string, what: string) => new LogGroup(this, name, {
      logGroupName: `/aws/opensearch/${props.domainName}/${what}`,
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logs = {
      slowSearchLogGroup: logGroup('SearchSlowLogs', 'search-slow'),
      slowIndexLogGroup: logGroup('IndexSlowLogs', 'index-slow'),
      appLogGroup: logGroup('ErrorLogs', 'error'),
      auditLogGroup: logGroup('AuditLogs', 'audit'),
    };
    const domainArn = searchDomainArn(this, this.identity);
    // One explicit resource policy instead of the Domain's Lambda-backed custom resource.
    new CfnResourcePolicy(this, 'LogsResourcePolicy', {
      policyName: `opensearch-${props.domainName}-logs`,
      policyDocument: stack.toJsonString(new PolicyDocument({
        statements: [new PolicyStatement({
          effect: Effect.ALLOW,
          principals: [new ServicePrincipal('es.amazonaws.com')],
          actions: ['logs:PutLogEvents', 'logs:CreateLogStream'],
          resources: Object.values(logs).map((lg) => `${lg.logGroupArn}`),
          conditions: { StringEquals: { 'aws:SourceAccount': region.account }, ArnLike: { 'aws:SourceArn': domainArn } },
        })],
      }).toJSON()),
    });

    const securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `OpenSearch domain ${props.domainName}: HTTPS from clients`,
      allowAllOutbound: false,
    });
    // The domain admits its client security group only (as Neptune and EVCache do), not the VPC's
    // CIDR: whatever else lands in the VPC does not reach the endpoint. Admit more through `connections`.
    this.clientSecurityGroup = new SecurityGroup(this, 'ClientSecurityGroup', {
      vpc: props.vpc,
      description: `Clients of OpenSearch domain ${props.domainName}`,
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(this.clientSecurityGroup, Port.tcp(DOMAIN_HTTPS_PORT), 'HTTPS from clients');
    this.clientSecurityGroup.addEgressRule(securityGroup, Port.tcp(DOMAIN_HTTPS_PORT), 'HTTPS to the OpenSearch domain');

    this.domain = new Domain(this, 'Resource', {
      domainName: props.domainName,
      version: props.version ?? EngineVersion.OPENSEARCH_2_19,
      vpc: props.vpc,
      vpcSubnets: [{ subnetType: SubnetType.PRIVATE_ISOLATED, availabilityZones: [...zones] }],
      securityGroups: [securityGroup],
      capacity: {
        dataNodes,
        dataNodeInstanceType: props.dataNodeType.name,
        masterNodes,
        masterNodeInstanceType: (props.masterNodeType ?? SearchNodeType.M6G_LARGE).name,
        multiAzWithStandbyEnabled: standby,
      },
      zoneAwareness: { enabled: true, availabilityZoneCount: zones.length },
      ebs: {
        enabled: true,
        volumeType: EbsDeviceVolumeType.GP3,
        volumeSize: props.storageGiBPerNode,
        iops: props.storageIops,
        throughput: props.storageThroughputMiBps,
      },
      encryptionAtRest: { enabled: true, kmsKey: key },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2_PFS,
      fineGrainedAccessControl: {
        masterUserName,
        masterUserPassword: SecretValue.secretsManager(secret.secretArn, { jsonField: 'password' }),
      },
      logging: {
        slowSearchLogEnabled: true, slowSearchLogGroup: logs.slowSearchLogGroup,
        slowIndexLogEnabled: true, slowIndexLogGroup: logs.slowIndexLogGroup,
        appLogEnabled: true, appLogGroup: logs.appLogGroup,
        auditLogEnabled: true, auditLogGroup: logs.auditLogGroup,
      },
      suppressLogsResourcePolicy: true,
      offPeakWindowEnabled: true,
      offPeakWindowStart: { hours: offPeak, minutes: 0 },
      enableAutoSoftwareUpdate: true,
      enableVersionUpgrade: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cfn = this.domain.node.defaultChild as CfnDomain;
    // Access goes through fine-grained access control (internal users, roles mapped to IAM):
    // the resource policy admits any principal, the VPC and FGAC decide. Written on the L1 with
    // an ARN built from the known name: the L2 would add a Lambda-backed custom resource.
    cfn.accessPolicies = new PolicyDocument({
      statements: [new PolicyStatement({
        effect: Effect.ALLOW, principals: [new AnyPrincipal()], actions: ['es:ESHttp*'], resources: [`${domainArn}/*`],
      })],
    }).toJSON();
    this.domain.node.addDependency(this.node.findChild('LogsResourcePolicy'));
    Validations.of(this.domain).acknowledge({
      id: 'AwsSolutions::AwsSolutions-OS3',
      reason: 'IP allowlisting applies to public domains; this domain has only VPC endpoints in isolated subnets, guarded by its security group.',
    });
    Validations.of(this.domain).acknowledge({
      id: 'AwsSolutions::AwsSolutions-OS5',
      reason: 'The domain is VPC-only (isolated subnets; its security group admits HTTPS from the domain\'s client security group only) and enforces fine-grained access control; AWS recommends an open resource policy with FGAC so internal users and IAM-mapped roles authenticate in the domain.',
    });

    this.domainArn = this.domain.domainArn;
    this.domainEndpoint = this.domain.domainEndpoint;
    this.dashboardsUrl = `https://${this.domain.domainEndpoint}/_dashboards/`;
    this.connections = new Connections({ securityGroups: [securityGroup], defaultPort: Port.tcp(DOMAIN_HTTPS_PORT) });
  }
}
