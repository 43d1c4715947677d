import { Tags } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { Problems, show } from '../../platform/errors';

/**
 * Where the built-in Health `service` codes were looked for (2026-12-02) without finding any of
 * them: aws/aws-health-tools @fff28e91 (its rule samples and test events name only EC2, EBS,
 * ELASTICLOADBALANCING, ABUSE and RISK), aws-samples/aws-health-aware @928494c7 and
 * aws-samples/aws-health-events-insight @e4f6f27e (no service lists), the aws-cli 1.45.11 examples
 * of `aws health describe-events` (awscli/examples/health/describe-events.rst: ECS, BILLING,
 * CLOUDFORMATION, LAMBDA, EC2, SECURITY, CLOUDFRONT, SES, IAM, each with AWS_<SERVICE>_ event
 * codes), the AWS Health API reference (EventType: "For example, EC2, RDS"), the
 * aws.health@AWSHealthEvent schema in @aws-cdk/aws-service-spec 0.1.216 (`service` is a plain
 * string), and the docs, pages and code
 * corpora for each code and `AWS_<CODE>_` event type (only a third-party DescribeEventTypes dump
 * is stored, and only its first entries).
 */
export const HEALTH_CODES_SEARCHED = 'Looked in aws-health-tools, aws-health-aware, aws-health-events-insight, the aws-cli examples, the Health API reference, '
  + 'the aws.health event schema and the search corpora (constructs/maintenance/aws/maintenance-notifications.ts).';

/**
 * Category of an AWS Health event (`detail.eventTypeCategory`).
 *
 * @see https://docs.aws.amazon.com/health/latest/APIReference/API_EventType.html
 */
export class HealthEventCategory {
  /** Planned changes: maintenance, retirements, required upgrades. */
  public static readonly SCHEDULED_CHANGE = new HealthEventCategory('scheduledChange');
  /** Service issues affecting the account's resources. */
  public static readonly ISSUE = new HealthEventCategory('issue');
  /** Account notifications (e.g. end of support of an engine version). */
  public static readonly ACCOUNT_NOTIFICATION = new HealthEventCategory('accountNotification');

  private constructor(public readonly value: string) {}
}

/** An event a service itself sends to EventBridge, matched by source and detail-type. */
export interface ServiceEventPattern {
  /** `source`, e.g. `aws.es`. */
  readonly source: string;
  /** `detail-type` values to match. */
  readonly detailTypes: readonly string[];
  /**
   * Further `detail` filter.
   *
   * @default - any detail
   */
  readonly detail?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A managed service whose maintenance the owning team must hear about: its AWS Health
 * `service` code and the maintenance events it sends to EventBridge itself.
 */
export class MaintainedService {
  /**
   * Amazon Keyspaces: serverless, no maintenance windows; AWS Health only.
   */
  public static readonly KEYSPACES = new MaintainedService('Keyspaces', 'CASSANDRA', [], {
    resourceTypes: ['AWS::Cassandra::Keyspace', 'AWS::Cassandra::Table'],
    evidence: 'Not verified: no stored AWS page lists AWS Health service codes. The code follows the service\'s API '
      + 'namespace (cassandra, as in the AWS/Cassandra metric namespace), like EC2 and RDS in the EventType API reference.' + ' ' + HEALTH_CODES_SEARCHED,
  });
  /**
   * ElastiCache: AWS Health plus the service's own update events. Node-based clusters announce
   * service updates through their (unencrypted) SNS notification topic, not EventBridge: AWS
   * Health carries those to us.
   *
   * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-elasticache.html
   */
  public static readonly ELASTICACHE = new MaintainedService('ElastiCache', 'ELASTICACHE', [
    { source: 'aws.elasticache', detailTypes: ['Cache Updated', 'Cache Update Failed', 'Snapshot Creation Failed'] },
  ], {
    resourceTypes: ['AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup'],
    evidence: 'Not verified against an AWS page. Corroborated only by a third-party runbook naming the event type '
      + 'AWS_ELASTICACHE_PLANNED_LIFECYCLE_EVENT, whose AWS_<SERVICE>_ prefix is the EventType API reference\'s format.' + ' ' + HEALTH_CODES_SEARCHED,
  });
  /** MemoryDB: sends only CloudTrail events to EventBridge; AWS Health carries its maintenance. */
  public static readonly MEMORYDB = new MaintainedService('MemoryDB', 'MEMORYDB', [], {
    resourceTypes: ['AWS::MemoryDB::Cluster', 'AWS::MemoryDB::MultiRegionCluster'],
    evidence: 'Not verified: no stored AWS page lists AWS Health service codes; follows the API namespace (memorydb).' + ' ' + HEALTH_CODES_SEARCHED,
  });
  /**
   * OpenSearch Service: software updates, Auto-Tune, maintenance, node retirement and cluster status.
   *
   * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/monitoring-events.html
   */
  public static readonly OPENSEARCH = new MaintainedService('OpenSearch', 'ES', [{
    source: 'aws.es',
    detailTypes: [
      'Amazon OpenSearch Service Software Update Notification', 'Amazon OpenSearch Service Auto-Tune Notification',
      'Amazon OpenSearch Service Maintenance Update', 'Amazon OpenSearch Service Notification',
      'Amazon OpenSearch Service Cluster Status Notification',
    ],
  }], {
    resourceTypes: ['AWS::OpenSearchService::Domain'],
    evidence: 'Not verified: no stored AWS page lists AWS Health service codes; follows the API namespace (es), '
      + 'the AWS/ES metric namespace and the aws.es EventBridge source.' + ' ' + HEALTH_CODES_SEARCHED,
  });
  /**
   * Neptune: uses the RDS event definitions, delivered as `aws.rds` events (this rule also
   * matches RDS databases of the account in the region).
   *
   * @see https://docs.aws.amazon.com/neptune/latest/userguide/event-lists.html
   */
  public static readonly NEPTUNE = new MaintainedService('Neptune', 'NEPTUNE', [{
    source: 'aws.rds',
    detailTypes: ['RDS DB Instance Event', 'RDS DB Cluster Event'],
    detail: { EventCategories: ['maintenance', 'failover', 'notification'] },
  }], {
    resourceTypes: ['AWS::Neptune::DBCluster', 'AWS::Neptune::DBInstance', 'AWS::Neptune::GlobalCluster'],
    evidence: 'Not verified: no stored AWS page lists AWS Health service codes. Neptune shares RDS\'s control plane '
      + '(its events arrive as aws.rds): its Health events may carry RDS instead, so the rule also matches RDS.' + ' ' + HEALTH_CODES_SEARCHED,
    alsoHealthCodes: ['RDS'],
  });

