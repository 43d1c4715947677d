/**
 * Links from alerts to their runbook sections. A runbook is `docs/runbooks/<page>.md`, one `##`
 * section per alert family; an alert's `runbook_url` is `<base>/<page>.md#<anchor>`, the anchor
 * being the one GitHub (and most Markdown renderers) derive from the section heading.
 */

/**
 * Where `docs/runbooks/` is served when an environment sets no `runbookBaseUrl`: the repository's
 * web view of the folder. Set `runbookBaseUrl` to your fork's URL (or an internal docs site that
 * keeps the same file names and headings).
 */
export const DEFAULT_RUNBOOK_BASE_URL = 'https://github.com/polyglot-persistence/polyglot-persistence/blob/main/docs/runbooks';

/** A runbook section: the file under docs/runbooks/ (without `.md`) and the heading of the section. */
export interface RunbookSection {
  /** File name under docs/runbooks/ without `.md`, e.g. `k8s-cassandra`. */
  readonly page: string;
  /** The section's heading text exactly as written after `## `, e.g. `CassandraErrorRateHigh`. */
  readonly heading: string;
}

/**
 * The anchor of a heading. Headings are restricted to letters, digits, spaces and `-`, for which
 * every common renderer (GitHub, GitLab, Backstage TechDocs) agrees: lower case, spaces to `-`.
 */
export function runbookAnchor(heading: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(heading)) {
    throw new Error(`runbook heading must hold only letters, digits, spaces and '-', got ${JSON.stringify(heading)}`);
  }
  return heading.toLowerCase().replace(/ /g, '-');
}

/** The URL of a runbook section under `baseUrl` (no trailing slash needed). */
export function runbookUrl(baseUrl: string, section: RunbookSection): string {
  if (!/^https?:\/\/\S+$/.test(baseUrl)) {
    throw new Error(`runbookBaseUrl must be an http(s) URL without spaces, got ${JSON.stringify(baseUrl)}`);
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(section.page)) {
    throw new Error(`runbook page must be a lower-case file name without extension, got ${JSON.stringify(section.page)}`);
  }
  return `${baseUrl.replace(/\/+$/, '')}/${section.page}.md#${runbookAnchor(section.heading)}`;
}
