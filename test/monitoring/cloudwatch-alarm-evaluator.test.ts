import { alarmSeries, alarmState, evaluateMetricMath, parseMetricMath, type Series, type TreatMissingData } from '../helpers/cloudwatch-alarm';

// Datapoints as AWS's tables write them: 0 good, X breaching, - missing (oldest first).
const points = (s: string): Series => s.split(' ').map((c) => (c === '-' ? null : c === 'X' ? 10 : 0));
const TREATMENTS: TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching'];

describe('alarm state: the tables of "Using Amazon CloudWatch Alarms" (evaluation range 5)', () => {
  // AlarmThatSendsEmail.md, "How Alarm State is Evaluated When Data is Missing": MISSING, IGNORE, BREACHING, NOT BREACHING.
  test.each([
    [3, '0 - X - X', ['OK', 'OK', 'OK', 'OK']],
    [3, '0 - - - -', ['OK', 'OK', 'OK', 'OK']],
    [3, '- - - - -', ['INSUFFICIENT_DATA', 'RETAIN', 'ALARM', 'OK']],
    [3, '0 X X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    [3, '- - - - X', ['INSUFFICIENT_DATA', 'RETAIN', 'ALARM', 'OK']],
    [3, 'X - - - -', ['ALARM', 'RETAIN', 'ALARM', 'OK']],
    // The M out of N table: 2 of 3.
    [2, '0 - X - X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    [2, '0 0 X 0 X', ['ALARM', 'ALARM', 'ALARM', 'ALARM']],
    [2, '0 - X - -', ['OK', 'OK', 'ALARM', 'OK']],
    [2, '- - - - 0', ['OK', 'OK', 'ALARM', 'OK']],
    [2, '- - - - X', ['INSUFFICIENT_DATA', 'RETAIN', 'ALARM', 'OK']],
  ])('%i of 3: %s', (m, data, expected) => {
    expect(TREATMENTS.map((t) => alarmState({ threshold: 5, comparison: 'GreaterThanThreshold', evaluationPeriods: 3, datapointsToAlarm: m, treatMissingData: t }, points(data))))
      .toEqual(expected);
  });
  test('the figure: 3 of 3 above 3 units alarms on three breaching periods, not on one', () => {
    const rule = { threshold: 3, comparison: 'GreaterThanThreshold', evaluationPeriods: 3 };
    expect(alarmState(rule, [1, 2, 4, 5, 6])).toBe('ALARM');
    expect(alarmState(rule, [4, 5, 6, 2, 1, 1, 1, 1, 4])).toBe('OK');
  });
  test('comparisons', () => {
    const s = [5, 5, 5];
    expect(['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']
      .map((c) => alarmState({ threshold: 5, comparison: c, evaluationPeriods: 3 }, s))).toEqual(['OK', 'ALARM', 'OK', 'ALARM']);
    expect(() => alarmState({ threshold: 5, comparison: 'Sideways', evaluationPeriods: 1 }, s)).toThrow(/Sideways is not one of/);
  });
});

describe('metric math: the examples of "Using metric math"', () => {
  const metric1: Series = [30, 20, 0, 0];
  const metric2: Series = [20, null, 20, null];
  test.each([
    ['metric1 < metric2', [0, 0, 1, 0]],
    ['metric1 >= 30', [1, 0, 0, 0]],
    ['metric1 > 15 AND metric2 > 15', [1, 0, 0, 0]],
  ])('comparison: %s', (e, out) => expect(evaluateMetricMath(e, { metric1, metric2 })).toEqual(out));

  const m1: Series = [1, 1, 0, 0, null];
  const m2: Series = [30, null, 0, 0, 30];
  const m3: Series = [0, 0, 20, null, 20];
  test.each([
    ['IF(metric1, metric2, metric3)', [30, 0, 20, null, null]],
    ['IF(metric1, 5, metric3)', [5, 5, 20, null, null]],
    ['IF(metric1, metric2, 5)', [30, 0, 5, 5, null]],
  ])('IF: %s', (e, out) => expect(evaluateMetricMath(e, { metric1: m1, metric2: m2, metric3: m3 })).toEqual(out));

  test('arithmetic treats a missing value as 0 and drops a division by zero', () => {
    expect(evaluateMetricMath('a + b', { a: [1, null, null], b: [2, 3, null] })).toEqual([3, 3, null]);
    expect(evaluateMetricMath('a / b', { a: [1, 1], b: [2, 0] })).toEqual([0.5, null]);
    expect(evaluateMetricMath('100 * a / 4', { a: [1, null] })).toEqual([25, null]);
    expect(evaluateMetricMath('-a ^ 2', { a: [3] })).toEqual([-9]);
  });
  test('FILL replaces missing values', () => {
    expect(evaluateMetricMath('FILL(a, 0) + FILL(b, 7)', { a: [null, 1], b: [null, null] })).toEqual([7, 8]);
  });
  test('errors without successes: the FILLed error rate is 100%, not missing', () => {
    const e = 'IF(FILL(errors, 0) + FILL(ok, 0) > 0, 100 * FILL(errors, 0) / (FILL(errors, 0) + FILL(ok, 0)), 0)';
    expect(evaluateMetricMath(e, { errors: [5, null, null], ok: [null, 95, null] })).toEqual([100, 0, 0]);
  });
  test('rejects what it does not implement, naming it', () => {
    expect(() => parseMetricMath('a +')).toThrow(/unexpected end/);
    expect(() => evaluateMetricMath('RATE(a)', { a: [1] })).toThrow(/RATE is not implemented/);
    expect(() => evaluateMetricMath('b', { a: [1] })).toThrow(/no input named b/);
  });
});

describe('an alarm whose expression uses other expressions (a sum over operations, then a ratio)', () => {
  const metric = (id: string) => ({ Id: id, ReturnData: false, MetricStat: { Metric: { MetricName: 'SystemErrors' }, Period: 60, Stat: 'Sum' } });
  const alarm = { Metrics: [
    { Id: 'ratio', Expression: 'IF(FILL(errors, 0) + FILL(ok, 0) > 0, FILL(errors, 0) / (FILL(errors, 0) + FILL(ok, 0)), 0)' },
    { Id: 'errors', Expression: 'FILL(e_a, 0) + FILL(e_b, 0)', ReturnData: false }, metric('e_a'), metric('e_b'),
    { Id: 'ok', Expression: 'FILL(ok_a, 0) + FILL(ok_b, 0)', ReturnData: false }, metric('ok_a'), metric('ok_b'),
  ] };
  test('evaluates the inner expressions first, on the same inputs', () => {
    expect(alarmSeries(alarm, { e_a: [1, null], e_b: [1, 2], ok_a: [6, null], ok_b: [2, 2] })).toEqual([0.2, 0.5]);
  });
  test('a cycle between expressions is an error, not a hang', () => {
    const cyclic = { Metrics: [{ Id: 'a', Expression: 'b + 1' }, { Id: 'b', Expression: 'a + 1', ReturnData: false }] };
    expect(() => alarmSeries(cyclic, {})).toThrow(/refers to itself/);
  });
});