  /** Every built-in service. */
  public static readonly ALL: readonly MaintainedService[] = [
    MaintainedService.KEYSPACES, MaintainedService.ELASTICACHE, MaintainedService.MEMORYDB, MaintainedService.OPENSEARCH, MaintainedService.NEPTUNE,
  ];

  /** The built-in service that maintains resources of a CloudFormation type, if any. */
  public static forResourceType(type: string): MaintainedService | undefined {
    return MaintainedService.ALL.find((s) => s.resourceTypes.includes(type));
  }

  /**
   * Any other service: its AWS Health `service` code as `aws health describe-event-types` lists it
   * (the evidence), its events and the resource types it maintains.
   */
  public static of(name: string, healthServiceCode: string, serviceEvents: readonly ServiceEventPattern[] = [],
    details: Partial<MaintainedServiceDetails> = {}): MaintainedService {
    return new MaintainedService(name, healthServiceCode, serviceEvents, {
      resourceTypes: details.resourceTypes ?? [], evidence: details.evidence ?? 'given by the caller', verified: details.verified,
      alsoHealthCodes: details.alsoHealthCodes,
    });
  }

  /** CloudFormation resource types this service maintains. */
  public readonly resourceTypes: readonly string[];
  /** Where the Health `service` code comes from. */
  public readonly healthCodeEvidence: string;
  /** Whether the code was read in AWS's documentation or API output (false: followed from the naming pattern). */
  public readonly healthCodeVerified: boolean;
  /** Health `service` codes the rule matches: the service's own, and any it may share (Neptune: RDS). */
  public readonly healthServiceCodes: readonly string[];

