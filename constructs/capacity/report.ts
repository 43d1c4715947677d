import type { FailureDomainReport } from '../failure-domains/failure-domains';
import type { MaintenanceRow } from '../maintenance/windows';
import type { OutputFile } from '../platform/output-file';
import type { DatasetProjection, ResolvedWorkload } from './workload';

/** A configured size compared with what the planner asks for. */
export interface CapacityCheck {
  /** What is compared, e.g. `Cassandra us-east-1: nodes per zone`. */
  readonly subject: string;
  /** The configuration field that holds the configured value, e.g. `settings.cassandra.storageGiB`. */
  readonly field: string;
  readonly required: number;
  readonly configured: number;
  readonly unit: string;
  /** Whether the configured value must equal the required one (e.g. a replication factor), not just reach it. */
  readonly exact: boolean;
  /** configured >= required, or configured === required when `exact`. */
  readonly ok: boolean;
  /** Why the planner asks for `required` (its limiting factor). */
  readonly reason: string;
}

/** One store's plan, as figures. */
export interface CapacitySection {
  readonly title: string;
  readonly figures: Readonly<Record<string, number | string | boolean>>;
}

/** The capacity report of one use case in one environment. */
export interface CapacityReport {
  readonly useCase: string;
  readonly environment: string;
  readonly workload: ResolvedWorkload;
  readonly projection: DatasetProjection;
  readonly sections: readonly CapacitySection[];
  readonly checks: readonly CapacityCheck[];
  /** Advice that does not fail synth (e.g. a cheaper capacity mode). */
  readonly notes: readonly string[];
  /** The staggered maintenance of every region and zone (`maintenanceTable`). @default - none */
  readonly maintenance?: readonly MaintenanceRow[];
  /** Loss of each zone and region on each flavor (`failureDomainReport`). @default - none */
  readonly failureDomains?: FailureDomainReport;
}

/** A check that the configured value reaches (or, with `exact`, equals) what the planner requires. */
export function capacityCheck(subject: string, field: string, required: number, configured: number, unit: string, reason: string, exact = false): CapacityCheck {
  return { subject, field, required, configured, unit, exact, ok: exact ? configured === required : configured >= required, reason };
}

/** One message per failed check, naming the field, the configured value and the planner's minimum. */
export function capacityProblems(checks: readonly CapacityCheck[]): string[] {
  return checks.filter((c) => !c.ok).map((c) =>
    `\`${c.field}\` (${c.subject}) is ${c.configured} ${c.unit}, the capacity planner needs ${c.exact ? '' : '>= '}${c.required} ${c.unit} for the workload (${c.reason})`);
}

/** Floats rounded to 2 decimals, so reports read well and never differ in the 15th digit. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.round(value * 100) / 100;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

/** AWS-managed services the planner sizes: a check naming one is a size of the AWS flavor. */
const AWS_MANAGED = /^(Amazon )?(Keyspaces|MemoryDB|OpenSearch|Neptune|ElastiCache)\b/;

/**
 * The flavor a check sizes, as its subject names it: `(AWS, ...)` or `(Kubernetes, ...)`, else an
 * AWS-managed service (Keyspaces, MemoryDB, OpenSearch, Neptune, ElastiCache) for AWS and a store
 * the platform runs itself (Cassandra, Elasticsearch, Dynomite, ...) for Kubernetes.
 */
