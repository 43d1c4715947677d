import type { KubeObject } from '../../helpers/k8s';
import { type CfnResource, type Template, objectId } from './output';

/**
 * The security baseline over synthesized output, written per resource type and kind so it
 * covers whatever stores exist: encryption at rest and in transit, no public endpoints,
 * least-privilege IAM on data-plane actions, no secret values. Each function returns findings
 * as `<stack or chart>/<resource>: <what is wrong>`.
 */

const get = (o: any, path: string): any => path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), o);

/** Properties that must be true, per CloudFormation type (encryption at rest and in transit). */
const MUST_BE_TRUE: Readonly<Record<string, readonly string[]>> = {
  'AWS::ElastiCache::ReplicationGroup': ['AtRestEncryptionEnabled', 'TransitEncryptionEnabled'],
  // memcached has no encryption at rest; in transit it has TLS.
  'AWS::ElastiCache::CacheCluster': ['TransitEncryptionEnabled'],
  'AWS::OpenSearchService::Domain': ['EncryptionAtRestOptions.Enabled', 'NodeToNodeEncryptionOptions.Enabled', 'DomainEndpointOptions.EnforceHTTPS'],
  'AWS::Elasticsearch::Domain': ['EncryptionAtRestOptions.Enabled', 'NodeToNodeEncryptionOptions.Enabled', 'DomainEndpointOptions.EnforceHTTPS'],
  'AWS::Neptune::DBCluster': ['StorageEncrypted'],
  'AWS::DocDB::DBCluster': ['StorageEncrypted'],
  'AWS::RDS::DBCluster': ['StorageEncrypted'],
};

/** Properties that must not be false (their default is secure). */
const MUST_NOT_BE_FALSE: Readonly<Record<string, readonly string[]>> = {
  'AWS::MemoryDB::Cluster': ['TLSEnabled'],
};

export function cfnEncryptionProblems(stack: string, template: Template): string[] {
  const problems: string[] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    for (const p of MUST_BE_TRUE[r.Type] ?? []) {
      if (get(r.Properties, p) !== true) problems.push(`${stack}/${id} (${r.Type}): ${p} must be true, got ${JSON.stringify(get(r.Properties, p))}`);
    }
    for (const p of MUST_NOT_BE_FALSE[r.Type] ?? []) {
      if (get(r.Properties, p) === false) problems.push(`${stack}/${id} (${r.Type}): ${p} must not be false`);
    }
    if (r.Type === 'AWS::Cassandra::Table') {
      const type = get(r.Properties, 'EncryptionSpecification.EncryptionType');
      if (type !== undefined && !['AWS_OWNED_KMS_KEY', 'CUSTOMER_MANAGED_KMS_KEY'].includes(type)) problems.push(`${stack}/${id}: unknown EncryptionType ${type}`);
    }
    if (r.Type === 'AWS::SNS::Topic' && !r.Properties?.KmsMasterKeyId) problems.push(`${stack}/${id} (${r.Type}): KmsMasterKeyId must be set`);
    if (r.Type === 'AWS::Logs::LogGroup') problems.push(...logGroupKeyProblems(stack, id, r, template));
    // Without LoggingConfig a function logs into /aws/lambda/<name>, a group Lambda creates unencrypted.
    if (r.Type === 'AWS::Lambda::Function' && !r.Properties?.LoggingConfig?.LogGroup) {
      problems.push(`${stack}/${id} (${r.Type}): LoggingConfig.LogGroup must name an encrypted log group (otherwise Lambda creates an unencrypted one)`);
    }
  }
  return problems;
}

