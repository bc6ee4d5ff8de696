import { afterAll, describe, expect, it } from 'vitest';
import { createIncidentEngine } from '../../src/incidents/engine.js';
import { incidentsConfigSchema } from '../../src/platform/config/incidents.js';
import { testRedisClient, uniquePrefix } from '../support/redis.js';
import { guardDutyAlert } from './helpers/alerts.js';
import { DEFAULTS, T0 } from './helpers/engine.js';

describe('digest history retention', () => {
  const redis = testRedisClient();
  afterAll(() => redis.disconnect());

  it('keeps history records for the configured time, then drops them from the index', async () => {
    const prefix = `${uniquePrefix('ret')}:inc`;
    const week = 7 * 24 * 3_600_000;
    const engine = createIncidentEngine({
      redis,
      prefix,
      config: incidentsConfigSchema.parse({}),
      historyRetentionMs: 12 * week,
    });
    const { incident } = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    const ttl = await redis.pttl(`${prefix}:history:${incident?.id}`);
    expect(ttl).toBeGreaterThan(12 * week - 60_000);
    expect(ttl).toBeLessThanOrEqual(12 * week);
    expect(
      await engine.history({ from: new Date(T0.getTime() - 1), to: new Date(T0.getTime() + 1) }),
    ).toHaveLength(1);
    // A write 13 weeks later prunes the old entry from the index.
    await engine.applyAlert(
      guardDutyAlert({
        dedupeKey: 'another-finding',
        resource: { type: 'Instance', id: 'i-0other', tags: {} },
      }),
      new Date(T0.getTime() + 13 * week),
      DEFAULTS,
    );
    expect(
      await engine.history({ from: new Date(T0.getTime() - 1), to: new Date(T0.getTime() + 1) }),
    ).toHaveLength(0);
  });
});
