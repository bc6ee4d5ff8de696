import { Redis } from 'ioredis';
import { normalizeInput } from '../src/alerts/normalize.js';
import { buildDigest } from '../src/digest/runtime/build.js';
import { engineHistorySource } from '../src/digest/runtime/engine-source.js';
import { createIncidentEngine } from '../src/incidents/engine.js';
import { formatIncidentList } from '../src/incidents/listing.js';
import { acknowledge, resolve } from '../src/incidents/transitions.js';
import { createAuditLog } from '../src/platform/audit/audit.js';
import { loadConfig } from '../src/platform/config/load.js';
import { createLogger } from '../src/platform/log/logger.js';
import { round, type Scenario } from './lib/harness.js';
import { infoNumber } from './lib/redis-profile.js';
import { findingEvent } from './lib/rig.js';

/**
 * What a long history costs: 100,000 incidents written through the incident engine as the
 * worker writes them (opened from a normalized GuardDuty finding, acknowledged, resolved, each
 * change with its audit entry), spread over the 13 weeks the digest keeps; 1% are left open.
 * Figures: Redis memory per incident (history, indexes and audit included), this process's RSS
 * (it plays the worker), and how long `/incidents` and the digest take to build with that history.
 */
const INCIDENTS = 100_000;
const LEFT_OPEN_EVERY = 100;
const IN_FLIGHT = 64;
const SPAN_MS = 13 * 7 * 24 * 3_600_000;

async function usedMemory(redis: Redis): Promise<number> {
  return infoNumber(await redis.info('memory'), 'used_memory');
}

export async function runRetention(redisUrl: string): Promise<Record<string, number>> {
  const config = loadConfig({
    env: {
      REDIS_URL: redisUrl,
      WATCHKEEPER_QUEUE_PREFIX: 'benchretention',
      SLACK_BOT_TOKEN: 'xoxb-bench-retention',
      // Socket Mode, so no signing secret is asked for: nothing here talks to Slack.
      SLACK_APP_TOKEN: 'xapp-bench-retention',
    },
  });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const logger = createLogger({ level: 'silent' });
  const engine = createIncidentEngine({
    redis,
    prefix: `${config.redis.prefix}:inc`,
    config: config.incidents,
    historyRetentionMs: config.digest.retentionWeeks * 7 * 24 * 3_600_000,
  });
  const audit = createAuditLog({ redis, prefix: config.redis.prefix, logger });
  const end = Date.now();
  const start = end - SPAN_MS;
  try {
    const memoryBefore = await usedMemory(redis);
    const writeStarted = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < INCIDENTS) {
          const n = next++;
          const opened = new Date(start + Math.floor((n / INCIDENTS) * SPAN_MS));
          const result = normalizeInput(findingEvent(n, 1, String(100000000000 + (n % 20))), {
            now: () => opened,
          });
          if (result.status !== 'normalized') throw new Error(`bench finding ${n} did not normalize`);
          for (const alert of result.alerts) {
            const applied = await engine.applyAlert(alert, opened, { runbookId: 'guardduty-ec2-instance' });
            const id = applied.incident?.id;
            if (!id) throw new Error(`bench finding ${n} opened no incident`);
            await audit.record({ who: 'watchkeeper', action: 'alert.opened', incidentId: id, at: opened });
            if (n % LEFT_OPEN_EVERY === 0) continue;
            const acked = new Date(opened.getTime() + 4 * 60_000);
            await engine.transition(id, acknowledge({ userId: 'U0BENCHRSP', at: acked }), acked);
            await audit.record({ who: 'U0BENCHRSP', action: 'acknowledge', incidentId: id, at: acked });
            const resolved = new Date(opened.getTime() + 95 * 60_000);
            await engine.transition(
              id,
              resolve(
                { userId: 'U0BENCHRSP', at: resolved },
                { summary: 'Contained and rotated credentials', rootCause: 'compromised-credentials' },
              ),
              resolved,
            );
            await audit.record({ who: 'U0BENCHRSP', action: 'resolve', incidentId: id, at: resolved });
          }
        }
      }),
    );
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    const memoryAfter = await usedMemory(redis);

    const now = new Date(end);
    const listStarted = performance.now();
    const open = await engine.listOpen();
    formatIncidentList(open, now, new Map());
    const listMs = performance.now() - listStarted;

    const digestStarted = performance.now();
    const digest = await buildDigest({
      config,
      history: engineHistorySource(engine),
      now,
      scope: { timeZone: 'UTC', title: 'Bench digest' },
      detectionIds: [],
    });
    const digestMs = performance.now() - digestStarted;

    return {
      incidents: INCIDENTS,
      open_incidents: open.length,
      writes_per_s: round(INCIDENTS / writeSeconds),
      redis_bytes_per_incident: Math.round((memoryAfter - memoryBefore) / INCIDENTS),
      redis_used_mb: round(memoryAfter / 1048576),
      rss_mb: Math.round(process.memoryUsage.rss() / 1048576),
      incidents_list_ms: round(listMs),
      digest_build_ms: round(digestMs),
      digest_incidents_in_week: digest.figures.opened.total.current,
    };
  } finally {
    redis.disconnect();
  }
}

export const retention: Scenario = {
  name: 'retention',
  run: ({ redisUrl }) => runRetention(redisUrl),
};
