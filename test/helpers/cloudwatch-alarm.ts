/**
 * A small evaluator of CloudWatch alarm semantics, to test synthesized alarms against datapoint
 * series without AWS. Written from AWS's own pages, whose example tables are its tests
 * (test/monitoring/cloudwatch-alarm-evaluator.test.ts):
 *
 * - "Using Amazon CloudWatch Alarms" (awsdocs/amazon-cloudwatch-user-guide doc_source/AlarmThatSendsEmail.md
 *   @05fd32f): period, evaluation periods (N), datapoints to alarm (M), the evaluation range and the
 *   four treatments of missing data;
 * - "Using metric math" (doc_source/using-metric-math.md @20a560c): arithmetic ("Missing values in a
 *   time series are treated as 0. If the value of a data point causes a function to attempt to
 *   divide by zero, the data point is dropped"), comparison and logical operators, FILL and IF.
 *
 * A series is one value per period, oldest first; `null` is a missing datapoint.
 */
export type Series = readonly (number | null)[];
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'RETAIN';
export type TreatMissingData = 'missing' | 'ignore' | 'breaching' | 'notBreaching';

type Value = number | Series;

// ---------------------------------------------------------------- metric math

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'id'; name: string }
  | { kind: 'call'; fn: string; args: Node[] }
  | { kind: 'unary'; arg: Node }
  | { kind: 'bin'; op: string; left: Node; right: Node };

const TOKEN = /\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Z][A-Z0-9_]*|[a-z][A-Za-z0-9_]*|==|!=|<=|>=|&&|\|\||[-+*/^<>(),])/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(expression);
    if (!m) throw new Error(`metric math: cannot read ${JSON.stringify(expression.slice(at))} in ${JSON.stringify(expression)}`);
    tokens.push(m[1]);
  }
  return tokens;
}

