import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueueKeys } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { guardDutyCursorKey } from '../../src/aws/guardduty/sync-cursor.js';
import { credentialReportKey } from '../../src/aws/iam/report-cache.js';
import { rateBudgetKey } from '../../src/aws/logs/rate-budget.js';
import { campaignKeys } from '../../src/iam/review/campaign/store.js';
import { incidentKeys } from '../../src/incidents/keys.js';
import { auditStreamKey } from '../../src/platform/audit/audit.js';
import { ALL_QUEUES } from '../../src/platform/queue/names.js';
import { hashTagOf } from '../../src/platform/redis.js';
import { remediationKeys } from '../../src/remediation/store.js';
import { outboxKeys } from '../../src/slack/outbox/keys.js';

/**
 * On Redis Cluster a Lua script, a MULTI/EXEC or a multi-key command runs only when all its keys
 * hash to one slot. Watchkeeper keeps every key under `<prefix>:` so a hash-tagged prefix puts
 * them all in one slot. This walks the key builders with such a prefix, and keeps an inventory of
 * every place that sends a script or multi-key command, so a new one cannot slip in unchecked.
 * (test/cluster/flows and access-review run them all against a real cluster as well.)
 */
const PREFIX = '{wk}';
const TAG = 'wk';
type Builder = string | ((...args: string[]) => string);
const built = (keys: Record<string, Builder>): string[] =>
  Object.values(keys).map((k) => (typeof k === 'function' ? k('id-1', 'id-2') : k));

describe('every key builder, given a hash-tagged prefix', () => {
  const groups: Record<string, string[]> = {
    // commit.ts: one script over the incident, meta, dedupe, group, open, history and mute keys (and the audit stream).
    'incident engine': built(incidentKeys(`${PREFIX}:inc`)),
    // producer.ts, process-message.ts, process-card.ts, token-bucket.ts, process-update.ts (MGET).
    outbox: built(outboxKeys(PREFIX)),
    // store.ts: compare-and-set scripts and the MULTI that writes a campaign with its items.
    'access-review campaigns': built(campaignKeys(PREFIX)),
    // store.ts: request scripts; CREATE builds `requestPrefix + round` inside Lua.
    remediation: built(remediationKeys(PREFIX)),
    'audit stream': [auditStreamKey(PREFIX)],
    'CloudWatch Logs rate budget': [
      rateBudgetKey(PREFIX, { accountId: '111122223333', region: 'eu-west-1' }),
    ],
    'credential report cache': [credentialReportKey(PREFIX, '111122223333')],
    'GuardDuty cursor': [`${PREFIX}:${guardDutyCursorKey('111122223333', 'eu-west-1', 'd-1')}`],
    // BullMQ's own scripts take a queue's keys together; all must share the tag.
    'BullMQ queues': ALL_QUEUES.flatMap((q) =>
      Object.values(new QueueKeys(PREFIX).getKeys(q)).filter(Boolean),
    ),
  };

  it.each(Object.entries(groups))('%s: every key is in the prefix’s slot', (_name, keys) => {
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.startsWith(`${PREFIX}:`), key).toBe(true);
      expect(hashTagOf(key), key).toBe(TAG);
    }
  });
});

/**
 * Each file that sends a script, MULTI, pipeline or multi-key command, and where its keys come
 * from. A new call site fails this test until it is added here with its keys' builder (and that
 * builder is walked above, or its keys are literally `${prefix}:…`).
 */
const REVIEWED_CALL_SITES: Record<string, string> = {
  'src/incidents/alert-read.ts':
    'EVALSHA (redisScript) over incidentKeys: mutes, dedupe and group declared; incident and meta keys built in Lua from ids under the prefix',
  'src/aws/guardduty/sync-cursor.ts': 'EVAL on one key: <prefix>:guardDutyCursorKey(...)',
  'src/aws/logs/cursor.ts': 'EVAL on one key: <prefix>:<cursor key>',
  'src/aws/logs/rate-budget.ts': 'EVAL on one key: rateBudgetKey',
  'src/alerts/intake/dead-letters.ts': 'MULTI on <prefix>:dead-letters:data and :index',
  'src/digest/runtime/post.ts': 'EVAL on one key: <prefix>:digest:<channel>:<week>',
  'src/iam/review/campaign/store.ts': 'EVAL on one key and MULTI: campaignKeys',
  'src/iam/review/report-store.ts': 'MULTI on <prefix>:access-review:report:<id> and :history',
  'src/incidents/commit.ts': 'EVALSHA (redisScript) over incidentKeys and, for an alert, auditStreamKey',
  'src/incidents/engine.ts': 'MGET over incidentKeys',
  'src/incidents/history-store.ts': 'MGET over incidentKeys.history',
  // CREATE also writes <requestPrefix><round>, a key it does not declare: allowed on a cluster
  // only because it shares the prefix's slot (see remediationKeys above).
  'src/remediation/store.ts': 'EVAL on one declared key: remediationKeys',
  'src/platform/redis/script.ts':
    'defineCommand: sends the scripts of the files that call redisScript (listed here), over their keys',
  'src/slack/outbox/process-card.ts':
    'EVALSHA (redisScript) and pipeline over outboxKeys wanted, queued and card',
  'src/slack/outbox/process-message.ts': 'EVAL on one key, pipeline and MULTI: outboxKeys',
  'src/slack/outbox/process-update.ts': 'MGET: outboxKeys.sent and sentChannel',
  'src/slack/outbox/producer.ts': 'EVALSHA (redisScript) on one or three keys: outboxKeys',
  'src/slack/outbox/token-bucket.ts': 'EVALSHA (redisScript) on one key: outboxKeys.bucket',
};
const MULTI_KEY_CALL =
  /\.(eval|evalsha|multi|pipeline|mget|mset|msetnx|defineCommand|sunionstore|sinterstore|zunionstore|zinterstore|rename|renamenx|smove|lmove|blmove|rpoplpush|copy)\(|\bredisScript\(/;

const root = fileURLToPath(new URL('../../', import.meta.url));
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('src', 'sandbox') ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the inventory of script and multi-key call sites', () => {
  const found = ['src', 'commands', 'workflows']
    .flatMap(sources)
    .filter((file) => MULTI_KEY_CALL.test(readFileSync(join(root, file), 'utf8')))
    .map((file) => relative('.', file).split('\\').join('/'));

  it('lists every file that sends one (the sandbox, which runs its own Redis, aside)', () => {
    const unreviewed = found.filter((f) => !(f in REVIEWED_CALL_SITES));
    expect(unreviewed, 'add these to REVIEWED_CALL_SITES after checking their keys share the prefix').toEqual(
      [],
    );
  });

  it('names no file that no longer sends one', () => {
    expect(Object.keys(REVIEWED_CALL_SITES).filter((f) => !found.includes(f))).toEqual([]);
  });

  it('finds every key those files write inline under the prefix', () => {
    // Keys written inline (dead letters, reports, digest claim, cursors) start with the prefix.
    let checked = 0;
    for (const file of found) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const literal of text.match(/`\$\{[^}]*prefix[^}]*\}[^`]*`/gi) ?? []) {
        expect(literal, `${file}: ${literal}`).toMatch(/^`\$\{[^}]*prefix[^}]*\}:/i);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
