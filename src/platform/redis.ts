/**
 * Redis connections: the factory (single node or cluster, TLS, AUTH), readiness and the
 * eviction-policy check, and the hash-tag rule cluster mode needs. Parts live in ./redis/.
 */
export { asCommandClient, type ConnectDeps, createRedis, type RedisConnection } from './redis/connect.js';
export { clusterPrefixProblem, hashTagOf } from './redis/hash-tag.js';
export { checkEvictionPolicy, waitForReady } from './redis/health.js';
export {
  type ConnectionPlan,
  type ConnectionPurpose,
  parseHostPort,
  planConnection,
  type RedisEndpoint,
} from './redis/options.js';
export { isClusterMode, type RedisSettings } from './redis/settings.js';
