import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDetectionCatalog } from '../../../src/alerts/detections/catalog-loader.js';
import { normalizeInput } from '../../../src/alerts/normalize.js';
import { SAMPLE_ACCOUNT_ID } from '../../../src/sandbox/sample-account/identity.js';
import {
  SampleSecurityHubPort,
  sampleSecurityEvents,
  sendSampleSecurityEvents,
} from '../../../src/sandbox/sample-account/security-hub.js';
import { intakeRoutes } from '../../../workflows/intake.js';
import { CANARY } from '../../support/config.js';
import { type Harness, startHarness } from '../../support/harness.js';

const NOW = new Date('2026-11-23T09:00:00Z');

describe('the sample account Security Hub and Config', () => {
  it('sends Inspector, Config and Access Analyzer findings and a Config change, all labelled SAMPLE', () => {
    const alerts = sampleSecurityEvents(NOW).flatMap((event) => {
      const result = normalizeInput(event, { now: () => NOW });
      if (result.status !== 'normalized') throw new Error(JSON.stringify(result));
      return [...result.alerts];
    });
    expect(alerts.map((a) => a.source)).toEqual(['securityhub', 'securityhub', 'securityhub', 'config']);
    expect(alerts.map((a) => a.type)).toEqual([
      'Software and Configuration Checks/Vulnerabilities/CVE',
      's3-bucket-logging-enabled',
      'Effects/Data Exposure/External Access Granted',
      'restricted-ssh',
    ]);
    for (const alert of alerts) {
      expect(alert.accountId).toBe(SAMPLE_ACCOUNT_ID);
      expect(`${alert.title}\n${alert.description}`).toMatch(/SAMPLE/);
    }
  });

  it('serves the same findings to the Security Hub sync, and none newer than asked', async () => {
    const port = new SampleSecurityHubPort({ now: () => NOW });
    const page = await port.getFindings(NOW.getTime() - 1000);
    expect(page.findings.map((f) => f.ProductArn.split('/').pop())).toEqual([
      'inspector',
      'config',
      'access-analyzer',
    ]);
    expect((await port.getFindings(NOW.getTime() + 1000)).findings).toEqual([]);
  });

  describe('posted to the EventBridge intake', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({
        role: 'web',
        commands: [],
        env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
        routes: intakeRoutes({ catalog: await loadDetectionCatalog() }),
      });
    });
    afterAll(async () => {
      await h.stop();
    });

    it('is accepted, every event', async () => {
      const statuses = await sendSampleSecurityEvents({
        url: h.bot.url,
        apiKey: CANARY.eventBridgeApiKey,
        now: () => NOW,
      });
      expect(statuses).toEqual([202, 202, 202, 202]);
    });
  });
});
