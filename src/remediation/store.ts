import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { InputError } from '../platform/errors.js';
import { zodProblems } from '../platform/zod-problems.js';
import { RequestStateError } from './errors.js';
import {
  ACTIVE_STATUSES,
  type PreviewRecord,
  previewRecordSchema,
  type RequestRecord,
  type RequestStatus,
  requestRecordSchema,
} from './request.js';

/**
 * Previews and requests in Redis. A request changes only through `transition`, one Lua script
 * that checks the status it expects (two Approve clicks: one wins; an approval after a rejection
 * or after expiry: refused). Request ids are `<subject>.<round>`: the subject is the incident,
 * action and resource; the round grows only when the previous request of that subject is over
 * (rejected, expired, failed, undone), so while one is active a second is refused, and job ids
 * built from the request id are the same for a double click or a retried job.
 */

const PREVIEW_TTL_S = 30 * 60;
const REQUEST_TTL_S = 90 * 24 * 3600;

export const remediationKeys = (prefix: string) => ({
  preview: (id: string) => `${prefix}:remediation:preview:${id}`,
  /** The subject's current round. */
  subject: (subjectKey: string) => `${prefix}:remediation:subject:${subjectKey}`,
  /** Every round's request of a subject: fields `<round>.status` and `<round>.record`. */
  requests: (subjectKey: string) => `${prefix}:remediation:requests:${subjectKey}`,
});

/** `<subject>.<round>` -> its parts; undefined for anything else (a forged button value). */
export function parseRequestId(requestId: string): { subjectKey: string; round: string } | undefined {
  const match = /^([^:]+)\.(\d{1,9})$/.exec(requestId);
  return match?.[1] && match[2] ? { subjectKey: match[1], round: match[2] } : undefined;
}

/**
 * Creates the next round's request unless the current one is active; returns [created, round].
 * Both keys are declared (KEYS), so it runs on Redis Cluster with a hash-tagged prefix.
 */
const CREATE = `
local round = tonumber(redis.call('GET', KEYS[1]) or '0')
if round > 0 then
  local status = redis.call('HGET', KEYS[2], round .. '.status')
  if status then
    for active in string.gmatch(ARGV[1], '[^,]+') do
      if active == status then return {0, round} end
    end
  end
end
round = round + 1
redis.call('SET', KEYS[1], round, 'EX', ARGV[4])
local record = string.gsub(ARGV[2], ARGV[5], tostring(round))
redis.call('HSET', KEYS[2], round .. '.status', ARGV[3], round .. '.record', record)
redis.call('EXPIRE', KEYS[2], ARGV[4])
return {1, round}
`;

/** Moves a request from one of the expected statuses to the next; returns [moved, status found]. */
const TRANSITION = `
local status = redis.call('HGET', KEYS[1], ARGV[1] .. '.status')
if not status then return {0, ''} end
for expected in string.gmatch(ARGV[2], '[^,]+') do
  if expected == status then
    redis.call('HSET', KEYS[1], ARGV[1] .. '.status', ARGV[3], ARGV[1] .. '.record', ARGV[4])
    return {1, status}
  end
end
return {0, status}
`;

/** Saves a record without changing its status, only while it still has that status. */
const SAVE = `
if redis.call('HGET', KEYS[1], ARGV[1] .. '.status') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1] .. '.record', ARGV[3])
return 1
`;

export interface RemediationStore {
  savePreview(preview: PreviewRecord): Promise<void>;
  getPreview(previewId: string): Promise<PreviewRecord | undefined>;
  /** Creates the request, or throws RequestStateError naming the one already active. */
  create(request: Omit<RequestRecord, 'requestId'>): Promise<RequestRecord>;
  get(requestId: string): Promise<RequestRecord | undefined>;
  /** Moves the request on, or throws RequestStateError saying what it is now. */
  transition(
    requestId: string,
    from: readonly RequestStatus[],
    to: RequestStatus,
    patch?: Partial<RequestRecord>,
  ): Promise<RequestRecord>;
  /** Keeps progress of a running request (what apply created so far). */
  save(record: RequestRecord): Promise<boolean>;
}

function parseRecord<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InputError(`Stored ${what} is not JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new InputError(`Stored ${what} is invalid`, zodProblems(parsed.error));
  return parsed.data;
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  '': 'no longer exists',
  'pending-approval': 'is waiting for a second approver',
  approved: 'is already approved and queued',
  running: 'is running',
  succeeded: 'has already been applied',
  failed: 'failed',
  rejected: 'was rejected',
  expired: 'expired',
  undoing: 'is being undone',
  undone: 'was undone',
  'undo-failed': 'could not be undone',
};

export function describeStatus(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

export function createRemediationStore(redis: Redis, prefix: string): RemediationStore {
  const keys = remediationKeys(prefix);
  const get = async (requestId: string) => {
    const id = parseRequestId(requestId);
    if (!id) return undefined;
    const text = await redis.hget(keys.requests(id.subjectKey), `${id.round}.record`);
    return text === null
      ? undefined
      : parseRecord(requestRecordSchema, text, `remediation request ${requestId}`);
  };
  return {
    async savePreview(preview) {
      await redis.set(keys.preview(preview.previewId), JSON.stringify(preview), 'EX', PREVIEW_TTL_S);
    },
    async getPreview(previewId) {
      const text = await redis.get(keys.preview(previewId));
      return text === null ? undefined : parseRecord(previewRecordSchema, text, 'remediation preview');
    },
    async create(request) {
      // The round is known only inside the script: a one-time placeholder no reason can contain.
      const placeholder = `ROUND${randomBytes(12).toString('hex')}`;
      const template = JSON.stringify({ ...request, requestId: `${request.subjectKey}.${placeholder}` });
      const [created, round] = (await redis.eval(
        CREATE,
        2,
        keys.subject(request.subjectKey),
        keys.requests(request.subjectKey),
        ACTIVE_STATUSES.join(','),
        template,
        request.status,
        REQUEST_TTL_S,
        placeholder,
      )) as [number, number];
      const requestId = `${request.subjectKey}.${round}`;
      const stored = await get(requestId);
      if (!created || !stored)
        throw new RequestStateError(
          `This containment ${describeStatus(stored?.status ?? '')} (request ${requestId}).`,
        );
      return stored;
    },
    get,
    async transition(requestId, from, to, patch = {}) {
      const id = parseRequestId(requestId);
      const current = await get(requestId);
      if (!id || !current) throw new RequestStateError(`Request ${requestId} ${describeStatus('')}.`);
      const next: RequestRecord = { ...current, ...patch, status: to };
      const [moved, found] = (await redis.eval(
        TRANSITION,
        1,
        keys.requests(id.subjectKey),
        id.round,
        from.join(','),
        to,
        JSON.stringify(next),
      )) as [number, string];
      if (!moved) throw new RequestStateError(`This containment ${describeStatus(found)}.`);
      return next;
    },
    async save(record) {
      const id = parseRequestId(record.requestId);
      if (!id) return false;
      const saved = await redis.eval(
        SAVE,
        1,
        keys.requests(id.subjectKey),
        id.round,
        record.status,
        JSON.stringify(record),
      );
      return saved === 1;
    },
  };
}
