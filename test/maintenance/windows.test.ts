import { MAINTENANCE_DAYS, REGION_UTC_OFFSET_MINUTES, maintenanceWindowOf, staggerMaintenanceWindows } from '../../constructs/maintenance/windows';
import { KNOWN_REGIONS } from '../../constructs/platform/regions';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('staggered windows', () => {
  test('the default environment: each region backs up at its local midnight, maintenance right after, Tue/Wed/Thu', () => {
    // us-east-1 is UTC-5: local 00:00 = 05:00 UTC; us-west-2 UTC-8: 08:00 UTC; eu-west-1 UTC+0: 00:00 UTC.
    const w = staggerMaintenanceWindows(REGIONS);
    expect(w.map((x) => [x.region, x.backupWindow, x.maintenanceWindow, x.backupCron, x.afterBackupCron])).toEqual([
      ['us-east-1', '05:00-06:00', 'tue:06:00-tue:07:00', '0 5 * * *', '0 6 * * *'],
      ['us-west-2', '08:00-09:00', 'wed:09:00-wed:10:00', '0 8 * * *', '0 9 * * *'],
      ['eu-west-1', '00:00-01:00', 'thu:01:00-thu:02:00', '0 0 * * *', '0 1 * * *'],
    ]);
    expect(w[0].openSearchOffPeakStart).toEqual({ hours: 5, minutes: 0 });
    expect(w[1].maintenanceStart).toEqual({ hour: 9, minute: 0 });
  });

  test('regions in one time zone take consecutive slots of the night: 00:00, 02:00, 04:00 local', () => {
    // All UTC+1: local 00:00 = 23:00 UTC (Monday, the day before the local Tuesday).
    const w = staggerMaintenanceWindows(['eu-west-3', 'eu-central-1', 'eu-north-1']);
    expect(w.map((x) => [x.backupWindow, x.maintenanceWindow])).toEqual([
      ['23:00-00:00', 'tue:00:00-tue:01:00'],
      ['01:00-02:00', 'wed:02:00-wed:03:00'],
      ['03:00-04:00', 'thu:04:00-thu:05:00'],
    ]);
  });

  test('no two regions\' blocks (backup + maintenance) overlap at any time of day, and backup precedes maintenance', () => {
    const w = staggerMaintenanceWindows(['us-east-1', 'us-east-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'ap-south-1']);
    const minutes = w.map((x) => x.backupStart.hour * 60 + x.backupStart.minute);
    for (let i = 0; i < minutes.length; i++) {
      for (let j = i + 1; j < minutes.length; j++) {
        const d = (((minutes[j] - minutes[i]) % 1440) + 1440) % 1440;
        expect(d >= 120 && d <= 1440 - 120).toBe(true);
      }
      expect((w[i].maintenanceStart.hour * 60 + w[i].maintenanceStart.minute - minutes[i] + 1440) % 1440).toBe(60);
    }
  });

  test('east of UTC the UTC weekday is the day before: ap-southeast-2 local Tue 01:00 is Mon 15:00 UTC', () => {
    expect(staggerMaintenanceWindows(['ap-southeast-2'])[0].maintenanceWindow).toBe('mon:15:00-mon:16:00');
  });

  test('a window crossing midnight UTC names both days', () => {
    // ap-south-1 is UTC+5:30; a night from 04:00 local starts the backup at 22:30 UTC.
    const [w] = staggerMaintenanceWindows(['ap-south-1'], { nightStartHour: 4, nightEndHour: 8 });
    expect([w.backupWindow, w.maintenanceWindow, w.backupCron]).toEqual(['22:30-23:30', 'mon:23:30-tue:00:30', '30 22 * * *']);
  });

  test('options: longer windows and a later night', () => {
    const [w] = staggerMaintenanceWindows(['eu-west-1'], { backupMinutes: 90, maintenanceMinutes: 120, nightStartHour: 1 });
    expect([w.backupWindow, w.maintenanceWindow]).toEqual(['01:00-02:30', 'tue:02:30-tue:04:30']);
  });

  test('deterministic: the same input gives the same windows; the order of regions decides who goes first', () => {
    expect(staggerMaintenanceWindows(REGIONS)).toEqual(staggerMaintenanceWindows(REGIONS));
    expect(staggerMaintenanceWindows(['eu-central-1', 'eu-west-3'])[0].backupWindow).toBe('23:00-00:00');
    expect(staggerMaintenanceWindows(['eu-west-3', 'eu-central-1'])[1].backupWindow).toBe('01:00-02:00');
  });

  test('every known region has a time zone', () => {
    expect(KNOWN_REGIONS.filter((r) => REGION_UTC_OFFSET_MINUTES[r] === undefined)).toEqual([]);
  });

  test('maintenance days rotate over Tuesday to Thursday', () => {
    expect(MAINTENANCE_DAYS).toEqual(['tue', 'wed', 'thu']);
  });

  test('maintenanceWindowOf picks the region among the environment\'s regions', () => {
    expect(maintenanceWindowOf('us-west-2', REGIONS).backupCron).toBe('0 8 * * *');
  });
});

describe('validation', () => {
  test('a fourth region in one time zone finds no slot: the error names it and the taken slots', () => {
    expect(() => staggerMaintenanceWindows(['eu-west-3', 'eu-central-1', 'eu-north-1', 'eu-south-1']))
      .toThrow(/`regions\[3\]` 'eu-south-1' has no free 120-minute slot left in its night \(00:00-06:00 local, UTC\+1\): earlier regions take 23:00-01:00, 01:00-03:00, 03:00-05:00 UTC/);
  });

  test.each([
    [{ backupMinutes: 30 }, /`options\.backupMinutes` must be a multiple of 30 and at least 60.*got 30/],
    [{ maintenanceMinutes: 75 }, /`options\.maintenanceMinutes` must be a multiple of 30 and at least 60.*got 75/],
    [{ nightStartHour: -1 }, /`options\.nightStartHour` must be an integer from 0 to 24, got -1/],
    [{ nightStartHour: 5, nightEndHour: 3 }, /`options\.nightEndHour` \(3\) must be after `options\.nightStartHour` \(5\)/],
  ])('options %p are rejected', (options, message) => {
    expect(() => staggerMaintenanceWindows(REGIONS, options)).toThrow(message);
  });

  test('unknown and repeated regions are rejected', () => {
    expect(() => staggerMaintenanceWindows(['us-east-1', 'mars-1'])).toThrow(/`regions\[1\]` must be a region with a known time zone \(.*\), got 'mars-1'/);
    expect(() => staggerMaintenanceWindows(['us-east-1', 'us-east-1'])).toThrow(/`regions\[1\]` must not repeat a region, got duplicate 'us-east-1'/);
    expect(() => maintenanceWindowOf('eu-west-2', REGIONS)).toThrow(/`region` must be one of us-east-1, us-west-2, eu-west-1, got 'eu-west-2'/);
  });
});
