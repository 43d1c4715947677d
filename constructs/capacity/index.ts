export * from './workload';
export * from './cassandra';
export * from './memcached';
export * from './elasticsearch';
export * from './redis';
export * from './graph';
export * from './report';
