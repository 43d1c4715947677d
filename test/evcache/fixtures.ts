import type { Stack } from 'aws-cdk-lib';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { Chart, Testing } from 'cdk8s';
import { EvcacheCluster, type EvcacheClusterProps } from '../../constructs/evcache/aws/evcache-cluster';
import { EvcacheKubernetesCluster, type EvcacheKubernetesClusterProps } from '../../constructs/evcache/k8s/evcache-cluster';
import { CacheNodeType } from '../../constructs/evcache/node-type';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import type { Environment } from '../../constructs/platform/config';
import type { ServiceLevelObjectives } from '../../constructs/platform/sla';
import type { StoreTopology } from '../../constructs/platform/topology';
import { testStack } from '../helpers/aws';
import { testEnvironment } from '../helpers/environment';

export const SLA: ServiceLevelObjectives = { latencyP99Ms: 1, errorRatePercent: 0.01, availabilityPercent: 99.99, capacityHeadroomPercent: 30 };
export const TOPOLOGY: StoreTopology = {
  regions: ['us-east-1', 'us-west-2', 'eu-west-1'].map((region) => ({ region, nodesPerZone: 2, replicationFactor: 3 })),
};

/** A stack in `region` with the shared VPC construct and a client security group. */
export function awsFixture(region = 'us-east-1') {
  const stack = testStack(undefined, region);
  const network = new DataNetwork(stack, 'Network', { region: testEnvironment().region(region) });
  const clients = new SecurityGroup(stack, 'Clients', { vpc: network.vpc, allowAllOutbound: false });
  return { stack, vpc: network.vpc, clients };
}

export function awsCache(
  overrides: Partial<EvcacheClusterProps> = {}, region = 'us-east-1', env: Environment = testEnvironment(),
): { stack: Stack; cache: EvcacheCluster } {
  const { stack, vpc, clients } = awsFixture(region);
  const cache = new EvcacheCluster(stack, 'Cache', {
    environment: env, cacheName: 'urls', topology: TOPOLOGY, nodeType: CacheNodeType.R7G_LARGE,
    vpc, clientSecurityGroup: clients, ...overrides,
  });
  return { stack, cache };
}

export function k8sProps(overrides: Partial<EvcacheKubernetesClusterProps> = {}): EvcacheKubernetesClusterProps {
  return {
    environment: testEnvironment(), region: 'us-east-1', cacheName: 'urls', namespace: 'urls-cache', topology: TOPOLOGY,
    memoryMiB: 4096, cacheMemoryMiB: 3584, cpuMillis: 1000, tls: { secretName: 'urls-tls' }, sla: SLA,
    ...overrides,
  };
}

export function k8sCache(overrides: Partial<EvcacheKubernetesClusterProps> = {}) {
  const chart = new Chart(Testing.app(), 'test');
  const cache = new EvcacheKubernetesCluster(chart, 'Cache', k8sProps(overrides));
  return { chart, cache };
}
