import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { JobName, jobId } from '../../platform/queue/names.js';
import type { Queues } from '../../platform/queue/queues.js';
import { redisScript } from '../../platform/redis/script.js';
import type { CardJob, MessageJob, MessageUpdateJob } from './jobs.js';
import { outboxKeys } from './keys.js';
import type { Outbox } from './outbox.js';

const WANTED_TTL_S = 30 * 24 * 3600;

/**
 * Raises the version wanted only upward (the newest asked for wins), then claims the right to
 * queue the incident's card job: 0 when a job is already queued
 * or running (it will serve the newest version), else a new claim number for the job's id. One
 * script, so a request can never slip between a job's last look at `wanted` and its settling
 * (see SETTLE in process-card.ts) and be left unserved.
 */
const RAISE_AND_CLAIM = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
if not redis.call('SET', KEYS[2], '1', 'PX', ARGV[3], 'NX') then return 0 end
local claim = redis.call('INCR', KEYS[3])
redis.call('EXPIRE', KEYS[3], ARGV[2])
return claim
`;
// Batched: the card requests of the alerts a worker applies at once go in one command.
const RAISE_AND_CLAIM_SCRIPT = redisScript('outboxRaiseAndClaim', 3, RAISE_AND_CLAIM, { batched: true });
/** Longer than any wait between a card job's runs; each run refreshes it (CARD_QUEUED_TTL_MS). */
export const CARD_QUEUED_TTL_MS = 2 * 60_000;

/** The next place in an incident's thread, assigned once per idempotency key (a retried request keeps its place). */
const PLACE = `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return tonumber(existing) end
local seq = redis.call('HLEN', KEYS[1]) + 1
redis.call('HSET', KEYS[1], ARGV[1], seq)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return seq
`;
const PLACE_SCRIPT = redisScript('outboxPlace', 1, PLACE);

/** Stores the newest content of a posted message with the next version number, atomically. */
const STORE_CONTENT = `
local stored = redis.call('GET', KEYS[1])
local version = 1
if stored then version = cjson.decode(stored).version + 1 end
local content = cjson.decode(ARGV[1])
content.version = version
redis.call('SET', KEYS[1], cjson.encode(content), 'EX', ARGV[2])
return version
`;
const STORE_CONTENT_SCRIPT = redisScript('outboxStoreContent', 1, STORE_CONTENT);

export const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export interface OutboxProducerOptions {
  readonly queues: Queues;
  readonly redis: Redis;
  readonly prefix: string;
}

/**
 * The producer side of the outbox, usable from any role: it only records what should be true in
 * Slack and queues the work. A card has at most one job queued at a time (RAISE_AND_CLAIM), so a
 * storm of changes costs one job per update interval, not one per version; a message's job id is
 * its idempotency key, so a repeated request is a no-op while its job exists.
 */
export function createOutbox(options: OutboxProducerOptions): Outbox {
  const keys = outboxKeys(options.prefix);
  const queue = options.queues['slack-outbox'];
  return {
    async requestCardSync(request) {
      const id = request.incidentId;
      const claim = Number(
        await RAISE_AND_CLAIM_SCRIPT.run(
          options.redis,
          [keys.wanted(id), keys.queued(id), keys.claims(id)],
          [request.version, WANTED_TTL_S, CARD_QUEUED_TTL_MS],
        ),
      );
      // A job is queued or running: it draws the state current when it sends, this one included.
      if (claim === 0) return;
      const data: CardJob = { incidentId: id, channel: request.channel, version: request.version };
      try {
        await queue.add(JobName.SlackPostCard, data, {
          jobId: jobId('card', id, request.version, claim),
          // Its id is unique by its claim number, so a completed card job deduplicates nothing:
          // dropped at once, it costs Redis neither the 24 hours of keeping nor the trimming.
          removeOnComplete: true,
        });
      } catch (error) {
        // No job was queued: give the claim back so the caller's retry (or the next change) queues one.
        await options.redis.del(keys.queued(id)).catch(() => undefined);
        throw error;
      }
    },
    async postMessage(message) {
      const seq = message.threadOfIncident
        ? Number(
            await PLACE_SCRIPT.run(
              options.redis,
              [keys.threadSeq(message.threadOfIncident)],
              [message.idempotencyKey, WANTED_TTL_S],
            ),
          )
        : undefined;
      const data: MessageJob = {
        ...(seq ? { seq } : {}),
        idempotencyKey: message.idempotencyKey,
        channel: message.channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(message.threadOfIncident ? { threadOfIncident: message.threadOfIncident } : {}),
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
        ...(message.unfurl !== undefined ? { unfurl: message.unfurl } : {}),
      };
      await queue.add(JobName.SlackPostMessage, data, {
        jobId: jobId('msg', digest(message.idempotencyKey)),
      });
    },
    async postEphemeral(message) {
      await queue.add(JobName.SlackPostEphemeral, message);
    },
    async updateMessage(update) {
      const keyDigest = digest(update.postedKey);
      const content = JSON.stringify({
        text: update.text,
        ...(update.blocks ? { blocks: update.blocks } : {}),
      });
      const version = Number(
        await STORE_CONTENT_SCRIPT.run(
          options.redis,
          [keys.messageContent(keyDigest)],
          [content, WANTED_TTL_S],
        ),
      );
      const data: MessageUpdateJob = { postedKey: update.postedKey, channel: update.channel, version };
      await queue.add(JobName.SlackUpdateMessage, data, { jobId: jobId('msgupd', keyDigest, version) });
    },
    async uploadFile(file) {
      await queue.add(
        JobName.SlackUploadFile,
        {
          idempotencyKey: file.idempotencyKey,
          channel: file.channel,
          filename: file.filename,
          title: file.title,
          contentBase64: file.content.toString('base64'),
          ...(file.initialComment ? { initialComment: file.initialComment } : {}),
          ...(file.blocks ? { blocks: file.blocks } : {}),
          ...(file.threadTs ? { threadTs: file.threadTs } : {}),
        },
        { jobId: jobId('file', digest(file.idempotencyKey)) },
      );
    },
  };
}

/** The ts of a message posted with `postMessage` under `idempotencyKey`, once it is posted. */
export async function postedMessageTs(
  redis: Redis,
  prefix: string,
  idempotencyKey: string,
): Promise<string | undefined> {
  return (await redis.get(outboxKeys(prefix).sent(idempotencyKey))) ?? undefined;
}

/** Where an incident's card is in Slack, once posted. */
export async function cardRef(
  redis: Redis,
  prefix: string,
  incidentId: string,
): Promise<{ channel: string; ts: string } | undefined> {
  const [channel, ts] = await redis.hmget(outboxKeys(prefix).card(incidentId), 'channel', 'ts');
  return channel && ts ? { channel, ts } : undefined;
}