/** Parses the subset of metric math the stacks use: + - * / ^, comparisons, AND/OR, FILL, IF. */
export function parseMetricMath(expression: string): Node {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (expected !== undefined && t !== expected) throw new Error(`metric math: expected ${expected}, got ${t ?? 'the end'} in ${JSON.stringify(expression)}`);
    return t;
  };
  const binary = (ops: string[], next: () => Node) => (): Node => {
    let left = next();
    while (ops.includes(peek())) {
      const op = take();
      left = { kind: 'bin', op: op === '&&' ? 'AND' : op === '||' ? 'OR' : op, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    const t = take();
    if (t === undefined) throw new Error(`metric math: unexpected end of ${JSON.stringify(expression)}`);
    if (t === '(') { const e = or(); take(')'); return e; }
    if (t === '-') return { kind: 'unary', arg: power() };
    if (/^\d/.test(t)) return { kind: 'num', value: Number(t) };
    if (/^[a-z]/.test(t)) return { kind: 'id', name: t };
    if (/^[A-Z]/.test(t) && peek() === '(') {
      take('(');
      const args: Node[] = [];
      if (peek() !== ')') { args.push(or()); while (peek() === ',') { take(','); args.push(or()); } }
      take(')');
      return { kind: 'call', fn: t, args };
    }
    throw new Error(`metric math: unexpected ${t} in ${JSON.stringify(expression)}`);
  };
  const power: () => Node = binary(['^'], primary);
  const product = binary(['*', '/'], power);
  const sum = binary(['+', '-'], product);
  const comparison = binary(['==', '!=', '<=', '>=', '<', '>'], sum);
  const and = binary(['AND', '&&'], comparison);
  const or: () => Node = binary(['OR', '||'], and);
  const tree = or();
  if (i !== tokens.length) throw new Error(`metric math: unexpected ${tokens[i]} in ${JSON.stringify(expression)}`);
  return tree;
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b,
  '==': (a, b) => Number(a === b), '!=': (a, b) => Number(a !== b), '<=': (a, b) => Number(a <= b),
  '>=': (a, b) => Number(a >= b), '<': (a, b) => Number(a < b), '>': (a, b) => Number(a > b),
  AND: (a, b) => Number(a !== 0 && b !== 0), OR: (a, b) => Number(a !== 0 || b !== 0),
};

function length(values: Value[]): number {
  const lengths = new Set(values.filter((v): v is Series => Array.isArray(v)).map((v) => v.length));
  if (lengths.size > 1) throw new Error(`metric math: series of different lengths ${[...lengths].join(', ')}`);
  return [...lengths][0] ?? 0;
}

function binaryOp(op: string, a: Value, b: Value): Value {
  const f = ARITHMETIC[op];
  const dropped = (r: number) => (Number.isFinite(r) ? r : null); // division by zero: dropped
  if (typeof a === 'number' && typeof b === 'number') return f(a, b);
  const n = length([a, b]);
  return Array.from({ length: n }, (_, k) => {
    const x = typeof a === 'number' ? a : a[k];
    const y = typeof b === 'number' ? b : b[k];
    // A timestamp exists where either series has a value; there the other's missing value is 0.
    if (x === null && y === null) return null;
    if (typeof a === 'number' && y === null) return null;
    if (typeof b === 'number' && x === null) return null;
    return dropped(f(x ?? 0, y ?? 0));
  });
}

function evaluateNode(node: Node, inputs: Readonly<Record<string, Value>>): Value {
  switch (node.kind) {
    case 'num': return node.value;
    case 'id': {
      const v = inputs[node.name];
      if (v === undefined) throw new Error(`metric math: no input named ${node.name}`);
      return v;
    }
    case 'unary': {
      const v = evaluateNode(node.arg, inputs);
      return typeof v === 'number' ? -v : v.map((x) => (x === null ? null : -x));
    }
    case 'bin': return binaryOp(node.op, evaluateNode(node.left, inputs), evaluateNode(node.right, inputs));
    case 'call': {
      const args = node.args.map((a) => evaluateNode(a, inputs));
      if (node.fn === 'FILL') {
        const [ts, filler] = args;
        if (typeof ts === 'number' || typeof filler !== 'number') throw new Error('metric math: FILL(TS, S) is the only form supported');
        return ts.map((x) => x ?? filler);
      }
      if (node.fn === 'IF') return ifFn(args[0], args[1], args[2]);
      throw new Error(`metric math: function ${node.fn} is not implemented by this evaluator`);
    }
  }
}

/** IF(condition, trueValue, falseValue) per the "Using IF expressions" tables. */
function ifFn(cond: Value, whenTrue: Value, whenFalse: Value | undefined): Value {
  if (typeof cond === 'number') {
    if (cond !== 0) return whenTrue;
    if (whenFalse === undefined) return [];
    return whenFalse;
  }
  return cond.map((c, k) => {
    if (c === null) return null;
    if (c !== 0) {
      if (typeof whenTrue === 'number') return whenTrue;
      return whenTrue[k] ?? 0; // TRUE and no datapoint in trueValue: 0
    }
    if (whenFalse === undefined) return null;
    if (typeof whenFalse === 'number') return whenFalse;
    return whenFalse[k] ?? null; // FALSE and no datapoint in falseValue: dropped
  });
}

/** The value of a metric math expression over inputs named by their ids. */
export function evaluateMetricMath(expression: string, inputs: Readonly<Record<string, Value>>): Value {
  return evaluateNode(parseMetricMath(expression), inputs);
}

// ---------------------------------------------------------------- alarm state

export interface AlarmRule {
  readonly threshold: number;
  readonly comparison: string;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default 'missing' */
  readonly treatMissingData?: TreatMissingData;
}

const COMPARE: Record<string, (v: number, t: number) => boolean> = {
  GreaterThanThreshold: (v, t) => v > t,
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/**
 * The state an alarm goes to when it evaluates `series` (the most recent datapoints, oldest first;
 * the evaluation range is the last `evaluationRange` of them, 5 for the 3-period examples of AWS's page).
 *
 * - No missing datapoint in the range: the most recent N datapoints decide.
 * - Some missing but at least N present: the most recent N present datapoints decide; the
 *   treatment of missing data is ignored.
 * - Fewer than N present: the present ones plus as few filled ones as make N. Breaching and
 *   notBreaching fill with breaching and good datapoints. missing and ignore do not fill: M
 *   breaching datapoints alarm, a good one makes OK, none leaves INSUFFICIENT_DATA (missing) or
 *   the current state (ignore) - except, as AWS's sixth example shows, `missing` alarms when the
 *   oldest datapoint of the range is breaching and none is good.
 */
export function alarmState(rule: AlarmRule, series: Series, evaluationRange = rule.evaluationPeriods + 2): AlarmState {
  const n = rule.evaluationPeriods;
  const m = rule.datapointsToAlarm ?? n;
  const treat = rule.treatMissingData ?? 'missing';
  const compare = COMPARE[rule.comparison];
  if (!compare) throw new Error(`alarm comparison ${rule.comparison} is not one of ${Object.keys(COMPARE).join(', ')}`);
  const range = series.slice(-evaluationRange);
  const present = range.filter((v): v is number => v !== null);
  const verdict = (points: boolean[]): AlarmState => (points.filter(Boolean).length >= m ? 'ALARM' : 'OK');
  if (present.length >= n) return verdict(present.slice(-n).map((v) => compare(v, rule.threshold)));
  const breaching = present.map((v) => compare(v, rule.threshold));
  const missing = n - present.length;
  if (treat === 'breaching') return verdict([...breaching, ...Array(missing).fill(true)]);
  if (treat === 'notBreaching') return verdict([...breaching, ...Array(missing).fill(false)]);
  if (breaching.filter(Boolean).length >= m) return 'ALARM';
  if (breaching.some((b) => !b)) return 'OK';
  if (treat === 'ignore') return 'RETAIN';
  const oldest = range[0];
  if (oldest !== null && oldest !== undefined && compare(oldest, rule.threshold)) return 'ALARM';
  return 'INSUFFICIENT_DATA';
}

// ---------------------------------------------------------------- synthesized alarms

/** The input a synthesized alarm reads, named as the evaluator needs it. */
export interface AlarmInput {
  /** The MetricStat id, or `value` for a single-metric alarm or a Metrics Insights query. */
  readonly id: string;
  readonly metricName: string;
}

/** The inputs of an `AWS::CloudWatch::Alarm`'s properties. */
export function alarmInputs(p: any): AlarmInput[] {
  if (p.MetricName) return [{ id: 'value', metricName: p.MetricName }];
  const returned = (p.Metrics ?? []).find((q: any) => q.ReturnData !== false);
  const insights = returned?.Expression && /^\s*SELECT\s+\w+\((\w+)\)/i.exec(returned.Expression);
  if (insights) return [{ id: 'value', metricName: insights[1] }];
  return (p.Metrics ?? []).filter((q: any) => q.MetricStat).map((q: any) => ({ id: q.Id, metricName: q.MetricStat.Metric.MetricName }));
}

/** The series an `AWS::CloudWatch::Alarm` compares with its threshold, from its inputs' series by id. */
export function alarmSeries(p: any, inputs: Readonly<Record<string, Series>>): Series {
  if (p.MetricName) return inputs.value;
  const returned = (p.Metrics ?? []).filter((q: any) => q.ReturnData !== false);
  if (returned.length !== 1) throw new Error(`an alarm returns exactly one series, got ${returned.length}`);
  const q = returned[0];
  if (q.MetricStat) return inputs[q.Id];
  if (/^\s*SELECT\s/i.test(q.Expression)) return inputs.value;
  // An expression may use other expressions of the alarm (ReturnData false) by id, as CloudWatch
  // allows: evaluate those first, each once, on the same inputs.
  const byId = new Map<string, any>((p.Metrics ?? []).map((m: any) => [m.Id, m]));
  const values: Record<string, Value> = { ...inputs };
  const evaluate = (m: any, seen: readonly string[]): Value => {
    if (values[m.Id] !== undefined) return values[m.Id];
    if (seen.includes(m.Id)) throw new Error(`metric math: ${m.Id} refers to itself through ${seen.join(' → ')}`);
    for (const token of m.Expression.match(/\b[a-z][A-Za-z0-9_]*\b/g) ?? []) {
      const other = byId.get(token);
      if (other?.Expression && values[token] === undefined) values[token] = evaluate(other, [...seen, m.Id]);
    }
    return evaluateMetricMath(m.Expression, values);
  };
  const v = evaluate(q, []);
  if (typeof v === 'number') throw new Error(`alarm expression ${q.Expression} is a scalar, not a time series`);
  return v;
}

/** The state a synthesized `AWS::CloudWatch::Alarm` goes to on the given input series. */
export function synthesizedAlarmState(p: any, inputs: Readonly<Record<string, Series>>): AlarmState {
  return alarmState({
    threshold: p.Threshold, comparison: p.ComparisonOperator, evaluationPeriods: p.EvaluationPeriods,
    datapointsToAlarm: p.DatapointsToAlarm, treatMissingData: p.TreatMissingData,
  }, alarmSeries(p, inputs));
}
