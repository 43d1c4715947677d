import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RUNBOOK_BASE_URL, runbookAnchor } from '../../constructs/monitoring/runbooks';

/** docs/runbooks/ of this repository. */
export const RUNBOOK_DIR = join(__dirname, '..', '..', 'docs', 'runbooks');

/** The `## ` headings of a runbook file (`k8s-evcache.md`). */
export function runbookHeadings(page: string): string[] {
  return readFileSync(join(RUNBOOK_DIR, page), 'utf8').split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
}

/** `<page>.md#<anchor>` of every `##` section of every runbook file. */
function sections(): Set<string> {
  return new Set(readdirSync(RUNBOOK_DIR).filter((f) => f.endsWith('.md'))
    .flatMap((page) => runbookHeadings(page).map((h) => `${page}#${runbookAnchor(h)}`)));
}

/**
 * What is wrong with a runbook link of an alert or alarm, or undefined when it is an URL under
 * DEFAULT_RUNBOOK_BASE_URL (what the default platform uses) that names an existing section.
 */
export function runbookLinkProblem(url: string): string | undefined {
  if (!url.startsWith(`${DEFAULT_RUNBOOK_BASE_URL}/`)) return `not under ${DEFAULT_RUNBOOK_BASE_URL}/: ${url}`;
  const target = url.slice(DEFAULT_RUNBOOK_BASE_URL.length + 1);
  return sections().has(target) ? undefined : `no such heading in docs/runbooks: ${target}`;
}
