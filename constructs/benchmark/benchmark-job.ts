import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Problems, show } from '../platform/errors';
import { StoreNetworkPolicy } from '../platform/k8s/network-policy';
import { type ServiceLevelObjectives, slaProblems } from '../platform/sla';
import { type BenchmarkThresholds, benchmarkThresholds } from './thresholds';

/** The load a key-value or CQL benchmark drives: mix, rate, duration, concurrency. */
export interface BenchmarkLoad {
  /**
   * How long the measured phase runs, in seconds (60 to 86400).
   *
   * @default 600
   */
  readonly durationSeconds?: number;
  /**
   * Target operations per second of the whole Job (fixed rate, not "as fast as possible": a
   * before/after comparison needs the same load on both versions).
   *
   * @default 1000
   */
  readonly opsPerSecond?: number;
  /**
   * Share of reads in the mix, in percent (0 to 100); the rest are writes.
   *
   * @default 90
   */
  readonly readPercent?: number;
  /**
   * Concurrent connections (or client threads) of the Job.
   *
   * @default 16
   */
  readonly connections?: number;
}

export type ResolvedBenchmarkLoad = Required<BenchmarkLoad>;

export function resolveLoad(load: BenchmarkLoad = {}): ResolvedBenchmarkLoad {
  return {
    durationSeconds: load.durationSeconds ?? 600,
    opsPerSecond: load.opsPerSecond ?? 1000,
    readPercent: load.readPercent ?? 90,
    connections: load.connections ?? 16,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

export function loadProblems(load: ResolvedBenchmarkLoad, field = 'load'): string[] {
  const p = new Problems();
  p.check(isInt(load.durationSeconds, 60, 86_400), () => `\`${field}.durationSeconds\` must be an integer from 60 to 86400, got ${show(load.durationSeconds)}`);
  p.check(isInt(load.opsPerSecond, 1, 10_000_000), () => `\`${field}.opsPerSecond\` must be an integer from 1 to 10000000, got ${show(load.opsPerSecond)}`);
  p.check(isInt(load.readPercent, 0, 100), () => `\`${field}.readPercent\` must be an integer from 0 to 100, got ${show(load.readPercent)}`);
  p.check(isInt(load.connections, 1, 1024), () => `\`${field}.connections\` must be an integer from 1 to 1024, got ${show(load.connections)}`);
  return [...p.items];
}

/** Props every benchmark builder takes. */
export interface BenchmarkCommonProps {
  /** The store's SLA: p99 latency and error rate become the pass/fail thresholds. */
  readonly sla: ServiceLevelObjectives;
  /** @default - the builder's tool image, pinned (see each builder) */
  readonly image?: string;
  /**
   * CPU request of the benchmark container, in millicores (no CPU limit: a throttled load
   * generator reports its own stalls as store latency).
   *
   * @default 1000
   */
  readonly cpuMillis?: number;
  /**
   * Memory request = limit of the benchmark container, in MiB.
   *
   * @default 1024
   */
  readonly memoryMiB?: number;
  /**
   * Seconds the Job may run beyond the measured phase (image pull, connecting, populating,
   * summary) before Kubernetes stops it (`activeDeadlineSeconds` = duration + this).
   *
   * @default 900
   */
  readonly startupAllowanceSeconds?: number;
  /**
   * How long a finished Job and its pod (and so its log, the result) are kept, in seconds. Long
   * enough to compare the baseline run with the run after the upgrade.
   *
   * @default 604800 (7 days)
   */
  readonly ttlSecondsAfterFinished?: number;
}

export interface BenchmarkJobProps extends BenchmarkCommonProps {
  /** Job, ConfigMap and NetworkPolicy name. */
  readonly name: string;
  /** The store's namespace: the Job reads the store's Secrets, which exist only there. */
  readonly namespace: string;
  /** Tool name, for labels and messages (e.g. `cassandra-stress`). */
  readonly tool: string;
  /** The tool's image, used when `image` is not given. */
  readonly defaultImage: string;
  /** uid (and gid) the tool's image runs as. */
  readonly runAsUser: number;
  /** Seconds of load; the deadline adds `startupAllowanceSeconds`. */
  readonly durationSeconds: number;
  /** Runs the tool and writes its output under `/results`, then `exec sh /benchmark/judge.sh /results`. */
  readonly runScript: string;
  /** Parses `/results` and exits 0 (pass) or 1 (fail); starts with `judgePrelude`. */
  readonly judgeScript: string;
  /**
   * More files for the scripts' ConfigMap (mounted at /benchmark), e.g. a driver script.
   *
   * @default - none
   */
  readonly extraFiles?: Record<string, string>;
  /** Environment of the container: only plain values and Secret references, never secret values. */
  readonly env: k8s.EnvVar[];
  /** Extra read-only mounts (Secrets by reference: CA certificates, truststores). */
  readonly secretMounts?: { readonly name: string; readonly secretName: string; readonly items: { key: string; path: string }[]; readonly mountPath: string }[];
  /** Extra writable scratch directories (emptyDir), e.g. a tool's home. */
  readonly scratchMounts?: { readonly name: string; readonly mountPath: string; readonly sizeLimitMiB: number }[];
  /** Labels of the store's pods the benchmark connects to. */
  readonly targetPodLabels: Record<string, string>;
  /** Store ports the benchmark connects to. */
  readonly targetPorts: number[];
  /** What the Job targets, for the annotation (e.g. `host:port`). */
  readonly target: string;
}

const DNS_LABEL = /^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$/;
const SCRIPTS = '/benchmark';
const RESULTS = '/results';

/**
 * The shared shape of every benchmark: a ConfigMap with `run.sh` (runs the tool) and
 * `judge.sh` (parses its summary and compares with the SLA), a Job that runs them once
 * (`backoffLimit: 0`: a failed run is a result, not something to retry), non-root with a
 * read-only root file system, bounded by `activeDeadlineSeconds` and cleaned up by
 * `ttlSecondsAfterFinished`, and a NetworkPolicy that admits this Job's pods, by label, to the
 * store's client port. The policy is part of the benchmark manifest set: it exists only while
 * the benchmark is applied.
 */
export class BenchmarkJob extends Construct {
  public readonly jobName: string;
  public readonly thresholds: BenchmarkThresholds;
  /** Labels of the Job's pods (what the NetworkPolicy admits). */
  public readonly podLabels: Record<string, string>;
  public readonly activeDeadlineSeconds: number;
  public readonly files: Readonly<Record<string, string>>;
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: BenchmarkJobProps) {
    super(scope, id);
    const cpuMillis = props.cpuMillis ?? 1000;
    const memoryMiB = props.memoryMiB ?? 1024;
    const allowance = props.startupAllowanceSeconds ?? 900;
    const ttl = props.ttlSecondsAfterFinished ?? 604_800;
    const p = new Problems();
    p.check(DNS_LABEL.test(props.name), () => `\`name\` must be a DNS label of at most 52 characters (the Job's pods add a suffix), got ${show(props.name)}`);
    p.merge(slaProblems(props.sla));
    p.check(isInt(cpuMillis, 100, 64_000), () => `\`cpuMillis\` must be an integer from 100 to 64000, got ${show(cpuMillis)}`);
    p.check(isInt(memoryMiB, 256, 262_144), () => `\`memoryMiB\` must be an integer from 256 to 262144, got ${show(memoryMiB)}`);
    p.check(isInt(allowance, 60, 86_400), () => `\`startupAllowanceSeconds\` must be an integer from 60 to 86400, got ${show(allowance)}`);
    p.check(isInt(ttl, 0, 2_592_000), () => `\`ttlSecondsAfterFinished\` must be an integer from 0 to 2592000 (30 days), got ${show(ttl)}`);
    p.check(props.image === undefined || props.image.length > 0, () => '`image` must not be empty');
    p.throwIfAny(this);

    this.jobName = props.name;
    this.thresholds = benchmarkThresholds(props.sla);
    this.activeDeadlineSeconds = props.durationSeconds + allowance;
    this.podLabels = { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/component': 'benchmark', 'benchmark.platform/tool': props.tool };
    this.files = { ...props.extraFiles, 'run.sh': props.runScript, 'judge.sh': props.judgeScript };
    const q = (s: string) => k8s.Quantity.fromString(s);
    const ns = props.namespace;

    new k8s.KubeConfigMap(this, 'Scripts', {
      metadata: { name: props.name, namespace: ns, labels: this.podLabels },
      data: { ...this.files },
    });
    this.job = new k8s.KubeJob(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: ns,
        labels: this.podLabels,
        annotations: {
          'benchmark.platform/target': props.target,
          'benchmark.platform/max-latency-p99-ms': String(this.thresholds.maxLatencyP99Ms),
          'benchmark.platform/max-error-rate-percent': String(this.thresholds.maxErrorRatePercent),
        },
      },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: this.activeDeadlineSeconds,
        ttlSecondsAfterFinished: ttl,
        template: {
          metadata: { labels: this.podLabels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: {
              runAsNonRoot: true, runAsUser: props.runAsUser, runAsGroup: props.runAsUser, fsGroup: props.runAsUser,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [{
              name: 'benchmark',
              image: props.image ?? props.defaultImage,
              command: ['sh', `${SCRIPTS}/run.sh`],
              env: props.env.length > 0 ? props.env : undefined,
              resources: {
                requests: { cpu: q(`${cpuMillis}m`), memory: q(`${memoryMiB}Mi`) },
                limits: { memory: q(`${memoryMiB}Mi`) },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'scripts', mountPath: SCRIPTS, readOnly: true },
                { name: 'results', mountPath: RESULTS },
                { name: 'tmp', mountPath: '/tmp' },
                ...(props.secretMounts ?? []).map((m) => ({ name: m.name, mountPath: m.mountPath, readOnly: true })),
                ...(props.scratchMounts ?? []).map((m) => ({ name: m.name, mountPath: m.mountPath })),
              ],
            }],
            volumes: [
              { name: 'scripts', configMap: { name: props.name } },
              { name: 'results', emptyDir: { sizeLimit: q('256Mi') } },
              { name: 'tmp', emptyDir: { sizeLimit: q('1Gi') } },
              ...(props.secretMounts ?? []).map((m) => ({ name: m.name, secret: { secretName: m.secretName, items: m.items } })),
              ...(props.scratchMounts ?? []).map((m) => ({ name: m.name, emptyDir: { sizeLimit: q(`${m.sizeLimitMiB}Mi`) } })),
            ],
          },
        },
      },
    });
    new StoreNetworkPolicy(this, 'NetworkPolicy', {
      name: props.name, namespace: ns, podLabels: props.targetPodLabels,
      rules: [{ name: 'benchmark', ports: props.targetPorts, fromPodLabels: this.podLabels }],
    });
  }
}