  private constructor(
    /** PascalCase name, used in construct ids. */
    public readonly name: string,
    public readonly healthServiceCode: string,
    public readonly serviceEvents: readonly ServiceEventPattern[],
    details: MaintainedServiceDetails,
  ) {
    this.resourceTypes = details.resourceTypes;
    this.healthCodeEvidence = details.evidence;
    this.healthCodeVerified = details.verified ?? false;
    this.healthServiceCodes = [healthServiceCode, ...(details.alsoHealthCodes ?? [])];
  }
}

/** What a MaintainedService covers and how its Health code is known. */
export interface MaintainedServiceDetails {
  readonly resourceTypes: readonly string[];
  readonly evidence: string;
  /** @default false */
  readonly verified?: boolean;
  /** @default - none */
  readonly alsoHealthCodes?: readonly string[];
}

export interface MaintenanceNotificationsProps {
  /** The owning team's topic, e.g. `ServiceMonitoring.alarmTopic`. */
  readonly topic: ITopic;
  /**
   * The team that owns the service (the catalog entry's `owner`): named in the rules, which
   * carry an `owner` tag.
   *
   * @default - not named
   */
  readonly owner?: string;
  /** Services the use case runs in this region. */
  readonly services: MaintainedService[];
  /**
   * AWS Health event categories to route.
   *
   * @default [HealthEventCategory.SCHEDULED_CHANGE, HealthEventCategory.ISSUE]
   */
  readonly healthEventCategories?: HealthEventCategory[];
  /**
   * Also route the services' own maintenance events (`MaintainedService.serviceEvents`).
   *
   * @default true
   */
  readonly serviceEvents?: boolean;
}

const NAME = /^[A-Z][A-Za-z0-9]*$/;
const HEALTH_CODE = /^[A-Z0-9_]{2,30}$/;

/**
 * Proactive maintenance notices in one region: per service, a rule for its AWS Health scheduled
 * changes and issues, and one for the service's own maintenance events, routed to the owning team's
 * SNS topic. AWS Health delivers an account's events in the region of the affected resource, so
 * every regional stack has its own rules. The topic's policy lets EventBridge publish; when
 * the topic is encrypted, the key lets EventBridge use it.
 *
 * @see https://docs.aws.amazon.com/health/latest/ug/cloudwatch-events-health.html
 */
export class MaintenanceNotifications extends Construct {
  /** One AWS Health rule per service, by service name. */
  public readonly healthRules: Readonly<Record<string, Rule>>;
  /** One rule per service that sends its own events, by service name. */
  public readonly serviceRules: Readonly<Record<string, Rule>>;

  constructor(scope: Construct, id: string, props: MaintenanceNotificationsProps) {
    super(scope, id);
    const p = new Problems();
    p.check(props.services.length > 0, () => '`services` must list at least one service, got []');
    props.services.forEach((s, i) => {
      p.check(NAME.test(s.name), () => `\`services[${i}].name\` must be PascalCase letters and digits, got ${show(s.name)}`);
      p.check(HEALTH_CODE.test(s.healthServiceCode),
        () => `\`services[${i}].healthServiceCode\` must be an AWS Health service code (uppercase letters, digits, _), got ${show(s.healthServiceCode)}`);
      p.check(props.services.findIndex((o) => o.name === s.name) === i, () => `\`services[${i}]\` must not repeat a service, got duplicate ${show(s.name)}`);
    });
    const categories = props.healthEventCategories ?? [HealthEventCategory.SCHEDULED_CHANGE, HealthEventCategory.ISSUE];
    p.check(categories.length > 0, () => '`healthEventCategories` must list at least one category, got []');
    p.throwIfAny(this);

    const target = new SnsTopic(props.topic); // adds events.amazonaws.com to the topic policy
    props.topic.masterKey?.grant(new ServicePrincipal('events.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');

    const forOwner = props.owner ? ` for ${props.owner}` : '';
    const healthRules: Record<string, Rule> = {};
    for (const s of props.services) {
      const rule = new Rule(this, `${s.name}Health`, {
        description: `AWS Health ${categories.map((c) => c.value).join('/')} events of ${s.name} (${s.healthServiceCodes.join(', ')})${forOwner}`,
        eventPattern: {
          source: ['aws.health'],
          detailType: ['AWS Health Event'],
          detail: { service: [...s.healthServiceCodes], eventTypeCategory: categories.map((c) => c.value) },
        },
        targets: [target],
      });
      if (props.owner) Tags.of(rule).add('owner', props.owner);
      healthRules[s.name] = rule;
    }
    this.healthRules = healthRules;

    const serviceRules: Record<string, Rule> = {};
    if (props.serviceEvents ?? true) {
      for (const s of props.services.filter((x) => x.serviceEvents.length > 0)) {
        const rule = new Rule(this, `${s.name}Events`, { description: `${s.name} maintenance and health events${forOwner}`, targets: [target] });
        if (props.owner) Tags.of(rule).add('owner', props.owner);
        // Patterns of one service share a rule; EventBridge ORs the values inside each field.
        for (const e of s.serviceEvents) {
          rule.addEventPattern({ source: [e.source], detailType: [...e.detailTypes], ...(e.detail ? { detail: { ...e.detail } } : {}) });
        }
        serviceRules[s.name] = rule;
      }
    }
    this.serviceRules = serviceRules;
  }
}
