import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../platform/json.js';
import { type IntakeJob, intakeJobSchema } from './intake-job.js';

/**
 * Inputs that fit no known shape, inputs a normalizer failed on, and accepted alerts the incident
 * worker failed on for good. They are kept whole (with the reason and the failing fields) so
 * nothing is dropped silently; an operator lists them and replays them after a fix with
 * `watchkeeper dead-letters list|replay`.
 */
export const deadLetterSchema = z.object({
  id: z.string(),
  at: z.string(),
  reason: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  job: intakeJobSchema,
  replays: z.number().int().min(0),
  /**
   * Set when the letter is a job that failed for good in a worker rather than an input intake
   * refused: `job.payload` is that job's data, and replay puts it back on this queue.
   */
  failedJob: z.object({ queue: z.literal('alerts'), jobId: z.string() }).optional(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export class DeadLetterStore {
  readonly #redis: Redis;
  readonly #index: string;
  readonly #data: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#index = `${prefix}:dead-letters:index`;
    this.#data = `${prefix}:dead-letters:data`;
  }

  async add(entry: {
    job: IntakeJob;
    reason: string;
    problems: ReadonlyArray<{ path: string; message: string }>;
    at: Date;
    failedJob?: NonNullable<DeadLetter['failedJob']>;
    /**
     * Names what failed, when it can fail again the same way (an alert of a batch job that is
     * retried whole): the same key keeps one letter, the newest, instead of one per attempt.
     */
    key?: string;
  }): Promise<DeadLetter> {
    // JSON.stringify recurses: a payload nested thousands of levels deep would overflow the
    // stack here and lose the letter, so such a payload is kept down to MAX_JSON_DEPTH levels.
    const tooDeep = exceedsJsonDepth(entry.job.payload);
    const problems = entry.problems.map((p) => ({ path: p.path, message: p.message }));
    if (tooDeep) problems.push({ path: '(root)', message: TOO_DEEP_PROBLEM });
    const letter: DeadLetter = {
      id:
        entry.key === undefined
          ? `dl-${entry.at.getTime().toString(36)}-${randomBytes(4).toString('hex')}`
          : `dl-k${createHash('sha256').update(entry.key).digest('hex').slice(0, 20)}`,
      at: entry.at.toISOString(),
      reason: entry.reason,
      problems,
      job: tooDeep ? { ...entry.job, payload: cutDeeperThan(entry.job.payload, MAX_JSON_DEPTH) } : entry.job,
      replays: 0,
      ...(entry.failedJob ? { failedJob: entry.failedJob } : {}),
    };
    await this.#redis
      .multi()
      .hset(this.#data, letter.id, JSON.stringify(letter))
      .zadd(this.#index, entry.at.getTime(), letter.id)
      .exec();
    return letter;
  }

  async list(limit = 100, offset = 0): Promise<{ total: number; letters: DeadLetter[] }> {
    const [total, ids] = await Promise.all([
      this.#redis.zcard(this.#index),
      this.#redis.zrange(this.#index, offset, offset + limit - 1),
    ]);
    if (ids.length === 0) return { total, letters: [] };
    const raw = await this.#redis.hmget(this.#data, ...ids);
    const letters = raw.flatMap((text) => {
      if (!text) return [];
      const parsed = deadLetterSchema.safeParse(JSON.parse(text));
      return parsed.success ? [parsed.data] : [];
    });
    return { total, letters };
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    const text = await this.#redis.hget(this.#data, id);
    if (!text) return undefined;
    return deadLetterSchema.parse(JSON.parse(text));
  }

  async remove(id: string): Promise<void> {
    await this.#redis.multi().hdel(this.#data, id).zrem(this.#index, id).exec();
  }

  /** Keeps a letter whose replay failed again, with the new reason. */
  async update(letter: DeadLetter): Promise<void> {
    await this.#redis.hset(this.#data, letter.id, JSON.stringify(letter));
  }
}

export const CUT_MARK = '[cut: nested too deeply]';
const TOO_DEEP_PROBLEM = `nested deeper than ${MAX_JSON_DEPTH} levels; deeper values were replaced by "${CUT_MARK}"`;

/**
 * A copy of a JSON value with every object or array below `maxDepth` levels replaced by
 * CUT_MARK. Recursion is bounded by `maxDepth`, so it cannot overflow. fromEntries defines own
 * properties, so a `__proto__` key stays data.
 */
export function cutDeeperThan(value: unknown, maxDepth: number, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxDepth) return CUT_MARK;
  if (Array.isArray(value)) return value.map((item: unknown) => cutDeeperThan(item, maxDepth, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, cutDeeperThan(inner, maxDepth, depth + 1)]),
  );
}
