/**
 * What the connection factory needs to know, as validated by the config schema (`redis.*`).
 * Kept as its own type so the factory does not depend on the whole config.
 */
export interface RedisSettings {
  /** redis:// or rediss:// (TLS); in cluster mode the first seed node. */
  readonly url: string;
  /** Connect with ioredis `Cluster` (cluster-mode ElastiCache, MemoryDB, Serverless). */
  readonly cluster?: boolean;
  /** More seed nodes as `host:port`; setting any turns cluster mode on. */
  readonly clusterNodes?: readonly string[];
  /** ACL user; overrides the URL's. */
  readonly username?: string | undefined;
  /** AUTH token or ACL password; overrides the URL's. */
  readonly password?: string | undefined;
  /** PEM CA bundle to trust for rediss:// (a private CA); the system roots otherwise. */
  readonly tlsCaFile?: string | undefined;
}

export function isClusterMode(settings: RedisSettings): boolean {
  return settings.cluster === true || (settings.clusterNodes?.length ?? 0) > 0;
}
