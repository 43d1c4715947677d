import { PlatformValidationError, Problems, show } from '../platform/errors';

/**
 * Standard-time UTC offset of each region, in minutes. Daylight saving time is ignored on
 * purpose: windows stay fixed in UTC (what the AWS APIs take) and move by one local hour in
 * summer, still inside the night.
 */
export const REGION_UTC_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  'us-east-1': -300, 'us-east-2': -300, 'us-west-1': -480, 'us-west-2': -480,
  'ca-central-1': -300, 'sa-east-1': -180,
  'eu-west-1': 0, 'eu-west-2': 0, 'eu-west-3': 60, 'eu-central-1': 60, 'eu-north-1': 60, 'eu-south-1': 60,
  'ap-northeast-1': 540, 'ap-northeast-2': 540, 'ap-northeast-3': 540, 'ap-south-1': 330,
  'ap-southeast-1': 480, 'ap-southeast-2': 600,
};

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = typeof WEEKDAYS[number];

/**
 * Local weekdays maintenance rotates over, by region index: mid-week, when people are at work
 * the next morning and no weekend traffic peak is near.
 */
export const MAINTENANCE_DAYS: readonly Weekday[] = ['tue', 'wed', 'thu'];

export interface MaintenanceWindowOptions {
  /**
   * Length of the daily backup window, in minutes (a multiple of 30, at least 60: ElastiCache
   * snapshot windows need 60).
   *
   * @default 60
   */
  readonly backupMinutes?: number;
  /**
   * Length of the weekly maintenance window, in minutes (a multiple of 30, at least 60:
   * ElastiCache and MemoryDB need 60).
   *
   * @default 60
   */
  readonly maintenanceMinutes?: number;
  /**
   * Local hour the off-peak night starts.
   *
   * @default 0
   */
  readonly nightStartHour?: number;
  /**
   * Local hour the off-peak night ends; windows end by then.
   *
   * @default 6
   */
  readonly nightEndHour?: number;
}

/** A time of day in UTC. */
export interface UtcTime {
  readonly hour: number;
  readonly minute: number;
}

/** The staggered windows of one region. All times are UTC, as AWS APIs and cron in pods expect. */
export interface RegionMaintenanceWindow {
  readonly region: string;
  readonly utcOffsetMinutes: number;
  /** Daily backup start. */
  readonly backupStart: UtcTime;
  readonly backupMinutes: number;
  /** Weekly maintenance: UTC weekday and start; begins when the backup window ends. */
  readonly maintenanceDay: Weekday;
  readonly maintenanceStart: UtcTime;
  readonly maintenanceMinutes: number;
  /** `hh24:mi-hh24:mi`: Neptune/RDS `preferredBackupWindow`, ElastiCache/MemoryDB `snapshotWindow`. */
  readonly backupWindow: string;
  /** `ddd:hh24:mi-ddd:hh24:mi`: `preferredMaintenanceWindow` of Neptune, ElastiCache, MemoryDB. */
  readonly maintenanceWindow: string;
  /** Cron (UTC) of the daily backup, e.g. Medusa's `cronSchedule`. */
  readonly backupCron: string;
  /** Cron (UTC) daily at the maintenance start: after the backup window (Medusa purges, cleanup). */
  readonly afterBackupCron: string;
  /** OpenSearch `offPeakWindow.windowStartTime` (UTC): the service's 10-hour off-peak window starts with the backup. */
  readonly openSearchOffPeakStart: { readonly hours: number; readonly minutes: number };
}

const DAY = 1440;
const mod = (n: number, m: number) => ((n % m) + m) % m;
const pad = (n: number) => String(n).padStart(2, '0');
const time = (minuteOfDay: number): UtcTime => ({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 });
const hhmm = (minuteOfDay: number) => `${pad(Math.floor(mod(minuteOfDay, DAY) / 60))}:${pad(mod(minuteOfDay, DAY) % 60)}`;

/** Does [a, a+aLen) overlap [b, b+bLen) on a 24-hour clock? */
function overlapsDaily(a: number, aLen: number, b: number, bLen: number): boolean {
  const d = mod(b - a, DAY);
  return d < aLen || mod(a - b, DAY) < bLen;
}

function optionsProblems(o: MaintenanceWindowOptions): string[] {
  const p = new Problems();
  for (const name of ['backupMinutes', 'maintenanceMinutes'] as const) {
    const v = o[name];
    if (v !== undefined) {
      p.check(Number.isInteger(v) && v >= 60 && v % 30 === 0,
        () => `\`options.${name}\` must be a multiple of 30 and at least 60 (ElastiCache and MemoryDB windows last at least an hour), got ${show(v)}`);
    }
  }
  for (const name of ['nightStartHour', 'nightEndHour'] as const) {
    const v = o[name];
    if (v !== undefined) p.check(Number.isInteger(v) && v >= 0 && v <= 24, () => `\`options.${name}\` must be an integer from 0 to 24, got ${show(v)}`);
  }
  const start = o.nightStartHour ?? 0;
  const end = o.nightEndHour ?? 6;
  p.check(end > start, () => `\`options.nightEndHour\` (${end}) must be after \`options.nightStartHour\` (${start})`);
  return [...p.items];
}

