import type { RunbookSection } from '../runbooks';

/**
 * The AWS runbooks, one Markdown file per store in `docs/runbooks/aws-<store>.md`, one section per
 * alarm family (the heading is the family, e.g. `## error-rate`). Every alarm description ends with
 * the link to its section, built by `runbookUrl` like the Kubernetes alerts' `runbook_url`.
 */
export type AwsRunbookStore = 'keyspaces' | 'elasticache' | 'opensearch' | 'neptune' | 'memorydb';

/** The runbook section of an alarm family of `store`: `aws-<store>.md`, heading `<family>`. */
export function awsRunbookSection(store: AwsRunbookStore, family: string): RunbookSection {
  if (!/^[a-z][a-z0-9-]*$/.test(family)) throw new Error(`runbook family must be a lowercase Markdown anchor (letters, digits, -), got ${JSON.stringify(family)}`);
  return { page: `aws-${store}`, heading: family };
}
