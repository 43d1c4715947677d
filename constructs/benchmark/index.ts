export * from './benchmark-job';
export * from './cassandra-stress';
export * from './memtier';
export * from './rally';
export * from './thresholds';
export * from './gremlin';
