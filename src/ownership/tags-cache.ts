import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ResourceTagsPort, TaggedPrincipalKind, Tags } from '../aws/tagging/port.js';
import { ErrorCode, toUserMessage, WatchkeeperError } from '../platform/errors.js';
import type { Logger } from '../platform/log/logger.js';

/**
 * A ResourceTagsPort in front of another, for the incident card: an alert storm about one
 * resource asks AWS once per TTL, and a slow or failing AWS never holds an alert job up.
 *
 * - Answers (tags, or the failure) are kept in Redis per account, region and question, so every
 *   worker process shares them; a failure is kept for a shorter time so AWS is asked again soon.
 * - Within one process, questions asked while the same one is on its way wait for that answer
 *   (20 concurrent alert jobs make one call, not 20).
 * - Each AWS call is given `timeoutMs`; past it the card is drawn from what the alert carries
 *   (the call may still finish, and its answer is then kept for the next alert).
 * - The cache is keyed by input (ARNs and names from alerts), so it is bounded: at most
 *   `maxEntries` answers are stored per TTL window; past that the port still answers, uncached.
 * - Redis failing only loses the caching: the look-up goes to AWS as if nothing were cached.
 */

export interface TagsCacheSettings {
  /** How long an answer is kept. @defaultValue 900 (15 minutes) */
  readonly ttlSeconds?: number;
  /** How long a failure (AccessDenied, throttling, timeout) is kept. @defaultValue 60 */
  readonly failureTtlSeconds?: number;
  /** Answers stored per TTL window, across all accounts. @defaultValue 10,000 */
  readonly maxEntries?: number;
  /** The longest an alert job waits for one AWS tag call. @defaultValue 2,000 */
  readonly timeoutMs?: number;
}

export const TAGS_CACHE_DEFAULTS = {
  ttlSeconds: 900,
  failureTtlSeconds: 60,
  maxEntries: 10_000,
  timeoutMs: 2_000,
} as const satisfies Required<TagsCacheSettings>;

/** The calls in flight in one process; one per runtime, passed in so tests and runtimes own theirs. */
export type InFlightTags = Map<string, Promise<CachedAnswer>>;

export function createInFlightTags(): InFlightTags {
  return new Map();
}

export interface CachedTagsPortDeps {
  readonly port: ResourceTagsPort;
  readonly redis: Redis;
  /** The configured Redis prefix (with its hash tag on Redis Cluster). */
  readonly prefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly logger: Logger;
  readonly inFlight: InFlightTags;
  readonly settings?: TagsCacheSettings;
}

/**
 * Thrown for a failure already logged when it happened (just now, or kept in the cache, or
 * shared by a call in flight): the resolver still falls back and says why, without logging it
 * again, so a storm of alerts about a resource AWS refuses logs once.
 */
export class TagsUnavailableError extends WatchkeeperError {
  readonly alreadyLogged = true;
  constructor(problem: string) {
    super(ErrorCode.AwsCallFailed, `tags could not be read: ${problem}`, { userMessage: problem });
  }
}

/** The tag call took longer than the alert job may wait. */
export class TagsTimeoutError extends WatchkeeperError {
  constructor(timeoutMs: number, what: string) {
    super(ErrorCode.AwsCallFailed, `reading the tags of ${what} took longer than ${timeoutMs} ms`);
  }
}

const answerSchema = z.union([
  z.object({ tags: z.record(z.string(), z.string()) }),
  z.object({ problem: z.string() }),
]);
export type CachedAnswer = z.infer<typeof answerSchema>;

/** The key of one question; hashed because ARNs from alerts can be long. */
export function tagsCacheKey(prefix: string, accountId: string, region: string, question: string): string {
  const digest = createHash('sha256').update(question).digest('hex').slice(0, 32);
  return `${prefix}:owner-tags:${accountId}:${region}:${digest}`;
}

/** The counter of answers stored in the current TTL window (one key; expires with the window). */
export function tagsCacheCountKey(prefix: string): string {
  return `${prefix}:owner-tags:stored`;
}

export function cachedTagsPort(deps: CachedTagsPortDeps): ResourceTagsPort {
  const settings = { ...TAGS_CACHE_DEFAULTS, ...deps.settings };
  const { port } = deps;

  async function ask(question: string, what: string, call: () => Promise<Tags>): Promise<Tags> {
    const key = tagsCacheKey(deps.prefix, deps.accountId, deps.region, question);
    const cached = await readCached(key);
    if (cached) return answerOf(cached);
    const pending = deps.inFlight.get(key);
    if (pending) return answerOf(await pending);
    const fresh = lookUp(key, what, call);
    deps.inFlight.set(key, fresh);
    try {
      return answerOf(await fresh);
    } finally {
      deps.inFlight.delete(key);
    }
  }

  function answerOf(answer: CachedAnswer): Tags {
    if ('tags' in answer) return answer.tags;
    throw new TagsUnavailableError(answer.problem);
  }

  async function lookUp(key: string, what: string, call: () => Promise<Tags>): Promise<CachedAnswer> {
    const running = call();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TagsTimeoutError(settings.timeoutMs, what)), settings.timeoutMs);
    });
    try {
      const tags = await Promise.race([running, timeout]);
      await store(key, { tags }, settings.ttlSeconds);
      return { tags };
    } catch (error) {
      if (error instanceof TagsTimeoutError) {
        // A late answer is still worth keeping for the alerts that follow.
        running.then((tags) => store(key, { tags }, settings.ttlSeconds)).catch(() => undefined);
      }
      const problem = toUserMessage(error);
      deps.logger.warn({ err: error, resource: what }, 'could not read tags for the card; using the alert');
      await store(key, { problem }, settings.failureTtlSeconds);
      return { problem };
    } finally {
      clearTimeout(timer);
    }
  }

  async function readCached(key: string): Promise<CachedAnswer | undefined> {
    try {
      const text = await deps.redis.get(key);
      if (text === null) return undefined;
      const parsed = answerSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      deps.logger.debug({ err: error }, 'tag cache unreadable; asking AWS');
      return undefined;
    }
  }

  async function store(key: string, answer: CachedAnswer, ttlSeconds: number): Promise<void> {
    try {
      const countKey = tagsCacheCountKey(deps.prefix);
      // The window starts with the first answer stored in it and ends with the TTL.
      await deps.redis.set(countKey, '0', 'EX', settings.ttlSeconds, 'NX');
      const stored = await deps.redis.incr(countKey);
      if (stored > settings.maxEntries) return;
      await deps.redis.set(key, JSON.stringify(answer), 'EX', ttlSeconds);
    } catch (error) {
      deps.logger.debug({ err: error }, 'tag cache unwritable; the answer is not kept');
    }
  }

  return {
    tagsForArn: (arn) => ask(`arn ${arn}`, arn, () => port.tagsForArn(arn)),
    tagsForPrincipal: (kind: TaggedPrincipalKind, name: string) =>
      ask(`principal ${kind} ${name}`, `${kind} ${name}`, () => port.tagsForPrincipal(kind, name)),
    // Listing by tag is /owner's question, never the card's: not cached.
    findByTag: (key, value) => port.findByTag(key, value),
    ...(port.tagsForResourceId
      ? {
          tagsForResourceId: async (id: string) => {
            const byId = port.tagsForResourceId;
            if (!byId) return undefined;
            return ask(`id ${id}`, id, async () => (await byId.call(port, id)) ?? {});
          },
        }
      : {}),
  };
}
