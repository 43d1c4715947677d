import { CfnResource, type Stack, Tags } from 'aws-cdk-lib';
import type { AwsRunbookStore } from '../../monitoring/aws/runbook';
import { ServiceMonitoring } from '../../monitoring/aws/service-monitoring';
import { MaintainedService, MaintenanceNotifications } from './maintenance-notifications';

/** The managed service behind each store the monitoring knows. */
const SERVICE_OF_STORE: Readonly<Record<AwsRunbookStore, MaintainedService>> = {
  keyspaces: MaintainedService.KEYSPACES,
  elasticache: MaintainedService.ELASTICACHE,
  opensearch: MaintainedService.OPENSEARCH,
  neptune: MaintainedService.NEPTUNE,
  memorydb: MaintainedService.MEMORYDB,
};

/** The CloudFormation resource types of a stack's own resources. */
export function resourceTypesOf(stack: Stack): Set<string> {
  return new Set(stack.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.stack === stack).map((c) => c.cfnResourceType));
}

/**
 * The managed services a stack runs in its region: those of its resource types, and those of the
 * stores its ServiceMonitoring watches (a secondary region of a multi-region Keyspaces keyspace
 * imports the keyspace, yet AWS Health reports the region's replica there).
 */
export function maintainedServicesOf(stack: Stack): MaintainedService[] {
  const types = resourceTypesOf(stack);
  const monitored = new Set(monitoringOf(stack)?.monitoredStores.map((s) => SERVICE_OF_STORE[s]) ?? []);
  return MaintainedService.ALL.filter((s) => monitored.has(s) || s.resourceTypes.some((t) => types.has(t)));
}

function monitoringOf(stack: Stack): ServiceMonitoring | undefined {
  return stack.node.findAll().find((c): c is ServiceMonitoring => c instanceof ServiceMonitoring && c.node.scope === stack);
}

/**
 * Maintenance notices of every managed service a stack runs (maintainedServicesOf), to the
 * stack's alarm topic. Call it last in the stack's constructor. A stack without ServiceMonitoring
 * or without a maintained service gets none.
 */
export function addStackMaintenance(stack: Stack): MaintenanceNotifications | undefined {
  const monitoring = monitoringOf(stack);
  const services = maintainedServicesOf(stack);
  if (!monitoring || services.length === 0) return undefined;
  return new MaintenanceNotifications(stack, 'Maintenance', { topic: monitoring.alarmTopic, services });
}

/**
 * Names the owning team (the catalog entry's `owner`) on a stack's alarm topic and maintenance
 * rules: an `owner` tag, so the topic's subscribers and the rules can be traced to the team.
 */
export function tagOwner(stack: Stack, owner: string): void {
  const monitoring = monitoringOf(stack);
  if (monitoring) Tags.of(monitoring.alarmTopic).add('owner', owner);
  const maintenance = stack.node.tryFindChild('Maintenance');
  if (maintenance instanceof MaintenanceNotifications) Tags.of(maintenance).add('owner', owner);
}
