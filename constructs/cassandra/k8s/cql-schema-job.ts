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
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'cqlsh',
              image: props.image ?? 'cassandra:4.1',
              // Credentials come from the operator's Secret at run time, never from the manifest.
              command: ['sh', '-c', `exec cqlsh --ssl -u "$CQLSH_USER" -p "$CQLSH_PASSWORD" ${dc.serviceHost} ${dc.cqlPort} -f /schema/schema.cql`],
              env: [
                { name: 'CQLSH_USER', valueFrom: { secretKeyRef: { name: cluster.superuserSecretName, key: 'username' } } },
                { name: 'CQLSH_PASSWORD', valueFrom: { secretKeyRef: { name: cluster.superuserSecretName, key: 'password' } } },
                { name: 'SSL_CERTFILE', value: '/tls/ca.crt' },
                { name: 'SSL_VALIDATE', value: 'true' },
              ],
              resources: {
                requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') },
                limits: { memory: k8s.Quantity.fromString('256Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [
                { name: 'schema', mountPath: '/schema', readOnly: true },
                { name: 'tls', mountPath: '/tls', readOnly: true },
              ],
            }],
            volumes: [
              { name: 'schema', configMap: { name: props.name } },
              { name: 'tls', secret: { secretName: cluster.tls.caCertSecretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            ],
          },
        },
      },
    });
  }
}
