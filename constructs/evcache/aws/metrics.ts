import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';

/**
 * ElastiCache refuses connections to a memcached node beyond 65,000
 * (`max_simultaneous_connections`, not modifiable): the denominator of connection utilisation.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Memcached.html
 */
export const ELASTICACHE_MEMCACHED_MAX_CONNECTIONS = 65_000;

/**
 * CloudWatch metrics of one memcached cluster (one EVCache server group), by `CacheClusterId`.
 * Host metrics are the busiest node's (Maximum); counters are summed over the group. Every
 * metric has a 1-minute period unless `props` says otherwise.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheMetrics.Memcached.html
 */
export class ServerGroupMetricFactory {
  /** Suffix of math-expression ids, unique per zone: graphs on one dashboard widget must not share ids. */
  private readonly idSuffix: string;

  constructor(private readonly clusterId: string, private readonly zone: string) {
    this.idSuffix = zone.replace(/[^a-zA-Z0-9]/g, '_');
  }

  /** Host CPU of the busiest node, in percent. @default statistic Maximum */
  public metricCpuUtilization(props?: MetricOptions): Metric {
    return this.metric('CPUUtilization', { statistic: 'Maximum', label: `CPU ${this.zone} (%)`, ...props });
  }

  /** Items evicted to make room, per period. @default statistic Sum */
  public metricEvictions(props?: MetricOptions): Metric {
    return this.metric('Evictions', { statistic: 'Sum', label: `Evictions ${this.zone}`, ...props });
  }

  /** Open connections of the busiest node. @default statistic Maximum */
  public metricCurrConnections(props?: MetricOptions): Metric {
    return this.metric('CurrConnections', { statistic: 'Maximum', label: `Connections ${this.zone}`, ...props });
  }

  /** Open connections as a percentage of ElastiCache's per-node limit. */
  public metricConnectionUtilizationPercent(props?: MetricOptions): MathExpression {
    return new MathExpression({
      expression: `100 * ${this.id('conns')} / ${ELASTICACHE_MEMCACHED_MAX_CONNECTIONS}`,
      usingMetrics: { [this.id('conns')]: this.metricCurrConnections(props) },
      label: `Connections ${this.zone} (% of ${ELASTICACHE_MEMCACHED_MAX_CONNECTIONS})`,
      period: props?.period ?? Duration.minutes(1),
    });
  }

  /** get hits / (hits + misses) in percent; no data while there are no gets. */
  public metricHitRatioPercent(props?: MetricOptions): MathExpression {
    return new MathExpression({
      expression: `100 * ${this.id('hits')} / (${this.id('hits')} + ${this.id('misses')})`,
      usingMetrics: {
        [this.id('hits')]: this.metric('GetHits', { statistic: 'Sum', ...props }),
        [this.id('misses')]: this.metric('GetMisses', { statistic: 'Sum', ...props }),
      },
      label: `Hit ratio ${this.zone} (%)`,
      period: props?.period ?? Duration.minutes(1),
    });
  }

  /** Swap in use on the worst node, in bytes. @default statistic Maximum */
  public metricSwapUsage(props?: MetricOptions): Metric {
    return this.metric('SwapUsage', { statistic: 'Maximum', label: `Swap ${this.zone} (bytes)`, ...props });
  }

  /**
   * Packets queued or dropped because a node exceeded its network allowance (bandwidth in or
   * out, packets per second): the network is the bottleneck, latency follows.
   */
  public metricNetworkAllowanceExceeded(props?: MetricOptions): MathExpression {
    return new MathExpression({
      expression: `FILL(${this.id('bwin')}, 0) + FILL(${this.id('bwout')}, 0) + FILL(${this.id('pps')}, 0)`,
      usingMetrics: {
        [this.id('bwin')]: this.metric('NetworkBandwidthInAllowanceExceeded', { statistic: 'Sum', ...props }),
        [this.id('bwout')]: this.metric('NetworkBandwidthOutAllowanceExceeded', { statistic: 'Sum', ...props }),
        [this.id('pps')]: this.metric('NetworkPacketsPerSecondAllowanceExceeded', { statistic: 'Sum', ...props }),
      },
      label: `Network allowance exceeded ${this.zone} (packets)`,
      period: props?.period ?? Duration.minutes(1),
    });
  }

  private id(name: string): string {
    return `${name}_${this.idSuffix}`;
  }

  private metric(metricName: string, props: MetricOptions): Metric {
    return new Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: this.clusterId },
      period: Duration.minutes(1),
      ...props,
    });
  }
}
