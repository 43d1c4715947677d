import { PLATFORM_SCHEMA } from './config-schema';
import { Problems, show } from './errors';
import { type Ipv4Block, overlaps, parseIpv4Cidr } from './grammar';
import { schemaErrors, validator } from './json-schema';
import { KNOWN_REGIONS, zoneBelongsToRegion } from './regions';
import { DEFAULT_RUNBOOK_BASE_URL } from '../monitoring/runbooks';

/** The Kubernetes cluster that serves one region. */
export interface KubernetesClusterConfig {
  /**
   * kubeconfig context of the cluster; also the name of the K8ssandra `ClientConfig`
   * through which the control-plane cluster reaches it.
   */
  readonly context: string;
  /**
   * Values of the `topology.kubernetes.io/zone` node label, one per zone used.
   *
   * @default - the region's `availabilityZones` (what EKS labels its nodes with)
   */
  readonly zones?: string[];
  /** StorageClass for persistent volumes of stateful stores (must be zone-bound, e.g. EBS gp3). */
  readonly storageClass: string;
  /**
   * CIDR of the cluster's pod network. Stores replicating across regions admit peers from the
   * other regions' pod CIDRs in their NetworkPolicies.
   */
  readonly podCidr: string;
  /**
   * CIDR of the VPC the cluster runs in. Pods reach AWS APIs only there, on 443: give the VPC
   * interface endpoints for S3, KMS and STS (with private DNS) that Medusa backups and IRSA
   * use. Elasticsearch clusters of other regions reach this region's internal transport load
   * balancer, whose addresses are in this VPC.
   */
  readonly vpcCidr: string;
}

/** One AWS region of an environment. */
export interface RegionConfig {
  /** AWS region name, e.g. `us-east-1`. */
  readonly region: string;
  /** 12-digit AWS account id that this region's stacks deploy into. */
  readonly account: string;
  /**
   * Availability zone names used in this region. Given here, never looked up: synth stays
   * hermetic and a zone never changes because an account gained one.
   */
  readonly availabilityZones: string[];
  /** The Kubernetes cluster of this region. */
  readonly kubernetes: KubernetesClusterConfig;
}

/** One deployment environment (e.g. `prod`): a set of regions with their accounts and clusters. */
export interface EnvironmentConfig {
  /** Short name, used as the prefix of stack and chart names. Lowercase letters, digits, `-`. */
  readonly name: string;
  /** Production environments get the stricter rules (at least two zones per store, ...). */
  readonly production: boolean;
  /** Regions, in order. */
  readonly regions: RegionConfig[];
  /**
   * The region that owns globally replicated resources created once (a MULTI_REGION keyspace,
   * a global database) and the Kubernetes control plane of multi-cluster operators.
   *
   * @default - the first region
   */
  readonly primaryRegion?: string;
  /**
   * Value of the `release` label that kube-prometheus-stack selects ServiceMonitors and
   * PrometheusRules by.
   *
   * @default 'kube-prometheus-stack'
   */
  readonly prometheusRelease?: string;
  /**
   * Namespace where Prometheus runs; stores admit metric scrapes from it.
   *
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Web URL of the `docs/runbooks` folder; every Prometheus alert's `runbook_url` points at a
   * section of a page under it.
   *
   * @default DEFAULT_RUNBOOK_BASE_URL (constructs/monitoring/runbooks.ts)
   */
  readonly runbookBaseUrl?: string;
  /**
   * Label (name) by which the Grafana sidecar finds dashboard ConfigMaps
   * (kube-prometheus-stack `grafana.sidecar.dashboards.label`).
   *
   * @default 'grafana_dashboard'
   */
  readonly grafanaDashboardLabel?: string;
  /**
   * Value of that label (`grafana.sidecar.dashboards.labelValue`).
   *
   * @default '1'
   */
  readonly grafanaDashboardLabelValue?: string;
  /**
   * uid of the Prometheus datasource the dashboards query (`grafana.sidecar.datasources.uid`).
   *
   * @default 'prometheus'
   */
  readonly grafanaDatasourceUid?: string;
  /**
   * Email address subscribed to the alarm topics.
   *
   * @default - no subscription; subscribe your paging tool to the topic
   */
  readonly alarmEmail?: string;
}

