import { App, Stack } from 'aws-cdk-lib';
import { CfnWaitConditionHandle } from 'aws-cdk-lib';
import { cdkJsonContext } from '../../bin/context';

/**
 * The floor: a one-resource app with the same aws-cdk-lib, feature flags and built-in
 * CloudFormation validation. Nothing a real synth does can be faster than this.
 */
const app = new App({ outdir: process.env.CDK_OUTDIR, context: cdkJsonContext(), analyticsReporting: false });
new CfnWaitConditionHandle(new Stack(app, 'Floor', { env: { account: '123456789012', region: 'us-east-1' } }), 'Resource');
app.synth();
