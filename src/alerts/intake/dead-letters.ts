import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type IntakeJob, intakeJobSchema } from './intake-job.js';

/**
 * Inputs that fit no known shape. They are kept whole (with the reason and the failing fields)
 * so nothing is dropped silently; an operator lists them and replays them after a fix with
 * `watchkeeper dead-letters list|replay`.
 */
export const deadLetterSchema = z.object({
  id: z.string(),
  at: z.string(),
  reason: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })),
  job: intakeJobSchema,
  replays: z.number().int().min(0),
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
  }): Promise<DeadLetter> {
    const letter: DeadLetter = {
      id: `dl-${entry.at.getTime().toString(36)}-${randomBytes(4).toString('hex')}`,
      at: entry.at.toISOString(),
      reason: entry.reason,
      problems: entry.problems.map((p) => ({ path: p.path, message: p.message })),
      job: entry.job,
      replays: 0,
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
