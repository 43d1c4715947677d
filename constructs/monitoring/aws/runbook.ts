/**
 * The AWS runbooks, one Markdown file per store in `docs/runbooks/aws-<store>.md`, one section per
 * alarm family. Every alarm description ends with the link to its section.
 */
export type AwsRunbookStore = 'keyspaces' | 'elasticache' | 'opensearch' | 'neptune' | 'memorydb';

/** Repository-relative path of the runbooks, the default base of the links. */
export const AWS_RUNBOOK_DIR = 'docs/runbooks';

/**
 * Link to the runbook section of an alarm family: `<base>/aws-<store>.md#<family>`.
 *
 * @param base where the runbooks are published (e.g. the repository's web URL + `/blob/main/docs/runbooks`)
 */
export function awsRunbookLink(store: AwsRunbookStore, family: string, base: string = AWS_RUNBOOK_DIR): string {
  if (!/^[a-z][a-z0-9-]*$/.test(family)) throw new Error(`runbook family must be a lowercase Markdown anchor (letters, digits, -), got ${JSON.stringify(family)}`);
  return `${base.replace(/\/+$/, '')}/aws-${store}.md#${family}`;
}
