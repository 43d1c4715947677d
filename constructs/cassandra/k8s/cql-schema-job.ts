import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { CassandraCluster } from './cassandra-cluster';

export interface CqlSchemaJobProps {
  readonly cluster: CassandraCluster;
  /** Region whose datacenter the job connects to (schema then spreads to every DC). */
  readonly region: string;
  /** Job and ConfigMap name. */
  readonly name: string;
  /** Idempotent CQL statements (`IF NOT EXISTS`), applied in order. */
  readonly statements: string[];
  /** @default 'cassandra:4.1' */
  readonly image?: string;
}

/**
 * Applies CQL schema to a K8ssandra cluster: a ConfigMap holding the statements and a Job running
 * cqlsh over TLS with the operator-generated superuser. Statements must be idempotent; the Job
 * retries until the cluster accepts connections.
 */
export class CqlSchemaJob extends Construct {
  public readonly cql: string;

  constructor(scope: Construct, id: string, props: CqlSchemaJobProps) {
    super(scope, id);
    const { cluster } = props;
    const dc = cluster.datacenter(props.region);
    this.cql = props.statements.join('\n\n') + '\n';
    new k8s.KubeConfigMap(this, 'Statements', {
      metadata: { name: props.name, namespace: cluster.namespace },
      data: { 'schema.cql': this.cql },
    });
    new k8s.KubeJob(this, 'Resource', {
      metadata: { name: props.name, namespace: cluster.namespace },
      spec: {
        backoffLimit: 20,
        ttlSecondsAfterFinished: 86400,
        template: {
          spec: cqlshPodSpec({
            cluster,
            image: props.image ?? 'cassandra:4.1',
            script: `exec cqlsh --ssl -u "$CQLSH_USER" -p "$CQLSH_PASSWORD" ${dc.serviceHost} ${dc.cqlPort} -f /schema/schema.cql`,
            mountName: 'schema',
            mountPath: '/schema',
            configMapName: props.name,
          }),
        },
      },
    });
  }
}

/** What a cqlsh pod runs and the ConfigMap it mounts. */
export interface CqlshPodOptions {
  readonly cluster: CassandraCluster;
  readonly image: string;
  /** `sh -c` script; `cqlsh` reads `$CQLSH_USER`/`$CQLSH_PASSWORD`, TLS CA at `/tls/ca.crt`. */
  readonly script: string;
  /** Volume name of the ConfigMap. */
  readonly mountName: string;
  readonly mountPath: string;
  readonly configMapName: string;
  /** @default 'OnFailure' */
  readonly restartPolicy?: 'OnFailure' | 'Never';
  /** Extra environment variables (no secrets). @default - none */
  readonly env?: k8s.EnvVar[];
}

/**
 * The pod of a cqlsh Job against a K8ssandra cluster: non-root, no service account token, the
 * operator-generated superuser read from its Secret at run time (never in the manifest), and
 * the cluster CA for TLS. Shared by CqlSchemaJob and CqlMigrationJob.
 */
export function cqlshPodSpec(o: CqlshPodOptions): k8s.PodSpec {
  return {
    restartPolicy: o.restartPolicy ?? 'OnFailure',
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'cqlsh',
      image: o.image,
      // Credentials come from the operator's Secret at run time, never from the manifest.
      command: ['sh', '-c', o.script],
      env: [
        { name: 'CQLSH_USER', valueFrom: { secretKeyRef: { name: o.cluster.superuserSecretName, key: 'username' } } },
        { name: 'CQLSH_PASSWORD', valueFrom: { secretKeyRef: { name: o.cluster.superuserSecretName, key: 'password' } } },
        { name: 'SSL_CERTFILE', value: '/tls/ca.crt' },
        { name: 'SSL_VALIDATE', value: 'true' },
        ...(o.env ?? []),
      ],
      resources: {
        requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') },
        limits: { memory: k8s.Quantity.fromString('256Mi') },
      },
      securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'] } },
      volumeMounts: [
        { name: o.mountName, mountPath: o.mountPath, readOnly: true },
        { name: 'tls', mountPath: '/tls', readOnly: true },
      ],
    }],
    volumes: [
      { name: o.mountName, configMap: { name: o.configMapName } },
      { name: 'tls', secret: { secretName: o.cluster.tls.caCertSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ],
  };
}