/**
 * Backup and maintenance windows for the regions of an environment, staggered off-peak.
 *
 * Deterministic: region i (in the order given) takes the earliest half-hour slot of its local
 * night (`nightStartHour`-`nightEndHour`, standard time) where its block — backup window, then
 * maintenance window right after it — overlaps no block of regions 0..i-1 at any time of day
 * in UTC. So at most one region of the environment backs up or is maintained at a time, and
 * the backup always precedes the maintenance it protects. Maintenance days rotate
 * Tuesday/Wednesday/Thursday (local) by region index, then are converted to UTC.
 *
 * Throws naming the region when its night has no free slot left.
 */
export function staggerMaintenanceWindows(regions: readonly string[], options: MaintenanceWindowOptions = {}): RegionMaintenanceWindow[] {
  const p = new Problems();
  p.merge(optionsProblems(options));
  regions.forEach((r, i) => {
    p.check(REGION_UTC_OFFSET_MINUTES[r] !== undefined,
      () => `\`regions[${i}]\` must be a region with a known time zone (${Object.keys(REGION_UTC_OFFSET_MINUTES).join(', ')}), got ${show(r)}`);
    p.check(regions.indexOf(r) === i, () => `\`regions[${i}]\` must not repeat a region, got duplicate ${show(r)}`);
  });
  p.throwIfAny('staggerMaintenanceWindows');

  const backupMinutes = options.backupMinutes ?? 60;
  const maintenanceMinutes = options.maintenanceMinutes ?? 60;
  const block = backupMinutes + maintenanceMinutes;
  const nightStart = (options.nightStartHour ?? 0) * 60;
  const nightEnd = (options.nightEndHour ?? 6) * 60;
  const taken: number[] = []; // UTC minute-of-day each earlier region's block starts

  return regions.map((region, i) => {
    const offset = REGION_UTC_OFFSET_MINUTES[region];
    let localStart: number | undefined;
    for (let s = nightStart; s + block <= nightEnd; s += 30) {
      const utc = mod(s - offset, DAY);
      if (taken.every((t) => !overlapsDaily(utc, block, t, block))) {
        localStart = s;
        break;
      }
    }
    if (localStart === undefined) {
      throw new PlatformValidationError('staggerMaintenanceWindows', [
        `\`regions[${i}]\` ${show(region)} has no free ${block}-minute slot left in its night (${pad(nightStart / 60)}:00-${pad(nightEnd / 60)}:00 local, UTC${offset >= 0 ? '+' : ''}${offset / 60}): ` +
        `earlier regions take ${taken.map((t) => `${hhmm(t)}-${hhmm(t + block)}`).join(', ')} UTC; shorten the windows or widen the night`,
      ]);
    }
    const backupUtc = localStart - offset; // may be negative or past midnight: it carries the day shift
    taken.push(mod(backupUtc, DAY));
    const maintenanceUtc = backupUtc + backupMinutes;
    const localDay = WEEKDAYS.indexOf(MAINTENANCE_DAYS[i % MAINTENANCE_DAYS.length]);
    const dayOf = (utcMinute: number) => WEEKDAYS[mod(localDay + Math.floor(utcMinute / DAY), 7)];
    const backupStart = mod(backupUtc, DAY);
    const maintenanceStart = mod(maintenanceUtc, DAY);
    return {
      region,
      utcOffsetMinutes: offset,
      backupStart: time(backupStart),
      backupMinutes,
      maintenanceDay: dayOf(maintenanceUtc),
      maintenanceStart: time(maintenanceStart),
      maintenanceMinutes,
      backupWindow: `${hhmm(backupStart)}-${hhmm(backupStart + backupMinutes)}`,
      maintenanceWindow: `${dayOf(maintenanceUtc)}:${hhmm(maintenanceUtc)}-${dayOf(maintenanceUtc + maintenanceMinutes)}:${hhmm(maintenanceUtc + maintenanceMinutes)}`,
      backupCron: `${backupStart % 60} ${Math.floor(backupStart / 60)} * * *`,
      afterBackupCron: `${maintenanceStart % 60} ${Math.floor(maintenanceStart / 60)} * * *`,
      openSearchOffPeakStart: { hours: Math.floor(backupStart / 60), minutes: backupStart % 60 },
    };
  });
}

/** The window of `region` among the staggered windows of `regions`. */
export function maintenanceWindowOf(region: string, regions: readonly string[], options: MaintenanceWindowOptions = {}): RegionMaintenanceWindow {
  const found = staggerMaintenanceWindows(regions, options).find((w) => w.region === region);
  if (!found) throw new PlatformValidationError('maintenanceWindowOf', [`\`region\` must be one of ${regions.join(', ')}, got ${show(region)}`]);
  return found;
}