/**
 * A log group needs a customer-managed key whose policy lets CloudWatch Logs of the region use it
 * for log groups, conditioned on the encryption context
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
function logGroupKeyProblems(stack: string, id: string, r: CfnResource, template: Template): string[] {
  const at = `${stack}/${id} (${r.Type})`;
  const keyId = r.Properties?.KmsKeyId;
  if (!keyId) return [`${at}: KmsKeyId must be set (a customer-managed key)`];
  const keyLogicalId = keyId?.['Fn::GetAtt']?.[0];
  const key = keyLogicalId ? template.Resources?.[keyLogicalId] : undefined;
  // A key from elsewhere (another stack, an import) is checked where it is defined.
  if (!key || key.Type !== 'AWS::KMS::Key') return [];
  const admitsLogs = list(key.Properties?.KeyPolicy?.Statement).some((st: any) => {
    const principals = list(st?.Principal?.Service).map((p) => JSON.stringify(p));
    const context = Object.values(st?.Condition ?? {}).some((c: any) => c && 'kms:EncryptionContext:aws:logs:arn' in c);
    return st?.Effect === 'Allow' && principals.some((p) => p.includes('logs.')) && context && list(st.Action).includes('kms:GenerateDataKey*');
  });
  return admitsLogs ? [] : [`${at}: the policy of key ${keyLogicalId} must allow logs.<region>.amazonaws.com with a kms:EncryptionContext:aws:logs:arn condition`];
}

const OPEN_CIDRS = ['0.0.0.0/0', '::/0'];

export function cfnPublicEndpointProblems(stack: string, template: Template): string[] {
  const problems: string[] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    const at = `${stack}/${id} (${r.Type})`;
    const rules = r.Type === 'AWS::EC2::SecurityGroup' ? r.Properties?.SecurityGroupIngress ?? [] : r.Type === 'AWS::EC2::SecurityGroupIngress' ? [r.Properties] : [];
    for (const rule of rules) {
      if (OPEN_CIDRS.includes(rule?.CidrIp) || OPEN_CIDRS.includes(rule?.CidrIpv6)) problems.push(`${at}: ingress open to ${rule.CidrIp ?? rule.CidrIpv6}`);
    }
    if (r.Type === 'AWS::EC2::Subnet' && r.Properties?.MapPublicIpOnLaunch === true) problems.push(`${at}: MapPublicIpOnLaunch must not be true`);
    if (r.Type === 'AWS::EC2::InternetGateway') problems.push(`${at}: the data layer has no internet gateway`);
    if (['AWS::RDS::DBInstance', 'AWS::Neptune::DBInstance'].includes(r.Type) && r.Properties?.PubliclyAccessible === true) problems.push(`${at}: PubliclyAccessible must not be true`);
    if (['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'].includes(r.Type) && !r.Properties?.VPCOptions) {
      problems.push(`${at}: VPCOptions must be set (a domain outside a VPC has a public endpoint)`);
    }
  }
  return problems;
}

/** Actions that read or write stored data. */
const DATA_PLANE_ACTION = /^(cassandra|neptune-db|dynamodb|rds-db):|^es:ESHttp|^(elasticache|memorydb):Connect$|^s3:(Get|Put|Delete)Object|^kms:(Decrypt|Encrypt|GenerateDataKey|ReEncrypt)/i;
const DATA_PLANE_SERVICES = ['cassandra', 'neptune-db', 'dynamodb', 'rds-db', 'es', 'elasticache', 'memorydb', 's3', 'kms'];
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Identity policies (not key or resource policies, where `*` means "this resource"). */
function identityStatements(template: Template): Array<[string, any]> {
  const out: Array<[string, any]> = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    const docs = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].includes(r.Type) ? [r.Properties?.PolicyDocument]
      : ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(r.Type) ? list(r.Properties?.Policies).map((p: any) => p?.PolicyDocument) : [];
    for (const d of docs) for (const s of list(d?.Statement)) out.push([id, s]);
  }
  return out;
}

export function cfnIamProblems(stack: string, template: Template): string[] {
  const problems: string[] = [];
  for (const [id, s] of identityStatements(template)) {
    if (s?.Effect !== 'Allow') continue;
    const actions = list(s.Action).filter((a): a is string => typeof a === 'string');
    const resources = list(s.Resource);
    for (const a of actions) {
      if (a === '*') problems.push(`${stack}/${id}: Action '*'`);
      const [service, name] = a.split(':');
      if (name === '*' && DATA_PLANE_SERVICES.includes(service.toLowerCase())) problems.push(`${stack}/${id}: Action '${a}' on a data-plane service`);
      if (DATA_PLANE_ACTION.test(a) && resources.includes('*')) problems.push(`${stack}/${id}: data-plane action '${a}' on Resource '*'`);
    }
  }
  return problems;
}

const SECRET_KEY = /^(\w*password|authtoken|secretstring|secretaccesskey|privatekey)$/i;
const isReference = (v: string) => v.startsWith('{{resolve:') || v === '';

/** Literal secret values anywhere under a template's or object's properties. */
function literalSecrets(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => literalSecrets(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && typeof v === 'string' && !isReference(v)) out.push(`${path}.${k}`);
      literalSecrets(v, `${path}.${k}`, out);
    }
  }
}

export function cfnSecretProblems(stack: string, template: Template): string[] {
  const out: string[] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) literalSecrets(r.Properties, `${stack}/${id}.Properties`, out);
  return out.map((p) => `${p}: literal secret value (use Secrets Manager: GenerateSecretString or a {{resolve:secretsmanager:...}} reference)`);
}

const WORKLOAD_POD_SPEC: Readonly<Record<string, string>> = {
  Deployment: 'spec.template.spec', StatefulSet: 'spec.template.spec', DaemonSet: 'spec.template.spec',
  Job: 'spec.template.spec', CronJob: 'spec.jobTemplate.spec.template.spec', Pod: 'spec',
};
const SECRET_ENV = /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
const ENV_REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