/** The whole platform: what `bin/` reads. */
export interface PlatformConfig {
  readonly environments: EnvironmentConfig[];
}

/** A region with its defaults applied. */
export interface ResolvedRegion extends RegionConfig {
  readonly kubernetes: Required<KubernetesClusterConfig>;
}

/** An environment with its defaults applied; what constructs receive. */
export interface Environment {
  readonly name: string;
  readonly production: boolean;
  readonly regions: readonly ResolvedRegion[];
  readonly primaryRegion: string;
  readonly prometheusRelease: string;
  readonly monitoringNamespace: string;
  readonly runbookBaseUrl: string;
  readonly grafanaDashboardLabel: string;
  readonly grafanaDashboardLabelValue: string;
  readonly grafanaDatasourceUid: string;
  readonly alarmEmail?: string;
  region(name: string): ResolvedRegion;
}

const NAME = /^[a-z][a-z0-9-]{0,19}$/;
const ACCOUNT = /^\d{12}$/;

/** Problems of one environment; the field paths start at `environments[i]`. */
export function environmentProblems(env: EnvironmentConfig, at: string): string[] {
  const p = new Problems();
  p.check(NAME.test(env.name), () => `\`${at}.name\` must match ${NAME}, got ${show(env.name)}`);
  if (!p.check(env.regions.length > 0, () => `\`${at}.regions\` must list at least one region, got []`)) return [...p.items];
  const seen = new Set<string>();
  const blocks: { block: Ipv4Block; cidr: string; index: number }[] = [];
  const contexts = new Map<string, number>();
  env.regions.forEach((r, i) => {
    const rat = `${at}.regions[${i}]`;
    const known = p.check(KNOWN_REGIONS.includes(r.region),
      () => `\`${rat}.region\` must be one of ${KNOWN_REGIONS.join(', ')}, got ${show(r.region)}`);
    p.check(!seen.has(r.region), () => `\`${rat}.region\` must be unique in the environment, got duplicate ${show(r.region)}`);
    seen.add(r.region);
    p.check(ACCOUNT.test(r.account), () => `\`${rat}.account\` must be a 12-digit AWS account id, got ${show(r.account)}`);
    p.check(r.availabilityZones.length > 0, () => `\`${rat}.availabilityZones\` must list at least one zone, got []`);
    if (known) {
      r.availabilityZones.forEach((z, j) => p.check(zoneBelongsToRegion(z, r.region),
        () => `\`${rat}.availabilityZones[${j}]\` must be a zone of ${r.region} (${r.region}a, ${r.region}b, ...), got ${show(z)}`));
    }
    p.check(new Set(r.availabilityZones).size === r.availabilityZones.length,
      () => `\`${rat}.availabilityZones\` must not repeat a zone, got ${show(r.availabilityZones)}`);
    p.check(r.kubernetes.context.length > 0, () => `\`${rat}.kubernetes.context\` must not be empty`);
    p.check(r.kubernetes.storageClass.length > 0, () => `\`${rat}.kubernetes.storageClass\` must not be empty`);
    const block = parseIpv4Cidr(r.kubernetes.podCidr);
    if (p.check(block !== undefined, () => `\`${rat}.kubernetes.podCidr\` must be an IPv4 CIDR like 10.1.0.0/16 (octets 0-255, prefix 0-32), got ${show(r.kubernetes.podCidr)}`)) {
      p.check(block!.aligned, () => `\`${rat}.kubernetes.podCidr\` must be a network address (host bits zero, as NetworkPolicy ipBlock reads it), got ${show(r.kubernetes.podCidr)}`);
      // Stores admit their peers by the other regions' pod CIDRs: overlapping networks admit the wrong pods and route ambiguously.
      const other = blocks.findIndex((b) => overlaps(b.block, block!));
      p.check(other < 0, () => `\`${rat}.kubernetes.podCidr\` must not overlap another region's pod network (${blocks[other].cidr} of ${at}.regions[${blocks[other].index}]), got ${show(r.kubernetes.podCidr)}`);
      blocks.push({ block: block!, cidr: r.kubernetes.podCidr, index: i });
    }
    const ctx = contexts.get(r.kubernetes.context);
    p.check(ctx === undefined, () => `\`${rat}.kubernetes.context\` must name another cluster than ${at}.regions[${ctx}] (one Kubernetes cluster per region), got ${show(r.kubernetes.context)}`);
    contexts.set(r.kubernetes.context, i);
    const vpc = parseIpv4Cidr(r.kubernetes.vpcCidr);
    if (p.check(vpc !== undefined, () => `\`${rat}.kubernetes.vpcCidr\` must be an IPv4 CIDR like 10.101.0.0/16 (octets 0-255, prefix 0-32), got ${show(r.kubernetes.vpcCidr)}`)) {
      p.check(vpc!.aligned, () => `\`${rat}.kubernetes.vpcCidr\` must be a network address (host bits zero, as NetworkPolicy ipBlock reads it), got ${show(r.kubernetes.vpcCidr)}`);
    }
    const k8sZones = r.kubernetes.zones ?? r.availabilityZones;
    p.check(k8sZones.length === r.availabilityZones.length,
      () => `\`${rat}.kubernetes.zones\` must name one Kubernetes zone per availability zone (${r.availabilityZones.length}), got ${show(k8sZones)}`);
  });
  if (env.runbookBaseUrl !== undefined) {
    p.check(/^https?:\/\/\S+$/.test(env.runbookBaseUrl), () => `\`${at}.runbookBaseUrl\` must be an http(s) URL without spaces, got ${show(env.runbookBaseUrl)}`);
  }
  if (env.primaryRegion !== undefined) {
    p.check(seen.has(env.primaryRegion),
      () => `\`${at}.primaryRegion\` must be one of the environment's regions (${[...seen].join(', ')}), got ${show(env.primaryRegion)}`);
  }
  return [...p.items];
}

