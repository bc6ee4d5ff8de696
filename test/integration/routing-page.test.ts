import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';

const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as {
  detail: Record<string, unknown>;
};
const finding = (n: number, severity: number) => ({
  ...template,
  id: `evt-page-${n}`,
  detail: {
    ...template.detail,
    id: `pagetest${String(n).padStart(24, '0')}`,
    title: `paging test finding ${n}`,
    severity,
    resource: {
      resourceType: 'Instance',
      instanceDetails: { instanceId: `i-${(n + 12288).toString(16).padStart(17, '0')}` },
    },
  },
});

describe('routing rules that page a user group', () => {
  let h: Harness;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wk-page-')), 'watchkeeper.yaml');
    writeFileSync(
      file,
      `routing:\n  rules:\n    - match: { severity: [high, critical] }\n      channels: [${TEST_CHANNEL}]\n      mentionUserGroup: S0ONCALL01\n`,
    );
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_CONFIG: file, WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({ cardUpdateIntervalMs: 100 }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  function threadOfFinding(n: number): string[] {
    const card = h.slack.store
      .messagesIn(TEST_CHANNEL)
      .find((m) => JSON.stringify(m.blocks ?? []).includes(`paging test finding ${n}`));
    return card ? h.slack.store.threadOf(TEST_CHANNEL, card.ts).map((m) => m.text ?? '') : [];
  }

  it('mentions the group once in the card thread for a high incident, and not for a low one', async () => {
    for (const [n, severity] of [
      [1, 8],
      [2, 2],
    ] as const) {
      const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
        method: 'POST',
        body: JSON.stringify(finding(n, severity)),
        headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
      });
      expect(res.status).toBe(202);
    }
    const paged = () => threadOfFinding(1).filter((t) => t.includes('<!subteam^S0ONCALL01>'));
    for (let k = 0; k < 200 && paged().length === 0; k++) await sleep(50);
    // Both incidents' "opened" entries are in their threads by now; give any stray page time to land.
    for (let k = 0; k < 200 && threadOfFinding(2).length < 2; k++) await sleep(50);
    await sleep(500);
    expect(paged()).toHaveLength(1);
    expect(threadOfFinding(2).length).toBeGreaterThanOrEqual(2);
    expect(threadOfFinding(2).some((t) => t.includes('subteam'))).toBe(false);
  });
});
