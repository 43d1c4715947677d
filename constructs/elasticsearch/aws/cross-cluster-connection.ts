import { CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { encryptedLogGroup } from '../../platform/aws/log-encryption';
import { Problems, show } from '../../platform/errors';
import { type SearchDomainIdentity, searchDomainArn } from './search-domain';

export interface CrossClusterConnectionProps {
  /** The follower domain (in this stack's region): the connection's local side. */
  readonly follower: SearchDomainIdentity;
  /** The leader domain, in another region: the connection's remote side. */
  readonly leader: SearchDomainIdentity;
  /**
   * Alias of the connection: the remote cluster name used in replication and cross-cluster
   * search requests (`leader-alias:index`).
   *
   * @default - `<leader domain>-<leader region>`
   */
  readonly connectionAlias?: string;
}

/**
 * A cross-cluster connection from a follower domain to a leader domain, created and accepted.
 * CloudFormation has no resource for it: a small Lambda-backed custom resource calls
 * CreateOutboundConnection in the follower's region and AcceptInboundConnection in the leader's.
 * It finds an existing connection between the two domains before creating one, accepts only a
 * pending one, and ignores a connection already gone on delete, so retries and updates are safe.
 *
 * @see https://docs.aws.amazon.com/opensearch-service/latest/developerguide/replication.html
 */
export class CrossClusterConnection extends Construct {
  /** Id of the connection (the same id on both sides). */
  public readonly connectionId: string;
  public readonly connectionAlias: string;

  constructor(scope: Construct, id: string, props: CrossClusterConnectionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const alias = props.connectionAlias ?? `${props.leader.domainName}-${props.leader.region}`;
    const p = new Problems();
    p.check(props.follower.region === stack.region,
      () => `\`follower.region\` must be the stack's region ${show(stack.region)} (the outbound connection is created there), got ${show(props.follower.region)}`);
    p.check(props.leader.region !== props.follower.region,
      () => `\`leader.region\` must differ from the follower's region ${show(props.follower.region)}, got ${show(props.leader.region)}`);
    p.check(/^[a-zA-Z][a-zA-Z0-9_-]{1,99}$/.test(alias),
      () => `\`connectionAlias\` must be 2-100 letters, digits, '_' or '-' starting with a letter, got ${show(alias)}`);
    p.throwIfAny(this);
    this.connectionAlias = alias;

    const logGroup = encryptedLogGroup(this, 'HandlerLogs', { keyDescription: 'Encrypts the cross-cluster connection handler\'s logs' });
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Creates the cross-cluster connection ${props.follower.domainName} (${props.follower.region}) -> ${props.leader.domainName} (${props.leader.region})`,
    });
    role.addToPolicy(new PolicyStatement({
      effect: Effect.ALLOW, actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn],
    }));
    role.addToPolicy(new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['es:CreateOutboundConnection', 'es:DeleteOutboundConnection'],
      resources: [searchDomainArn(this, props.follower)],
    }));
    role.addToPolicy(new PolicyStatement({
      effect: Effect.ALLOW, actions: ['es:AcceptInboundConnection'], resources: [searchDomainArn(this, props.leader)],
    }));
    const describe = new PolicyStatement({
      effect: Effect.ALLOW, actions: ['es:DescribeOutboundConnections', 'es:DescribeInboundConnections'], resources: ['*'],
    });
    role.addToPolicy(describe);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'es:DescribeOutboundConnections and es:DescribeInboundConnections are read-only and support no resource-level permissions; Create/Delete/Accept are scoped to the two domain ARNs.',
    });

    const handler = new LambdaFunction(this, 'Handler', {
      runtime: Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: Code.fromInline(HANDLER_SOURCE),
      role,
      logGroup,
      timeout: Duration.minutes(10),
      memorySize: 256,
      description: 'Cross-cluster connection between OpenSearch domains (create, accept, delete; idempotent)',
    });
    handler.node.addDependency(role);

    const resource = new CustomResource(this, 'Resource', {
      serviceToken: handler.functionArn,
      resourceType: 'Custom::OpenSearchCrossClusterConnection',
      properties: {
        Follower: { DomainName: props.follower.domainName, OwnerId: props.follower.account, Region: props.follower.region },
        Leader: { DomainName: props.leader.domainName, OwnerId: props.leader.account, Region: props.leader.region },
        ConnectionAlias: alias,
      },
    });
    this.connectionId = resource.ref;
  }
}

/**
 * The handler, inline (no bundling at synth): AWS SDK v3 ships with the Node.js runtime.
 * Create/Update: reuse a live connection between the two domains, else create one; wait until it
 * leaves VALIDATING and accept it in the leader's region if it is pending. Delete: delete the
 * connection unless it is already gone.
 */
const HANDLER_SOURCE = `
const os = require('@aws-sdk/client-opensearch');
const https = require('https');
const LIVE = ['VALIDATING', 'PENDING_ACCEPTANCE', 'APPROVED', 'PROVISIONING', 'ACTIVE'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const info = (d) => ({ AWSDomainInformation: { DomainName: d.DomainName, OwnerId: d.OwnerId, Region: d.Region } });

async function findOutbound(client, f, l) {
  const out = await client.send(new os.DescribeOutboundConnectionsCommand({ Filters: [
    { Name: 'local-domain-info.domain-name', Values: [f.DomainName] },
    { Name: 'remote-domain-info.domain-name', Values: [l.DomainName] },
  ] }));
  return (out.Connections || []).find((c) => {
    const r = c.RemoteDomainInfo.AWSDomainInformation;
    return r.Region === l.Region && r.OwnerId === l.OwnerId && LIVE.includes(c.ConnectionStatus.StatusCode);
  });
}

async function createOrUpdate(p) {
  const local = new os.OpenSearchClient({ region: p.Follower.Region });
  let conn = await findOutbound(local, p.Follower, p.Leader);
  let id = conn && conn.ConnectionId;
  if (!id) {
    const created = await local.send(new os.CreateOutboundConnectionCommand({
      LocalDomainInfo: info(p.Follower), RemoteDomainInfo: info(p.Leader), ConnectionAlias: p.ConnectionAlias, ConnectionMode: 'DIRECT',
    }));
    id = created.ConnectionId;
  }
  const remote = new os.OpenSearchClient({ region: p.Leader.Region });
  for (let i = 0; i < 50; i++) {
    const res = await remote.send(new os.DescribeInboundConnectionsCommand({ Filters: [{ Name: 'connection-id', Values: [id] }] }));
    const status = res.Connections && res.Connections[0] ? res.Connections[0].ConnectionStatus.StatusCode : 'VALIDATING';
    if (status === 'PENDING_ACCEPTANCE') { await remote.send(new os.AcceptInboundConnectionCommand({ ConnectionId: id })); return id; }
    if (['APPROVED', 'PROVISIONING', 'ACTIVE'].includes(status)) return id;
    if (status !== 'VALIDATING') throw new Error('connection ' + id + ' is ' + status + ': ' + (res.Connections[0].ConnectionStatus.Message || ''));
    await sleep(10000);
  }
  throw new Error('connection ' + id + ' still validating after 500 s');
}

async function remove(p, id, event) {
  // A create that failed reported the logical id: there is no connection to delete.
  if (!id || id === event.LogicalResourceId) return;
  const local = new os.OpenSearchClient({ region: p.Follower.Region });
  try { await local.send(new os.DeleteOutboundConnectionCommand({ ConnectionId: id })); }
  catch (e) { if (e.name !== 'ResourceNotFoundException') throw e; }
}

function respond(event, status, id, reason) {
  const body = JSON.stringify({ Status: status, Reason: reason, PhysicalResourceId: id || event.LogicalResourceId,
    StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId, Data: { ConnectionId: id } });
  return new Promise((resolve, reject) => {
    const req = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (res) => { res.on('data', () => {}); res.on('end', resolve); });
    req.on('error', reject); req.end(body);
  });
}

exports.handler = async (event) => {
  const p = event.ResourceProperties;
  try {
    if (event.RequestType === 'Delete') { await remove(p, event.PhysicalResourceId, event); await respond(event, 'SUCCESS', event.PhysicalResourceId); return; }
    const id = await createOrUpdate(p);
    await respond(event, 'SUCCESS', id);
  } catch (e) {
    console.error(e);
    await respond(event, 'FAILED', event.PhysicalResourceId, String(e && e.message || e).slice(0, 500));
  }
};
`;