/** Pod specs we write: core workloads fully, custom resources' pod templates where they set a securityContext. */
function podSpecs(o: KubeObject): Array<{ spec: any; ours: boolean }> {
  const path = WORKLOAD_POD_SPEC[o.kind];
  if (path) return get(o, path) ? [{ spec: get(o, path), ours: true }] : [];
  if (o.kind === 'Elasticsearch') return list(o.spec?.nodeSets).map((n: any) => ({ spec: n?.podTemplate?.spec, ours: false })).filter((p) => p.spec);
  if (o.kind === 'Kibana' && o.spec?.podTemplate?.spec) return [{ spec: o.spec.podTemplate.spec, ours: false }];
  return [];
}

export function k8sContainerProblems(chart: string, objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    for (const { spec, ours } of podSpecs(o)) {
      const podNonRoot = spec.securityContext?.runAsNonRoot === true;
      for (const c of [...list(spec.initContainers), ...list(spec.containers)] as any[]) {
        const at = `${chart}: ${objectId(o)} container ${c.name}`;
        const sc = c.securityContext ?? {};
        if (sc.privileged === true) problems.push(`${at}: privileged`);
        if (sc.runAsNonRoot === false || sc.runAsUser === 0) problems.push(`${at}: runs as root`);
        if (sc.allowPrivilegeEscalation === true) problems.push(`${at}: allowPrivilegeEscalation true`);
        if (ours) {
          if (!podNonRoot && sc.runAsNonRoot !== true) problems.push(`${at}: runAsNonRoot must be true (pod or container securityContext)`);
          if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation must be false`);
        }
        for (const e of list(c.env) as any[]) {
          // `$(VAR)` is Kubernetes' reference to another env var (itself from a secretKeyRef), not a value.
          if (SECRET_ENV.test(e?.name ?? '') && typeof e.value === 'string' && e.value !== '' && !ENV_REFERENCE.test(e.value)) problems.push(`${at}: env ${e.name} has a literal value (use valueFrom.secretKeyRef)`);
        }
      }
    }
    if (o.kind === 'K8ssandraCluster' && o.spec?.cassandra?.podSecurityContext?.runAsNonRoot !== true) {
      problems.push(`${chart}: ${objectId(o)}: spec.cassandra.podSecurityContext.runAsNonRoot must be true`);
    }
    // The operator builds the Medusa sidecar and the Reaper Deployment from these fields.
    if (o.kind === 'K8ssandraCluster') {
      const containers: Array<[string, any]> = [
        ['spec.medusa.securityContext', o.spec?.medusa && (o.spec.medusa.securityContext ?? {})],
        ['spec.reaper.securityContext', o.spec?.reaper && (o.spec.reaper.securityContext ?? {})],
        ['spec.reaper.initContainerSecurityContext', o.spec?.reaper && (o.spec.reaper.initContainerSecurityContext ?? {})],
      ];
      for (const [path, sc] of containers.filter(([, v]) => v)) {
        if (sc.runAsNonRoot !== true) problems.push(`${chart}: ${objectId(o)}: ${path}.runAsNonRoot must be true`);
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${chart}: ${objectId(o)}: ${path}.allowPrivilegeEscalation must be false`);
        if (!list(sc.capabilities?.drop).includes('ALL')) problems.push(`${chart}: ${objectId(o)}: ${path}.capabilities.drop must include ALL`);
      }
    }
  }
  return problems;
}

export function k8sSecretProblems(chart: string, objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    if (o.kind === 'Secret' && (Object.keys(o.data ?? {}).length > 0 || Object.keys(o.stringData ?? {}).length > 0)) {
      problems.push(`${chart}: ${objectId(o)}: a Secret with data in a manifest (create it out of band or with External Secrets)`);
    }
    const found: string[] = [];
    literalSecrets(o.kind === 'Secret' ? {} : o, objectId(o), found);
    problems.push(...found.map((p) => `${chart}: ${p}: literal secret value`));
  }
  return problems;
}

