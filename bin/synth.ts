import { platform } from '../config/platform';
import { buildAwsApp } from './aws';
import { buildK8sApp } from './k8s';

/**
 * `npm run synth`: CloudFormation into cdk.out/ and manifests into dist/k8s/, in one process so
 * the CloudFormation validator starts once. Both apps are built before either writes, so a
 * configuration error leaves no partial output.
 */
const aws = buildAwsApp(platform);
const k8s = buildK8sApp(platform);
aws.synth();
k8s.synth();
