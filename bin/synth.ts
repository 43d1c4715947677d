import { platform } from '../config/platform';
import { type CapacityReport, writeCapacityReports } from '../constructs/capacity/report';
import { resolvePlatform } from '../constructs/platform/config';
import { USE_CASES } from '../lib/use-cases';
import { buildAwsApp } from './aws';
import { buildK8sApp } from './k8s';

/**
 * `npm run synth`: CloudFormation into cdk.out/ and manifests into dist/k8s/, in one process so
 * the CloudFormation validator starts once. Both apps are built before either writes, so a
 * configuration error leaves no partial output. Use cases with a workload also get their capacity
 * report, `cdk.out/capacity/<use-case>.json` and `.md`.
 */
const aws = buildAwsApp(platform);
const k8s = buildK8sApp(platform);
const environments = resolvePlatform(platform);
const reports: Record<string, CapacityReport[]> = Object.fromEntries(USE_CASES.map((u) => [u.name,
  environments.map((env) => u.capacityReport?.(env)).filter((r): r is CapacityReport => r !== undefined)]));
aws.synth();
k8s.synth();
writeCapacityReports(aws.outdir, reports);