export function k8sTransitAndExposureProblems(chart: string, objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const at = `${chart}: ${objectId(o)}`;
    if (o.kind === 'K8ssandraCluster') {
      const y = o.spec?.cassandra?.config?.cassandraYaml ?? {};
      if (y.client_encryption_options?.enabled !== true || y.client_encryption_options?.optional !== false) problems.push(`${at}: client_encryption_options must be enabled and not optional`);
      if (y.server_encryption_options?.internode_encryption !== 'all') problems.push(`${at}: server_encryption_options.internode_encryption must be 'all'`);
    }
    if (['Elasticsearch', 'Kibana'].includes(o.kind) && o.spec?.http?.tls?.selfSignedCertificate?.disabled === true) problems.push(`${at}: HTTP TLS disabled`);
    const services = o.kind === 'Service' ? [o.spec] : ['Elasticsearch', 'Kibana'].includes(o.kind) ? [o.spec?.http?.service?.spec] : [];
    const internal = (o.kind === 'Service' ? o.metadata.annotations : o.spec?.http?.service?.metadata?.annotations) ?? {};
    for (const s of services) {
      if (s?.type === 'NodePort') problems.push(`${at}: NodePort service exposes the store on every node`);
      if (s?.type === 'LoadBalancer' && internal['service.beta.kubernetes.io/aws-load-balancer-scheme'] !== 'internal') problems.push(`${at}: LoadBalancer service is not internal`);
    }
    if (o.kind === 'Ingress') problems.push(`${at}: stores get no Ingress`);
    if (o.kind === 'NetworkPolicy') {
      for (const rule of list(o.spec?.ingress) as any[]) {
        for (const from of list(rule?.from) as any[]) if (OPEN_CIDRS.includes(from?.ipBlock?.cidr)) problems.push(`${at}: admits ${from.ipBlock.cidr}`);
      }
      for (const rule of list(o.spec?.egress) as any[]) {
        for (const to of list(rule?.to) as any[]) if (OPEN_CIDRS.includes(to?.ipBlock?.cidr)) problems.push(`${at}: allows egress to ${to.ipBlock.cidr}`);
        // An egress rule without `to` reaches every address, the internet included.
        if (list(rule?.to).length === 0) problems.push(`${at}: an egress rule without \`to\` allows egress anywhere`);
      }
    }
  }
  return problems;
}

/** Kinds that run a store: their namespace needs at least one explicit allow. */
const STORE_KINDS = ['StatefulSet', 'Deployment', 'K8ssandraCluster', 'Elasticsearch', 'Kibana'];

export function k8sNetworkPolicyProblems(chart: string, objects: readonly KubeObject[]): string[] {
  const namespaces = new Set<string>();
  // Namespaces we create and namespaces that run a store; a client's namespace that only
  // receives a ConfigMap (a driver profile) is its owner's to police.
  for (const o of objects) {
    if (o.kind === 'Namespace') namespaces.add(o.metadata.name);
    else if (o.metadata.namespace && STORE_KINDS.includes(o.kind)) namespaces.add(o.metadata.namespace);
  }
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  // Selects every pod, isolates it for `type`, admits nothing of that type.
  const isDefaultDeny = (type: 'Ingress' | 'Egress') => (p: KubeObject) => Object.keys(p.spec?.podSelector ?? { x: 1 }).length === 0
    && list(p.spec?.policyTypes).includes(type) && list(type === 'Ingress' ? p.spec?.ingress : p.spec?.egress).length === 0;
  const problems: string[] = [];
  for (const ns of [...namespaces].sort()) {
    const here = policies.filter((p) => p.metadata.namespace === ns);
    if (!here.some(isDefaultDeny('Ingress'))) problems.push(`${chart}: namespace ${ns} has no default-deny ingress NetworkPolicy`);
    if (!here.some(isDefaultDeny('Egress'))) problems.push(`${chart}: namespace ${ns} has no default-deny egress NetworkPolicy`);
    const stores = objects.filter((o) => o.metadata.namespace === ns && STORE_KINDS.includes(o.kind));
    if (stores.length > 0 && !here.some((p) => !isDefaultDeny('Ingress')(p) && list(p.spec?.ingress).length > 0)) {
      problems.push(`${chart}: namespace ${ns} runs ${stores.map(objectId).join(', ')} but has no NetworkPolicy allowing any ingress`);
    }
  }
  return problems;
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';
/** Where a namespace that enforces less than `restricted` says why (constructs/platform/k8s/namespace.ts). */
const EXCEPTION_ANNOTATION = 'platform.netflix.com/pod-security-exception';

/** Every namespace enforces `restricted`, or `baseline` with its reason written beside the label; never `privileged`. */
export function k8sPodSecurityProblems(chart: string, objects: readonly KubeObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects.filter((x) => x.kind === 'Namespace')) {
    const level = o.metadata.labels?.[ENFORCE];
    const reason = o.metadata.annotations?.[EXCEPTION_ANNOTATION] ?? '';
    if (level === 'restricted') continue;
    if (level === 'baseline') {
      if (reason.trim() === '') problems.push(`${chart}: Namespace ${o.metadata.name} enforces baseline without a ${EXCEPTION_ANNOTATION} annotation saying why`);
    } else {
      problems.push(`${chart}: Namespace ${o.metadata.name}: ${ENFORCE} must be restricted (or baseline with a reason), got ${JSON.stringify(level)}`);
    }
  }
  return problems;
}
