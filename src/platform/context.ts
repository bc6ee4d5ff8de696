import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { AuditLog } from './audit/audit.js';
import type { Config } from './config/schema.js';
import type { Logger } from './log/logger.js';
import type { Metrics } from './metrics.js';
import type { Queues } from './queue/queues.js';
import type { RoleChecker } from './roles.js';

/**
 * The dependencies every role shares, built once by the composition root and passed down.
 * Nothing below reads globals: the clock, clients and logger all come from here.
 */
export interface AppContext {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Fail-fast connection for producers and reads in request paths. */
  readonly redis: Redis;
  readonly queues: Queues;
  /** For workers: 429s are rejected (not waited out) so BullMQ can reschedule the one job. */
  readonly slack: WebClient;
  readonly now: () => Date;
  /** Role checks; one per runtime so its user-group cache is shared by every caller. */
  readonly roles: RoleChecker;
  /** The append-only audit stream every refusal and change is written to. */
  readonly audit: AuditLog;
}
