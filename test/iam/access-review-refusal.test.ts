import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { IamInventoryPort, RawIamInventory } from '../../src/aws/iam/port.js';
import { reviewHistory } from '../../src/iam/review/report-store.js';
import type { AppContext } from '../../src/platform/context.js';
import { createOutbox } from '../../src/slack/outbox/index.js';
import { commandTasksWorkflow } from '../../workflows/command-tasks.js';
import { outboxWorkflow } from '../../workflows/outbox.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * Issue 16 item 4: `/access-review` refuses what `watchkeeper audit` refuses — an inventory with
 * no principals, or something that is not authorization details — with the reason in the status
 * message, and keeps no report or headline (a perfect score for nothing would be a false all-clear).
 */

const CONFIG_FILE = fileURLToPath(new URL('../fixtures/access-review/config.yaml', import.meta.url));

async function eventually<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const portOf = (raw: RawIamInventory): IamInventoryPort => ({ collect: async () => raw });

describe('/access-review on an inventory that cannot be reviewed', () => {
  let h: Harness;
  let port: IamInventoryPort;
  beforeAll(async () => {
    h = await startHarness({
      commands: COMMANDS,
      env: { WATCHKEEPER_CONFIG: CONFIG_FILE },
      compose: async () => (ctx: AppContext) => {
        const outbox = createOutbox({
          queues: ctx.queues,
          redis: ctx.redis,
          prefix: ctx.config.redis.prefix,
        });
        return {
          workflows: [
            commandTasksWorkflow({ accessReview: { iamPortFor: () => port, outbox, progressIntervalMs: 0 } }),
            outboxWorkflow({ renderCard: async () => undefined, cardUpdateIntervalMs: 100 }),
          ],
        };
      },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  const failureFor = async (raw: RawIamInventory, pattern: RegExp) => {
    port = portOf(raw);
    const before = h.slack.store.messagesIn(TEST_CHANNEL).length;
    await h.slack.sender.sendSlashCommand({
      command: '/access-review',
      text: 'sandbox',
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
    });
    const status = await eventually(
      () =>
        h.slack.store
          .messagesIn(TEST_CHANNEL)
          .slice(before)
          .find((m) => m.text?.includes('access review of sandbox')),
      'the status message',
    );
    return eventually(() => {
      const text = h.slack.store.findMessage(TEST_CHANNEL, status.ts)?.text ?? '';
      return pattern.test(text) ? text : undefined;
    }, `a status message matching ${pattern}`);
  };

  it('refuses authorization details with no users or roles, and keeps no headline', async () => {
    const text = await failureFor(
      {
        collectedAt: '2026-11-20T12:00:00Z',
        authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] },
      },
      /failed/,
    );
    expect(text).toMatch(/:x: IAM access review of .* failed: .*hold no IAM users or roles/);
    expect(await reviewHistory(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix)).toEqual([]);
  });

  it('refuses a document that is not authorization details, naming what was expected', async () => {
    const text = await failureFor(
      { collectedAt: '2026-11-20T12:00:00Z', authorizationDetails: { Findings: [] } },
      /failed/,
    );
    expect(text).toMatch(/is not an authorization-details document/);
    expect(text).toMatch(/UserDetailList, GroupDetailList, RoleDetailList, Policies/);
  });
});
