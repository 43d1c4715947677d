import { catalogUseCases } from '../../lib/use-cases';
import type { KubeObject } from '../helpers/k8s';
import { pascalName } from '../../lib/use-case';
import { type SynthesizedOutput, type Template, defaultOutput } from './checks/output';
import {
  cfnEncryptionProblems, cfnIamProblems, cfnPublicEndpointProblems, cfnSecretProblems, k8sContainerProblems,
  k8sNetworkPolicyProblems, k8sPodSecurityProblems, k8sSecretProblems, k8sTransitAndExposureProblems,
} from './checks/security';

/** The repository's catalog (services/). */
const USE_CASES = catalogUseCases();

/**
 * The security baseline over the synthesized output, one use case at a time so a finding names
 * its use case and one store's failure does not hide another's. Generic over resource types and
 * kinds: a new use case is covered by being listed in lib/use-cases.ts.
 */
const all = defaultOutput();
const ofUseCase = (name: string): SynthesizedOutput => ({
  stacks: all.stacks.filter((s) => s.name.startsWith(`${pascalName(name)}-`)),
  charts: all.charts.filter((c) => c.name.startsWith(`${name}-`)),
});
const shared: SynthesizedOutput = {
  stacks: all.stacks.filter((s) => !USE_CASES.some((u) => s.name.startsWith(`${pascalName(u.name)}-`))),
  charts: all.charts.filter((c) => !USE_CASES.some((u) => c.name.startsWith(`${u.name}-`))),
};

describe.each([...USE_CASES.map((u) => [u.name, ofUseCase(u.name)] as const), ['shared stacks', shared] as const])('security baseline: %s', (_, output) => {
  const cfn = (check: (s: string, t: Template) => string[]) => output.stacks.flatMap((s) => check(s.name, s.template));
  const k8s = (check: (c: string, o: KubeObject[]) => string[]) => output.charts.flatMap((c) => check(c.name, c.objects));

  test('synthesizes something to check', () => {
    expect(output.stacks.length + output.charts.length).toBeGreaterThan(0);
  });
  test('encryption at rest and in transit on every store resource', () => expect(cfn(cfnEncryptionProblems)).toEqual([]));
  test('no public endpoints (CloudFormation)', () => expect(cfn(cfnPublicEndpointProblems)).toEqual([]));
  test('no IAM statement with * actions, or * resources on data-plane actions', () => expect(cfn(cfnIamProblems)).toEqual([]));
  test('no secret values in templates', () => expect(cfn(cfnSecretProblems)).toEqual([]));
  test('default-deny ingress and egress NetworkPolicies in every namespace and an allow for every store', () => expect(k8s(k8sNetworkPolicyProblems)).toEqual([]));
  test('Pod Security restricted in every namespace, or baseline with its reason', () => expect(k8s(k8sPodSecurityProblems)).toEqual([]));
  test('containers non-root, no privilege escalation, no literal secrets in env', () => expect(k8s(k8sContainerProblems)).toEqual([]));
  test('no Secret data or secret values in manifests', () => expect(k8s(k8sSecretProblems)).toEqual([]));
  test('TLS in transit and no public exposure (Kubernetes)', () => expect(k8s(k8sTransitAndExposureProblems)).toEqual([]));
});

