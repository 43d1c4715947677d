import {
  DELETION_PROTECTION_PROPERTY, RETAINING_DELETION_POLICIES, RETAINING_REPLACE_POLICIES, isStatefulCfnType,
} from '../../../scripts/review/stateful';
import type { KubeObject } from '../../helpers/k8s';
import { type Template, objectId } from './output';

/**
 * The data-loss guard over one template: every stateful resource is retained on deletion and
 * replacement, and has deletion protection where its service offers it. The same rules as
 * constructs/platform/aws/rules/data-retention.guard, so a finding names the same resource.
 */
export function cfnRetentionProblems(stack: string, template: Template): string[] {
  const problems: string[] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (!isStatefulCfnType(r.Type)) continue;
    const at = `${stack}/${id} (${r.Type})`;
    if (!RETAINING_DELETION_POLICIES.includes(r.DeletionPolicy ?? 'Delete')) {
      problems.push(`${at}: DeletionPolicy must be one of ${RETAINING_DELETION_POLICIES.join(', ')}, got ${r.DeletionPolicy ?? 'none (Delete)'}`);
    }
    if (!RETAINING_REPLACE_POLICIES.includes(r.UpdateReplacePolicy ?? 'Delete')) {
      problems.push(`${at}: UpdateReplacePolicy must be one of ${RETAINING_REPLACE_POLICIES.join(', ')}, got ${r.UpdateReplacePolicy ?? 'none (Delete)'}`);
    }
    const protection = DELETION_PROTECTION_PROPERTY[r.Type];
    if (protection && r.Properties?.[protection] !== true) {
      problems.push(`${at}: ${protection} must be true, got ${JSON.stringify(r.Properties?.[protection])}`);
    }
  }
  return problems;
}

/**
 * The data-loss guard over one chart's objects: volumes outlive the workloads and custom
 * resources that own them.
 */
export function k8sRetentionProblems(chart: string, objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const at = `${chart}: ${objectId(o)}`;
    switch (o.kind) {
      case 'StatefulSet': {
        const policy = o.spec?.persistentVolumeClaimRetentionPolicy ?? {};
        const claims = (o.spec?.volumeClaimTemplates ?? []).length > 0;
        for (const when of ['whenDeleted', 'whenScaled']) {
          if (policy[when] === 'Delete' || (claims && policy[when] !== 'Retain')) {
            problems.push(`${at}: spec.persistentVolumeClaimRetentionPolicy.${when} must be 'Retain', got ${JSON.stringify(policy[when])}`);
          }
        }
        break;
      }
      case 'PersistentVolume':
        if (o.spec?.persistentVolumeReclaimPolicy !== 'Retain') {
          problems.push(`${at}: spec.persistentVolumeReclaimPolicy must be 'Retain', got ${JSON.stringify(o.spec?.persistentVolumeReclaimPolicy)}`);
        }
        break;
      case 'StorageClass':
        if (o.reclaimPolicy !== 'Retain') problems.push(`${at}: reclaimPolicy must be 'Retain' (the default deletes volumes with their claims), got ${JSON.stringify(o.reclaimPolicy)}`);
        break;
      case 'Elasticsearch':
        // ECK deletes the volumes with the cluster unless told otherwise.
        if (o.spec?.volumeClaimDeletePolicy !== 'DeleteOnScaledownOnly') {
          problems.push(`${at}: spec.volumeClaimDeletePolicy must be 'DeleteOnScaledownOnly', got ${JSON.stringify(o.spec?.volumeClaimDeletePolicy)}`);
        }
        break;
      default:
    }
  }
  return problems;
}
