import { type Acknowledgement, acknowledgementFor } from './acknowledgements';
import type { Change, Risk, UnitReview } from './types';

export interface Review {
  readonly base: string;
  readonly units: readonly UnitReview[];
  readonly acknowledgements: readonly Acknowledgement[];
}

export interface ReviewOutcome {
  readonly markdown: string;
  /** Risks no acknowledgement covers: non-empty means the review fails. */
  readonly unacknowledged: readonly Risk[];
  /** 0 no unacknowledged risk, 1 data at risk. */
  readonly exitCode: number;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const MAX_DETAILS = 12;

function changeLine(c: Change): string {
  const details = c.details.length > MAX_DETAILS
    ? [...c.details.slice(0, MAX_DETAILS), `… ${c.details.length - MAX_DETAILS} more`]
    : c.details;
  const impact = c.impact && !['WILL_UPDATE', 'WILL_CREATE'].includes(c.impact) ? ` **${c.impact}**` : '';
  return `- \`${c.resource}\` (${c.type})${impact}${details.length ? `: ${details.map((d) => `\`${d}\``).join(', ')}` : ''}`;
}

/**
 * The Markdown report: "Data at risk" first (every risk, acknowledged or not), then per stack
 * and per chart the resources added, removed and changed. Deterministic: units and changes in a
 * stable order, so the same change gives the same comment.
 */
export function renderReview(review: Review): ReviewOutcome {
  const units = [...review.units].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  const risks = units.flatMap((u) => u.risks);
  const unacknowledged = risks.filter((r) => !acknowledgementFor(r, review.acknowledgements));
  const changed = units.filter((u) => u.changes.length > 0 || (u.otherSections ?? []).length > 0);
  const out: string[] = [`# Synthesized change review (base \`${review.base}\` → working tree)`, ''];

  out.push('## Data at risk', '');
  if (risks.length === 0) {
    out.push('None: no stateful resource is replaced or deleted, no data volume changes.', '');
  } else {
    out.push(unacknowledged.length > 0
      ? `**${unacknowledged.length} unacknowledged** of ${risks.length}. Acknowledge each in \`review/acknowledged-risks.json\` (id and reason) or with \`--acknowledge <id>\`, or change the code.`
      : `${risks.length} risk(s), all acknowledged.`, '');
    out.push('| Status | Id | Type | Why |', '|---|---|---|---|');
    for (const r of risks) {
      const ack = acknowledgementFor(r, review.acknowledgements);
      const status = ack ? `acknowledged: ${cell(ack.reason)}` : '**NOT ACKNOWLEDGED**';
      out.push(`| ${status} | \`${cell(r.id)}\` | ${cell(r.type)} | ${cell(r.reason)} |`);
    }
    out.push('');
  }
  const used = new Set(risks.map((r) => r.id));
  const unused = review.acknowledgements.filter((a) => a.source !== '--acknowledge' && !used.has(a.id));
  if (unused.length > 0) {
    out.push(`Acknowledgements that match no risk in this change (remove them once merged): ${unused.map((a) => `\`${a.id}\``).join(', ')}`, '');
  }

  if (changed.length === 0) {
    out.push('## Changes', '', 'No change: every template and manifest is identical to the base.', '');
  }
  for (const kind of ['stack', 'chart'] as const) {
    const list = changed.filter((u) => u.kind === kind);
    if (list.length === 0) continue;
    out.push(kind === 'stack' ? '## CloudFormation' : '## Kubernetes', '');
    for (const u of list) {
      const by = (a: Change['action']) => u.changes.filter((c) => c.action === a).sort((x, y) => x.resource.localeCompare(y.resource));
      const [added, removed, modified] = [by('added'), by('removed'), by('changed')];
      out.push(`### ${kind === 'stack' ? 'Stack' : 'Chart'} \`${u.name}\``, '',
        `${added.length} added, ${removed.length} removed, ${modified.length} changed`, '');
      for (const [title, list2] of [['Added', added], ['Removed', removed], ['Changed', modified]] as const) {
        if (list2.length === 0) continue;
        out.push(`**${title}**`, '', ...list2.map(changeLine), '');
      }
      if ((u.otherSections ?? []).length > 0) out.push(`Other template sections changed: ${u.otherSections!.join(', ')}`, '');
    }
  }
  return { markdown: out.join('\n'), unacknowledged, exitCode: unacknowledged.length > 0 ? 1 : 0 };
}
