import { type ServiceLevelObjectives, maxUtilizationPercent, slaProblems } from '../../constructs/platform/sla';

const good: ServiceLevelObjectives = { latencyP99Ms: 10, errorRatePercent: 0.1, availabilityPercent: 99.9, capacityHeadroomPercent: 25 };

describe('SLA', () => {
  test('a valid SLA has no problems', () => {
    expect(slaProblems(good)).toEqual([]);
  });

  test('headroom becomes the maximum utilisation', () => {
    expect(maxUtilizationPercent(good)).toBe(75);
  });

  describe('validation', () => {
    test.each([
      ['latencyP99Ms', { latencyP99Ms: 0 }, /`sla\.latencyP99Ms` must be > 0, got 0/],
      ['errorRatePercent', { errorRatePercent: 100 }, /`sla\.errorRatePercent` must be > 0 and < 100, got 100/],
      ['availabilityPercent', { availabilityPercent: 100.5 }, /`sla\.availabilityPercent` must be > 0 and <= 100, got 100.5/],
      ['capacityHeadroomPercent', { capacityHeadroomPercent: -1 }, /`sla\.capacityHeadroomPercent` must be >= 0 and < 100, got -1/],
    ])('%s', (_f, patch, message) => {
      expect(slaProblems({ ...good, ...patch }).join('\n')).toMatch(message);
    });
  });
});
