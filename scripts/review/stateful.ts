/**
 * What holds data, in CloudFormation and in Kubernetes. Shared by the change review
 * (`npm run diff`) and the data-loss guard (test/safety).
 */

/**
 * CloudFormation types whose deletion or replacement loses data (or, for KMS keys, makes data
 * unreadable). Must equal the list in constructs/platform/aws/rules/data-retention.guard.
 */
export const STATEFUL_CFN_TYPES: readonly string[] = [
  'AWS::Cassandra::Keyspace', 'AWS::Cassandra::Table',
  'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::GlobalReplicationGroup', 'AWS::ElastiCache::ServerlessCache',
  'AWS::MemoryDB::Cluster', 'AWS::MemoryDB::MultiRegionCluster',
  'AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain',
  'AWS::Neptune::DBCluster', 'AWS::Neptune::GlobalCluster',
  'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable',
  'AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster',
  'AWS::EFS::FileSystem', 'AWS::S3::Bucket',
  'AWS::KMS::Key', 'AWS::Logs::LogGroup',
];

/** Types whose service offers deletion protection, with the property that turns it on. */
export const DELETION_PROTECTION_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::Neptune::DBCluster': 'DeletionProtection',
  'AWS::Neptune::GlobalCluster': 'DeletionProtection',
  'AWS::RDS::DBCluster': 'DeletionProtection',
  'AWS::DocDB::DBCluster': 'DeletionProtection',
  'AWS::DynamoDB::Table': 'DeletionProtectionEnabled',
};

export const RETAINING_DELETION_POLICIES: readonly string[] = ['Retain', 'RetainExceptOnCreate', 'Snapshot'];
export const RETAINING_REPLACE_POLICIES: readonly string[] = ['Retain', 'Snapshot'];

export function isStatefulCfnType(type: string | undefined): boolean {
  return type !== undefined && STATEFUL_CFN_TYPES.includes(type);
}

/**
 * Kubernetes kinds whose deletion loses data: volumes and what owns them, and the database
 * custom resources whose operators delete their volumes with them. A Namespace is here because
 * deleting it deletes everything in it.
 */
export const DATA_HOLDING_KINDS: readonly string[] = [
  'StatefulSet', 'PersistentVolumeClaim', 'PersistentVolume', 'Namespace',
  'K8ssandraCluster', 'CassandraDatacenter', 'Elasticsearch',
];

export function holdsData(kind: string): boolean {
  return DATA_HOLDING_KINDS.includes(kind);
}
