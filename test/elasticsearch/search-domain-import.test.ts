import { Lazy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type ISearchDomain, SearchDomain, type SearchDomainProps } from '../../constructs/elasticsearch/aws/search-domain';
import { SearchNodeType } from '../../constructs/elasticsearch/node-type';
import { DataNetwork } from '../../constructs/platform/aws/data-network';
import { testStack } from '../helpers/aws';
import { testEnvironment } from '../helpers/environment';
import { STORE_SG, cfnResourcePaths, clientRole, clientSecurityGroup, expectClientsAdmitted, grantedStatements } from '../helpers/grants';

/** A signed read (aws-cdk-lib 2.276 aws-opensearchservice/lib/perms.js ES_READ_ACTIONS). */
const READ = ['es:ESHttpGet', 'es:ESHttpHead'];
const DOMAIN_ARN = 'arn:aws:es:us-east-1:123456789012:domain/manifests';

function owned(overrides: Partial<SearchDomainProps> = {}) {
  const stack = testStack();
  const vpc = new DataNetwork(stack, 'Network', { region: testEnvironment().region('us-east-1') }).vpc;
  const d = new SearchDomain(stack, 'Search', {
    environment: testEnvironment(), domainName: 'manifests', vpc, dataNodesPerZone: 2,
    dataNodeType: SearchNodeType.R6G_XLARGE, storageGiBPerNode: 500, ...overrides,
  });
  return { stack, d };
}

function imported() {
  const stack = testStack(undefined, 'us-east-1', 'Consumer');
  const d: ISearchDomain = SearchDomain.fromSearchDomainAttributes(stack, 'Search', {
    domainName: 'manifests', domainEndpoint: 'vpc-manifests-abc123.us-east-1.es.amazonaws.com',
    securityGroups: [clientSecurityGroup(stack, 'SearchSg', STORE_SG)],
  });
  return { stack, d };
}

describe('SearchDomain.fromSearchDomainAttributes', () => {
  test('the import creates no resource; account and region default to the importing stack\'s', () => {
    const { stack, d } = imported();
    expect(cfnResourcePaths(stack)).toEqual([]);
    expect(d.identity).toEqual({ domainName: 'manifests', account: '123456789012', region: 'us-east-1' });
    expect(stack.resolve(d.domainArn)).toBe(DOMAIN_ARN);
  });

  test('grant: a Grant that succeeded, on the domain and its paths', () => {
    const { stack, d } = imported();
    const grant = d.grant(clientRole(stack), ...READ);
    expect(grant.success).toBe(true);
    expect(grantedStatements(stack, grant)).toEqual([{ Effect: 'Allow', Action: READ, Resource: [DOMAIN_ARN, `${DOMAIN_ARN}/*`] }]);
  });

  test('the owned domain grants the same statement as its import', () => {
    const { stack, d } = owned();
    const again = SearchDomain.fromSearchDomainAttributes(stack, 'Imported', {
      domainName: d.domainName, domainEndpoint: d.domainEndpoint, securityGroups: d.connections.securityGroups,
    });
    const ownedStatements = grantedStatements(stack, d.grant(clientRole(stack), ...READ));
    expect(ownedStatements).toEqual([{ Effect: 'Allow', Action: READ, Resource: [DOMAIN_ARN, `${DOMAIN_ARN}/*`] }]);
    expect(grantedStatements(stack, again.grant(clientRole(stack, 'Other'), ...READ))).toEqual(ownedStatements);
  });

  test('an import in another account and region names that domain', () => {
    const stack = testStack(undefined, 'us-east-1', 'Consumer');
    const d = SearchDomain.fromSearchDomainAttributes(stack, 'Search', {
      domainName: 'manifests', domainEndpoint: 'vpc-manifests-x.eu-west-1.es.amazonaws.com', securityGroups: [],
      account: '210987654321', region: 'eu-west-1',
    });
    expect(stack.resolve(d.domainArn)).toBe('arn:aws:es:eu-west-1:210987654321:domain/manifests');
  });

  test('connections open HTTPS (443) on the imported security group', () => {
    const { stack, d } = imported();
    expectClientsAdmitted(stack, d, 443);
  });
});

describe('SearchDomain token guards', () => {
  const lazy = (n: number) => Lazy.number({ produce: () => n });

  test('token storage size and master count skip their checks and reach the template', () => {
    const size = lazy(600);
    expect(Token.isUnresolved(size)).toBe(true);
    const { stack } = owned({ storageGiBPerNode: size, masterNodes: lazy(5) });
    Template.fromStack(stack).hasResourceProperties('AWS::OpenSearchService::Domain', {
      EBSOptions: { VolumeSize: 600 }, ClusterConfig: { DedicatedMasterEnabled: true, DedicatedMasterCount: 5 },
    });
  });

  test('a token storageIops skips its check and reaches the template', () => {
    const { stack } = owned({ storageIops: lazy(4000) });
    Template.fromStack(stack).hasResourceProperties('AWS::OpenSearchService::Domain', { EBSOptions: { VolumeSize: 500, Iops: 4000 } });
  });

  test('a token the construct computes with is refused, naming the field', () => {
    expect(() => owned({ dataNodesPerZone: lazy(2) })).toThrow(/`dataNodesPerZone` must be known at synth time/);
    expect(() => owned({ offPeakWindowStartHourUtc: lazy(3) })).toThrow(/`offPeakWindowStartHourUtc` must be known at synth time/);
    // aws-cdk's Domain checks these itself, without a token guard (its «ThroughputOutOfRange», «IopsToVolumeSizeRatioExceeded»).
    expect(() => owned({ storageThroughputMiBps: lazy(250) })).toThrow(/`storageThroughputMiBps` must be known at synth time/);
    expect(() => owned({ storageGiBPerNode: lazy(600), storageIops: 4000 })).toThrow(/`storageGiBPerNode` must be known at synth time when `storageIops` is set/);
  });

  test('a literal out of range is still refused', () => {
    expect(() => owned({ storageIops: 100 })).toThrow(/`storageIops` must be a gp3 IOPS value from 3000 to 16000, got 100/);
  });
});
