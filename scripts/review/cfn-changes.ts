import { ResourceImpact, fullDiff } from '@aws-cdk/cloudformation-diff';
import { RETAINING_DELETION_POLICIES, RETAINING_REPLACE_POLICIES, isStatefulCfnType } from './stateful';
import type { Change, Risk, UnitReview } from './types';

type Template = Record<string, any>;

const EMPTY: Template = { Resources: {} };
/** Resource attributes that change nothing in the account. */
const IGNORED_OTHER = new Set(['Metadata']);

const IMPACT_WORDS: Partial<Record<ResourceImpact, string>> = {
  [ResourceImpact.WILL_REPLACE]: 'replace',
  [ResourceImpact.MAY_REPLACE]: 'may replace',
  [ResourceImpact.WILL_DESTROY]: 'destroy',
  [ResourceImpact.WILL_ORPHAN]: 'orphan',
};

/**
 * Reviews one stack: what `fullDiff` (CloudFormation's own replacement rules, offline) says
 * changes, and which changes put data at risk: a stateful resource replaced, deleted, or
 * losing its Retain/Snapshot policy. A stack only in the base (`after` undefined) is reviewed as
 * emptied; a new stack as created.
 */
export function reviewStack(name: string, before: Template | undefined, after: Template | undefined): UnitReview {
  const diff = fullDiff(before ?? EMPTY, after ?? EMPTY);
  const changes: Change[] = [];
  const risks: Risk[] = [];
  diff.resources.forEachDifference((logicalId, c) => {
    const type = c.newResourceType ?? c.oldResourceType ?? 'unknown';
    const oldType = c.oldResourceType;
    if (c.isAddition) {
      changes.push({ resource: logicalId, type, action: 'added', details: [] });
      return;
    }
    const impact = c.changeImpact;
    if (c.isRemoval) {
      changes.push({ resource: logicalId, type, action: 'removed', details: [], impact });
      if (isStatefulCfnType(oldType) && impact === ResourceImpact.WILL_DESTROY) {
        const policy = c.oldValue?.DeletionPolicy;
        risks.push({ id: `${name}/${logicalId}`, type, reason: policy === 'Snapshot'
          ? 'removed: deleted, only its final snapshot is kept'
          : `removed: deleted with its data (DeletionPolicy ${policy ?? 'Delete'})` });
      }
      return;
    }
    const details = [
      ...Object.entries(c.propertyUpdates).map(([prop, d]) => `${prop}${IMPACT_WORDS[d.changeImpact as ResourceImpact] ? ` (${IMPACT_WORDS[d.changeImpact as ResourceImpact]})` : ''}`),
      ...Object.keys(c.otherChanges).filter((k) => !IGNORED_OTHER.has(k)),
    ];
    if (c.resourceTypeChanged) details.unshift(`Type ${c.oldResourceType} → ${c.newResourceType} (replace)`);
    if (details.length === 0) return;
    changes.push({ resource: logicalId, type, action: 'changed', details, impact });
    if (!isStatefulCfnType(oldType) && !isStatefulCfnType(c.newResourceType)) return;
    const id = `${name}/${logicalId}`;
    if (c.resourceTypeChanged || impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE) {
      const forcing = Object.entries(c.propertyUpdates)
        .filter(([, d]) => d.changeImpact === ResourceImpact.WILL_REPLACE || d.changeImpact === ResourceImpact.MAY_REPLACE)
        .map(([p]) => p);
      risks.push({ id, type, reason: `${impact === ResourceImpact.MAY_REPLACE ? 'may be replaced' : 'replaced'} (a new, empty resource)`
        + `${forcing.length ? ` because ${forcing.join(', ')} changed` : c.resourceTypeChanged ? ' because its type changed' : ''}` });
    }
    const weakened = [
      ['DeletionPolicy', RETAINING_DELETION_POLICIES],
      ['UpdateReplacePolicy', RETAINING_REPLACE_POLICIES],
    ].filter(([attr, keep]) => keep.includes(c.oldValue?.[attr as string]) && !keep.includes(c.newValue?.[attr as string]));
    for (const [attr] of weakened) {
      risks.push({ id, type, reason: `${attr} weakened from ${c.oldValue?.[attr as string]} to ${c.newValue?.[attr as string] ?? 'none (Delete)'}` });
    }
  });
  const otherSections = ['Outputs', 'Parameters', 'Conditions', 'Mappings', 'Rules', 'Description', 'Transform']
    .filter((s) => JSON.stringify((before ?? EMPTY)[s]) !== JSON.stringify((after ?? EMPTY)[s]));
  return { kind: 'stack', name, changes, risks, otherSections };
}
