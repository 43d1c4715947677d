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