/** One maintenance operation of a store: a managed service's window or an operator-driven job. */
export interface MaintenanceOperation {
  /** e.g. `ElastiCache maintenance window`, `Reaper repair`. */
  readonly name: string;
  readonly flavor: 'AWS' | 'Kubernetes';
  /** The cloud applies it in the window we give (`managed`), or an operator/Job runs it (`operator`). */
  readonly kind: 'managed' | 'operator';
  /** `backup` runs daily in the backup window; `maintenance` weekly in the maintenance window. */
  readonly slot: 'backup' | 'maintenance';
  /** One zone at a time (one cluster, rack or node set per zone), or the whole region at once. */
  readonly perZone: boolean;
}

/** A row of a service's maintenance table: one operation in one region (and zone). */
export interface MaintenanceRow {
  readonly region: string;
  /** The zone, or undefined when the operation covers the region. */
  readonly zone?: string;
  readonly operation: string;
  readonly flavor: 'AWS' | 'Kubernetes';
  readonly kind: 'managed' | 'operator';
  /** `daily hh:mm-hh:mm` or `ddd:hh:mm-ddd:hh:mm`, UTC. */
  readonly windowUtc: string;
  /** Start minute in the UTC week (Sunday 00:00 = 0), and length: what the no-overlap rule compares. */
  readonly weekMinute: number;
  readonly minutes: number;
}

const WEEK = 7 * DAY;

/**
 * The weekly window of zone (or instance) `index` of a region: the region's maintenance slot,
 * `index` days after the region's own day, as `ddd:hh24:mi-ddd:hh24:mi` (UTC). Zone 0 is the
 * region's window; one zone a day after it, so a bad change shows on one zone before the next.
 */
export function zoneMaintenanceWindow(w: RegionMaintenanceWindow, index: number): string {
  const start = mod(WEEKDAYS.indexOf(w.maintenanceDay) * DAY + w.maintenanceStart.hour * 60 + w.maintenanceStart.minute + index * DAY, WEEK);
  const end = start + w.maintenanceMinutes;
  const day = (m: number) => WEEKDAYS[Math.floor(mod(m, WEEK) / DAY)];
  return `${day(start)}:${hhmm(start)}-${day(end)}:${hhmm(end)}`;
}

/**
 * Staggered maintenance of one service: the regions' windows (`staggerMaintenanceWindows`), and
 * for each zone-by-zone operation, zone i of a region takes the region's weekly slot i days after
 * the region's own day. So no two regions are ever in a window at the same time (their slots
 * differ in UTC time of day), and within a region one zone is maintained at a time, one per day:
 * a bad change is seen on one zone before it reaches the next.
 */
export function maintenanceTable(operations: readonly MaintenanceOperation[],
  placements: readonly { readonly region: string; readonly zones: readonly string[] }[], options: MaintenanceWindowOptions = {}): MaintenanceRow[] {
  const windows = staggerMaintenanceWindows(placements.map((p) => p.region), options);
  const rows: MaintenanceRow[] = [];
  for (const p of placements) {
    const w = windows.find((x) => x.region === p.region)!;
    const backupStart = w.backupStart.hour * 60 + w.backupStart.minute;
    const maintenanceStart = WEEKDAYS.indexOf(w.maintenanceDay) * DAY + w.maintenanceStart.hour * 60 + w.maintenanceStart.minute;
    for (const op of operations) {
      if (op.slot === 'backup') {
        rows.push({ region: p.region, operation: op.name, flavor: op.flavor, kind: op.kind, windowUtc: `daily ${w.backupWindow}`, weekMinute: backupStart, minutes: w.backupMinutes });
        continue;
      }
      const zones: (string | undefined)[] = op.perZone ? [...p.zones] : [undefined];
      zones.forEach((zone, i) => {
        rows.push({
          region: p.region, zone, operation: op.name, flavor: op.flavor, kind: op.kind,
          windowUtc: zoneMaintenanceWindow(w, i), weekMinute: mod(maintenanceStart + i * DAY, WEEK), minutes: w.maintenanceMinutes,
        });
      });
    }
  }
  return rows;
}

/**
 * Pairs of weekly rows of different regions whose windows overlap in time (daily backup rows are
 * compared on every day). Empty for a table from `maintenanceTable`; a test and synth check it.
 */
export function overlappingRegions(rows: readonly MaintenanceRow[]): Array<[MaintenanceRow, MaintenanceRow]> {
  const spans = (r: MaintenanceRow): number[] => r.windowUtc.startsWith('daily')
    ? [0, 1, 2, 3, 4, 5, 6].map((d) => d * DAY + r.weekMinute) : [r.weekMinute];
  const overlap = (a: number, aLen: number, b: number, bLen: number) => mod(b - a, WEEK) < aLen || mod(a - b, WEEK) < bLen;
  const out: Array<[MaintenanceRow, MaintenanceRow]> = [];
  rows.forEach((a, i) => rows.slice(i + 1).forEach((b) => {
    if (a.region === b.region) return;
    if (spans(a).some((sa) => spans(b).some((sb) => overlap(sa, a.minutes, sb, b.minutes)))) out.push([a, b]);
  }));
  return out;
}