/** Validates the whole configuration and applies defaults. Throws listing every problem. */
export function resolvePlatform(config: PlatformConfig, source = 'platform configuration'): Environment[] {
  const p = new Problems();
  // Types first (the configuration may come from any module or JSON file): the rules below read the fields.
  const validate = validator(PLATFORM_SCHEMA);
  if (!validate(config)) {
    p.merge(schemaErrors('', config, validate.errors ?? []).map((e) => `\`${e.path}\` ${e.reason}`));
    p.throwIfAny(source);
  }
  const names = new Set<string>();
  config.environments.forEach((env, i) => {
    p.merge(environmentProblems(env, `environments[${i}]`));
    p.check(!names.has(env.name), () => `\`environments[${i}].name\` must be unique, got duplicate ${show(env.name)}`);
    names.add(env.name);
  });
  p.throwIfAny(source);
  return config.environments.map(resolveEnvironment);
}

function resolveEnvironment(env: EnvironmentConfig): Environment {
  const regions: ResolvedRegion[] = env.regions.map((r) => ({
    ...r,
    kubernetes: { ...r.kubernetes, zones: r.kubernetes.zones ?? r.availabilityZones },
  }));
  return {
    name: env.name,
    production: env.production,
    regions,
    primaryRegion: env.primaryRegion ?? env.regions[0].region,
    prometheusRelease: env.prometheusRelease ?? 'kube-prometheus-stack',
    monitoringNamespace: env.monitoringNamespace ?? 'monitoring',
    runbookBaseUrl: env.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL,
    grafanaDashboardLabel: env.grafanaDashboardLabel ?? 'grafana_dashboard',
    grafanaDashboardLabelValue: env.grafanaDashboardLabelValue ?? '1',
    grafanaDatasourceUid: env.grafanaDatasourceUid ?? 'prometheus',
    alarmEmail: env.alarmEmail,
    region(name: string): ResolvedRegion {
      const found = regions.find((r) => r.region === name);
      if (!found) throw new Error(`environment '${env.name}' has no region ${show(name)}; it has ${regions.map((r) => r.region).join(', ')}`);
      return found;
    },
  };
}

/** Kubernetes zone label for an AWS availability zone of the region. */
export function kubernetesZoneOf(region: ResolvedRegion, availabilityZone: string): string {
  const i = region.availabilityZones.indexOf(availabilityZone);
  return region.kubernetes.zones[i];
}
