import { parser } from '@prometheus-io/lezer-promql';
import type { MetricCatalog } from '../catalog/prometheus/types';

/** A metric selector in a PromQL expression: `name{label="..."}`. */
export interface MetricSelector {
  readonly name: string;
  /** Label names the selector matches on. */
  readonly labels: readonly string[];
  /** The label matchers: label, operator (`=`, `!=`, `=~`, `!~`) and value. */
  readonly matchers: readonly { readonly label: string; readonly op: string; readonly value: string }[];
  /** The selector's text. */
  readonly text: string;
}

/** What an expression reads: its metric selectors and the labels its `by`/`without`/`on`/`ignoring`/`group_*` clauses name. */
export interface ExpressionReads {
  readonly selectors: readonly MetricSelector[];
  readonly groupingLabels: readonly string[];
  /** Syntax errors, as the text around each error node. */
  readonly syntaxErrors: readonly string[];
}

/** A PromQL string literal's value: double quotes take JSON escapes, single quotes and backticks are taken as written. */
const unquote = (s: string): string => (s.startsWith('"') ? JSON.parse(s) as string : /^['`]/.test(s) ? s.slice(1, -1) : s);

/** Parses `expr` with Prometheus's own grammar (@prometheus-io/lezer-promql) and lists what it reads. */
export function expressionReads(expr: string): ExpressionReads {
  const selectors: MetricSelector[] = [];
  const groupingLabels: string[] = [];
  const syntaxErrors: string[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) {
        syntaxErrors.push(`at ${n.from}: ${JSON.stringify(expr.slice(Math.max(0, n.from - 20), n.to + 20))}`);
      }
      if (n.name === 'VectorSelector') {
        const node = n.node;
        const id = node.getChild('Identifier');
        const labels: string[] = [];
        const matchers: { label: string; op: string; value: string }[] = [];
        let name = id ? expr.slice(id.from, id.to) : '';
        const matcherList = node.getChild('LabelMatchers');
        for (let m = matcherList?.firstChild; m; m = m.nextSibling) {
          if (m.name !== 'UnquotedLabelMatcher' && m.name !== 'QuotedLabelMatcher') continue;
          const ln = m.getChild('LabelName');
          const sl = m.getChild('StringLiteral');
          if (!ln && sl) {
            name = unquote(expr.slice(sl.from, sl.to)); // {"metric_name"}
            continue;
          }
          const label = ln ? unquote(expr.slice(ln.from, ln.to)) : '';
          const op = m.getChild('MatchOp');
          if (label === '__name__' && sl) name = unquote(expr.slice(sl.from, sl.to));
          else if (label) {
            labels.push(label);
            if (op && sl) matchers.push({ label, op: expr.slice(op.from, op.to), value: unquote(expr.slice(sl.from, sl.to)) });
          }
        }
        selectors.push({ name, labels, matchers, text: expr.slice(n.from, n.to) });
        return false;
      }
      if (n.name === 'GroupingLabels') {
        for (let c = n.node.firstChild; c; c = c.nextSibling) {
          if (c.name === 'LabelName') groupingLabels.push(unquote(expr.slice(c.from, c.to)));
        }
      }
      return undefined;
    },
  });
  return { selectors, groupingLabels: [...new Set(groupingLabels)], syntaxErrors };
}

/** Series a rule group records: name → the labels its series carry. */
export type RecordedSeries = ReadonlyMap<string, readonly string[]>;

/**
 * Everything in `expr` that the catalogs do not list: a syntax error, a series no catalog has, a
 * label matcher on a label that series does not carry, a grouping label none of the selected
 * series carries. Empty when the expression only reads catalogued series and labels.
 */
export function catalogProblems(expr: string, catalogs: readonly MetricCatalog[], recorded: RecordedSeries = new Map()): string[] {
  const reads = expressionReads(expr);
  const problems = reads.syntaxErrors.map((e) => `PromQL syntax error ${e}`);
  const ids = catalogs.map((c) => c.id).join(', ') || 'none';
  const available = new Set<string>();
  for (const s of reads.selectors) {
    const entry = catalogs.flatMap((c) => c.metrics.filter((m) => m.name === s.name).map((m) => ({ c, m })))[0];
    const recordedLabels = recorded.get(s.name);
    if (!entry && !recordedLabels) {
      problems.push(`series ${JSON.stringify(s.name)} (in ${s.text}) is in no metric catalog of this rule (${ids})`);
      continue;
    }
    const labels = new Set(entry ? [...entry.m.labels, ...entry.c.targetLabels] : recordedLabels);
    labels.forEach((l) => available.add(l));
    for (const l of s.labels) {
      if (!labels.has(l)) {
        problems.push(`label ${JSON.stringify(l)} is not on ${s.name} (${entry ? entry.c.id : 'recording rule'}: ${[...labels].join(', ') || 'no labels'}), in ${s.text}`);
      }
    }
  }
  for (const l of reads.groupingLabels) {
    if (!available.has(l)) problems.push(`grouping label ${JSON.stringify(l)} is on none of the series the expression reads (${reads.selectors.map((s) => s.name).join(', ')})`);
  }
  return problems;
}