export function checkFlavor(check: Pick<CapacityCheck, 'subject'>): 'aws' | 'kubernetes' {
  if (/\(AWS\b/.test(check.subject)) return 'aws';
  if (/\(Kubernetes\b/.test(check.subject)) return 'kubernetes';
  return AWS_MANAGED.test(check.subject) ? 'aws' : 'kubernetes';
}

/** The checks of `report` that size `flavor`, rounded as in `capacity/<use-case>.json`. */
export function plannerSizes(report: CapacityReport, flavor: 'aws' | 'kubernetes'): CapacityCheck[] {
  return report.checks.filter((c) => checkFlavor(c) === flavor).map((c) => rounded(c) as CapacityCheck);
}

/** The reports of one use case as JSON (one entry per environment). */
export function renderCapacityJson(reports: readonly CapacityReport[]): string {
  return `${JSON.stringify(rounded(reports), null, 2)}\n`;
}

const cell = (v: unknown) => String(rounded(v)).replace(/\|/g, '\\|');

/** The reports of one use case as Markdown, for pull-request review. */
export function renderCapacityMarkdown(reports: readonly CapacityReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    out.push(`# Capacity: ${r.useCase} (${r.environment})`, '');
    out.push('## Workload', '', '| field | value |', '|---|---|');
    for (const [k, v] of Object.entries(r.workload)) out.push(`| ${k} | ${cell(v)} |`);
    out.push('', `Projected dataset (one copy): **${cell(r.projection.projectedGiB)} GiB**, limited by ${r.projection.limitedBy}` +
      ` (grown: ${cell(r.projection.grownGiB)} GiB` +
      `${r.projection.retentionCapGiB === undefined ? '' : `, retention cap: ${cell(r.projection.retentionCapGiB)} GiB`}).`, '');
    for (const s of r.sections) {
      out.push(`## ${s.title}`, '', '| figure | value |', '|---|---|');
      for (const [k, v] of Object.entries(s.figures)) out.push(`| ${k} | ${cell(v)} |`);
      out.push('');
    }
    if (r.checks.length > 0) {
      out.push('## Configured vs required', '', '| | field | required | configured | ok | why |', '|---|---|---|---|---|---|');
      for (const c of r.checks) {
        out.push(`| ${cell(c.subject)} | \`${c.field}\` | ${c.exact ? '' : '>= '}${cell(c.required)} ${c.unit} | ${cell(c.configured)} ${c.unit} | ${c.ok ? 'yes' : '**NO**'} | ${cell(c.reason)} |`);
      }
      out.push('');
    }
    if (r.notes.length > 0) {
      out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
    }
    if (r.maintenance && r.maintenance.length > 0) {
      out.push('## Maintenance (UTC; no two regions at once, one zone per day)', '', '| region | zone | operation | flavor | run by | window |', '|---|---|---|---|---|---|');
      for (const m of r.maintenance) {
        out.push(`| ${m.region} | ${m.zone ?? 'all'} | ${cell(m.operation)} | ${m.flavor} | ${m.kind === 'managed' ? 'AWS' : 'operator / Job'} | ${m.windowUtc} |`);
      }
      out.push('');
    }
    if (r.failureDomains) {
      out.push(`## Failure domains (consistency: ${r.failureDomains.consistency})`, '',
        '| loss | flavor | meets consistency | copies | data at risk | operator action |', '|---|---|---|---|---|---|');
      for (const o of r.failureDomains.outcomes) {
        const loss = o.loss.kind === 'zone' ? `zone ${o.loss.zone}` : `${o.loss.kind} ${o.loss.region}`;
        out.push(`| ${loss} | ${o.flavor} | ${o.meetsConsistency ? 'yes' : '**NO**'} | ${cell(o.detail)} | ${cell(o.dataAtRisk)} | ${cell(o.operatorAction)} |`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

/**
 * `capacity/<use-case>.json` and `.md` for each use case with reports, relative to the
 * CloudFormation output folder (`cdk.out/`). Use cases without reports get no files.
 */
export function capacityReportFiles(reportsByUseCase: Readonly<Record<string, readonly CapacityReport[]>>): OutputFile[] {
  return Object.entries(reportsByUseCase).filter(([, reports]) => reports.length > 0).flatMap(([useCase, reports]) => [
    { path: `capacity/${useCase}.json`, content: renderCapacityJson(reports) },
    { path: `capacity/${useCase}.md`, content: renderCapacityMarkdown(reports) },
  ]);
}
