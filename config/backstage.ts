import type { BackstageOptions } from '../constructs/catalog/backstage';

/**
 * Links in the Backstage entities that synth writes to dist/catalog/. Replace the example
 * repository and artifact URLs with yours.
 */
export const backstage: BackstageOptions = {
  repositoryUrl: 'https://github.com/example-org/polyglot-persistence',
  branch: 'main',
  // Where CI publishes cdk.out/ and dist/ of the main branch.
  artifactsUrl: 'https://artifacts.example.internal/polyglot-persistence/main',
  // The console's dashboard page; the URL format is the console's, not checked against AWS docs here: open one link to confirm.
  dashboardUrl: (region, name) => `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`,
};
