import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import { acceptInputs } from '../../src/alerts/intake/accept.js';
import type { GuardDutyFindingsPort } from '../../src/aws/guardduty/port.js';
import { JobName } from '../../src/platform/queue/names.js';
import { guardDutySyncWorkflow } from '../../workflows/guardduty-sync.js';
import { intakeAcceptDeps } from '../../workflows/intake.js';
import { alertsOf } from '../alerts/intake/helpers/alert-jobs.js';
import { type Harness, startHarness } from '../support/harness.js';

const findings = (
  JSON.parse(
    readFileSync(new URL('../fixtures/guardduty/get-findings-iam-and-s3.json', import.meta.url), 'utf8'),
  ) as { Findings: Array<Record<string, unknown>> }
).Findings;

/** A GuardDuty account seen through the port: one detector holding the fixture's findings. */
function fakePort(): GuardDutyFindingsPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async listDetectors() {
      calls.push('listDetectors');
      return ['d-test'];
    },
    async listFindingIds() {
      calls.push('listFindingIds');
      return { ids: findings.map((f) => String(f.Id)) };
    },
    async getFindings(_detector: string, ids: readonly string[]) {
      calls.push(`getFindings:${ids.length}`);
      return findings.filter((f) => ids.includes(String(f.Id))) as never;
    },
  } as never;
}

describe('GuardDuty sync in the running worker', () => {
  let h: Harness;
  const port = fakePort();
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wk-gd-'));
    const file = join(dir, 'watchkeeper.yaml');
    writeFileSync(file, 'aws:\n  accounts:\n    - id: "123456789012"\n      regions: [eu-west-1]\n');
    const catalog = await loadDetectionCatalog();
    h = await startHarness({
      role: 'all',
      commands: [],
      env: { WATCHKEEPER_CONFIG: file },
      workflows: [
        guardDutySyncWorkflow({
          enqueue: async (ctx, jobs) => {
            await acceptInputs(jobs, intakeAcceptDeps(ctx, catalog));
          },
          portFor: () => port,
        }),
      ],
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('has a job scheduler per configured account and region', async () => {
    const schedulers = await h.bot.ctx.queues.schedules.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['guardduty-sync.123456789012.eu-west-1']);
  });

  it('turns a poll into stored alerts, and a second poll of the same revisions stores nothing new', async () => {
    await h.bot.ctx.queues.schedules.add(
      JobName.GuardDutySync,
      { accountId: '123456789012', region: 'eu-west-1' },
      { jobId: 'poll-1' },
    );
    // Alerts stored on the queue, whether as single jobs or in batches.
    const count = async () =>
      (await h.bot.ctx.queues.alerts.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).reduce(
        (sum, job) => sum + alertsOf(job.data).length,
        0,
      );
    for (let i = 0; i < 100 && (await count()) < findings.length; i++) await sleep(50);
    expect(await count()).toBe(findings.length);
    await h.bot.ctx.queues.schedules.add(
      JobName.GuardDutySync,
      { accountId: '123456789012', region: 'eu-west-1' },
      { jobId: 'poll-2' },
    );
    for (let i = 0; i < 100 && port.calls.filter((c) => c === 'listDetectors').length < 2; i++)
      await sleep(50);
    await sleep(200);
    expect(await count()).toBe(findings.length);
  });
});