describe('the checks find what they look for', () => {
  const t = (resources: Record<string, object>): Template => ({ Resources: resources as Template['Resources'] });
  const obj = (kind: string, name: string, rest: object = {}, namespace: string | undefined = 'n'): KubeObject =>
    ({ apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...rest });

  test('encryption: unencrypted Redis, OpenSearch, Neptune, topic', () => {
    expect(cfnEncryptionProblems('S', t({
      R: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { AtRestEncryptionEnabled: true } },
      D: { Type: 'AWS::OpenSearchService::Domain', Properties: { EncryptionAtRestOptions: { Enabled: true }, NodeToNodeEncryptionOptions: { Enabled: true }, DomainEndpointOptions: { EnforceHTTPS: true } } },
      G: { Type: 'AWS::Neptune::DBCluster', Properties: { StorageEncrypted: false } },
      M: { Type: 'AWS::MemoryDB::Cluster', Properties: { TLSEnabled: false } },
      T: { Type: 'AWS::SNS::Topic', Properties: {} },
    }))).toEqual([
      'S/R (AWS::ElastiCache::ReplicationGroup): TransitEncryptionEnabled must be true, got undefined',
      'S/G (AWS::Neptune::DBCluster): StorageEncrypted must be true, got false',
      'S/M (AWS::MemoryDB::Cluster): TLSEnabled must not be false',
      'S/T (AWS::SNS::Topic): KmsMasterKeyId must be set',
    ]);
  });

  test('log groups: a customer-managed key whose policy admits CloudWatch Logs; functions log into one', () => {
    const logsStatement = {
      Effect: 'Allow', Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:us-east-1:1:log-group:*' } },
    };
    const key = (Statement: object[]) => ({ Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement } } });
    const group = (keyId: string) => ({ Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } } });
    expect(cfnEncryptionProblems('S', t({
      Good: key([logsStatement]), GoodGroup: group('Good'),
      NoContext: key([{ ...logsStatement, Condition: undefined }]), NoContextGroup: group('NoContext'),
      Plain: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      FnLogged: { Type: 'AWS::Lambda::Function', Properties: { LoggingConfig: { LogGroup: { Ref: 'GoodGroup' } } } },
    }))).toEqual([
      'S/NoContextGroup (AWS::Logs::LogGroup): the policy of key NoContext must allow logs.<region>.amazonaws.com with a kms:EncryptionContext:aws:logs:arn condition',
      'S/Plain (AWS::Logs::LogGroup): KmsKeyId must be set (a customer-managed key)',
      'S/Fn (AWS::Lambda::Function): LoggingConfig.LogGroup must name an encrypted log group (otherwise Lambda creates an unencrypted one)',
    ]);
  });

  test('public endpoints: open ingress, public subnet, internet gateway, domain outside a VPC', () => {
    expect(cfnPublicEndpointProblems('S', t({
      G: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp' }] } },
      I: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { CidrIpv6: '::/0' } },
      P: { Type: 'AWS::EC2::Subnet', Properties: { MapPublicIpOnLaunch: true } },
      W: { Type: 'AWS::EC2::InternetGateway' },
      D: { Type: 'AWS::OpenSearchService::Domain', Properties: {} },
      OK: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16' }] } },
    }))).toEqual([
      'S/G (AWS::EC2::SecurityGroup): ingress open to 0.0.0.0/0',
      'S/I (AWS::EC2::SecurityGroupIngress): ingress open to ::/0',
      'S/P (AWS::EC2::Subnet): MapPublicIpOnLaunch must not be true',
      'S/W (AWS::EC2::InternetGateway): the data layer has no internet gateway',
      'S/D (AWS::OpenSearchService::Domain): VPCOptions must be set (a domain outside a VPC has a public endpoint)',
    ]);
  });

  test('IAM: * action, data-plane service wildcard, data-plane action on *; control-plane * and key policies pass', () => {
    const policy = (Statement: object[]) => ({ Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement } } });
    expect(cfnIamProblems('S', t({
      A: policy([{ Effect: 'Allow', Action: '*', Resource: 'arn:x' }]),
      B: policy([{ Effect: 'Allow', Action: ['cassandra:*'], Resource: 'arn:x' }]),
      C: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'cassandra:Select', Resource: '*' }] } }] } },
      D: policy([{ Effect: 'Allow', Action: 'ec2:DescribeSubnets', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }]),
      K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } } },
    }))).toEqual([
      "S/A: Action '*'",
      "S/B: Action 'cassandra:*' on a data-plane service",
      "S/C: data-plane action 'cassandra:Select' on Resource '*'",
    ]);
  });

  test('secrets in templates: literal passwords, not dynamic references', () => {
    expect(cfnSecretProblems('S', t({
      U: { Type: 'AWS::ElastiCache::User', Properties: { Passwords: ['x'], AuthToken: 'hunter22' } },
      R: { Type: 'AWS::Neptune::DBCluster', Properties: { MasterUserPassword: '{{resolve:secretsmanager:s:SecretString:password}}' } },
    }))).toEqual(['S/U.Properties.AuthToken: literal secret value (use Secrets Manager: GenerateSecretString or a {{resolve:secretsmanager:...}} reference)']);
  });

  test('network policies: missing default-deny ingress or egress, store without any allow', () => {
    const deny = obj('NetworkPolicy', 'deny', { spec: { podSelector: {}, policyTypes: ['Ingress'] } }, 'a');
    const denyEgress = obj('NetworkPolicy', 'deny-egress', { spec: { podSelector: {}, policyTypes: ['Egress'] } }, 'a');
    const allow = obj('NetworkPolicy', 'allow', { spec: { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'], ingress: [{ from: [] }] } }, 'a');
    // Egress to DNS selects every pod but admits something: not a default-deny.
    const dnsOnly = obj('NetworkPolicy', 'dns', { spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53 }] }] } }, 'b');
    const stsA = obj('StatefulSet', 's', {}, 'a');
    expect(k8sNetworkPolicyProblems('c', [obj('Namespace', 'a', {}, undefined), deny, denyEgress, allow, stsA])).toEqual([]);
    expect(k8sNetworkPolicyProblems('c', [obj('Namespace', 'a', {}, undefined), deny, stsA, obj('StatefulSet', 'x', {}, 'b'), dnsOnly, obj('ConfigMap', 'y', {}, 'client')])).toEqual([
      'c: namespace a has no default-deny egress NetworkPolicy',
      'c: namespace a runs StatefulSet a/s but has no NetworkPolicy allowing any ingress',
      'c: namespace b has no default-deny ingress NetworkPolicy',
      'c: namespace b has no default-deny egress NetworkPolicy',
      'c: namespace b runs StatefulSet b/x but has no NetworkPolicy allowing any ingress',
    ]);
  });

  test('pod security: restricted passes, baseline needs its reason, anything else fails', () => {
    const ns = (name: string, labels: Record<string, string>, annotations?: Record<string, string>): KubeObject =>
      ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, ...(annotations ? { annotations } : {}) } });
    const enforce = (level: string) => ({ 'pod-security.kubernetes.io/enforce': level });
    expect(k8sPodSecurityProblems('c', [
      ns('r', enforce('restricted')),
      ns('b', enforce('baseline'), { 'platform.netflix.com/pod-security-exception': 'the operator drops no capabilities' }),
      ns('bare', enforce('baseline')),
      ns('p', enforce('privileged')),
      ns('none', {}),
    ])).toEqual([
      'c: Namespace bare enforces baseline without a platform.netflix.com/pod-security-exception annotation saying why',
      'c: Namespace p: pod-security.kubernetes.io/enforce must be restricted (or baseline with a reason), got "privileged"',
      'c: Namespace none: pod-security.kubernetes.io/enforce must be restricted (or baseline with a reason), got undefined',
    ]);
  });

  test('containers: root, escalation, privileged, literal secret env', () => {
    const job = (securityContext: object, container: object) => obj('Job', 'j', { spec: { template: { spec: { securityContext, containers: [{ name: 'c', ...container }] } } } });
    expect(k8sContainerProblems('c', [job({ runAsNonRoot: true }, { securityContext: { allowPrivilegeEscalation: false } })])).toEqual([]);
    expect(k8sContainerProblems('c', [job({}, { securityContext: { privileged: true }, env: [{ name: 'DB_PASSWORD', value: 'x' }, { name: 'P', valueFrom: {} }, { name: 'app.password', value: '$(DB_PASSWORD)' }] })])).toEqual([
      'c: Job n/j container c: privileged',
      'c: Job n/j container c: runAsNonRoot must be true (pod or container securityContext)',
      'c: Job n/j container c: allowPrivilegeEscalation must be false',
      'c: Job n/j container c: env DB_PASSWORD has a literal value (use valueFrom.secretKeyRef)',
    ]);
    const es = obj('Elasticsearch', 'e', { spec: { nodeSets: [{ name: 'd', podTemplate: { spec: { initContainers: [{ name: 'sysctl', securityContext: { privileged: true, runAsUser: 0 } }] } } }] } });
    expect(k8sContainerProblems('c', [es])).toEqual(['c: Elasticsearch n/e container sysctl: privileged', 'c: Elasticsearch n/e container sysctl: runs as root']);
    const k8ssandra = obj('K8ssandraCluster', 'k', { spec: { cassandra: { podSecurityContext: { runAsNonRoot: true } }, medusa: {}, reaper: { securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } } } });
    expect(k8sContainerProblems('c', [k8ssandra])).toEqual([
      'c: K8ssandraCluster n/k: spec.medusa.securityContext.runAsNonRoot must be true',
      'c: K8ssandraCluster n/k: spec.medusa.securityContext.allowPrivilegeEscalation must be false',
      'c: K8ssandraCluster n/k: spec.medusa.securityContext.capabilities.drop must include ALL',
      'c: K8ssandraCluster n/k: spec.reaper.initContainerSecurityContext.runAsNonRoot must be true',
      'c: K8ssandraCluster n/k: spec.reaper.initContainerSecurityContext.allowPrivilegeEscalation must be false',
      'c: K8ssandraCluster n/k: spec.reaper.initContainerSecurityContext.capabilities.drop must include ALL',
    ]);
  });

  test('secrets in manifests: Secret with data, literal password fields', () => {
    expect(k8sSecretProblems('c', [obj('Secret', 's', { stringData: { password: 'x' } }), obj('Secret', 'ok', {}), obj('ConfigMap', 'm', { data: { adminPassword: 'x' } })])).toEqual([
      'c: Secret n/s: a Secret with data in a manifest (create it out of band or with External Secrets)',
      'c: ConfigMap n/m.data.adminPassword: literal secret value',
    ]);
  });

  test('transit and exposure: Cassandra without TLS, ES TLS off, public services, open NetworkPolicy', () => {
    expect(k8sTransitAndExposureProblems('c', [
      obj('K8ssandraCluster', 'k', { spec: { cassandra: { config: { cassandraYaml: { client_encryption_options: { enabled: true, optional: true } } } } } }),
      obj('Elasticsearch', 'e', { spec: { http: { tls: { selfSignedCertificate: { disabled: true } }, service: { spec: { type: 'LoadBalancer' } } } } }),
      obj('Service', 's', { spec: { type: 'NodePort' } }),
      obj('Service', 'lb', { metadata: { name: 'lb', namespace: 'n', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' } }, spec: { type: 'LoadBalancer' } }),
      obj('NetworkPolicy', 'p', { spec: { ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] } }),
      obj('NetworkPolicy', 'e', { spec: { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }, { ports: [{ port: 443 }] }] } }),
    ])).toEqual([
      'c: K8ssandraCluster n/k: client_encryption_options must be enabled and not optional',
      "c: K8ssandraCluster n/k: server_encryption_options.internode_encryption must be 'all'",
      'c: Elasticsearch n/e: HTTP TLS disabled',
      'c: Elasticsearch n/e: LoadBalancer service is not internal',
      'c: Service n/s: NodePort service exposes the store on every node',
      'c: NetworkPolicy n/p: admits 0.0.0.0/0',
      'c: NetworkPolicy n/e: allows egress to 0.0.0.0/0',
      'c: NetworkPolicy n/e: an egress rule without `to` allows egress anywhere',
    ]);
  });
});
