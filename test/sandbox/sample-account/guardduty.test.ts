import { describe, expect, it } from 'vitest';
import { normalize } from '../../../src/alerts/normalize.js';
import { loadRunbooks } from '../../../src/incidents/runbooks/loader.js';
import { selectRunbook } from '../../../src/incidents/runbooks/matcher.js';
import { FINDING_TEMPLATES } from '../../../src/sandbox/sample-account/finding-templates.js';
import { SampleGuardDutyPort } from '../../../src/sandbox/sample-account/guardduty.js';
import { SAMPLE_DETECTOR_ID } from '../../../src/sandbox/sample-account/identity.js';

function clock(start = Date.parse('2026-11-23T09:00:00Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

async function all(port: SampleGuardDutyPort, since = 0) {
  const { ids } = await port.listFindingIds(SAMPLE_DETECTOR_ID, {
    updatedSinceMs: since,
    includeArchived: false,
  });
  return port.getFindings(SAMPLE_DETECTOR_ID, ids);
}

describe('the sample account GuardDuty', () => {
  it('starts with findings and grows over time with new findings and repeated occurrences', async () => {
    const c = clock();
    const port = new SampleGuardDutyPort({ now: c.now, stepMs: 1000 });
    const first = await all(port);
    expect(first.length).toBe(3);
    c.advance(60_000);
    const later = await all(port);
    expect(later.length).toBeGreaterThan(3);
    const counts = later.map((f) => (f.Service as { Count: number }).Count);
    expect(Math.max(...counts)).toBeGreaterThan(1);
  });

  it('is the same stream for the same seed and clock', async () => {
    const a = clock();
    const b = clock();
    const pa = new SampleGuardDutyPort({ now: a.now, stepMs: 1000, seed: 3 });
    const pb = new SampleGuardDutyPort({ now: b.now, stepMs: 1000, seed: 3 });
    a.advance(30_000);
    b.advance(30_000);
    expect(await all(pa)).toEqual(await all(pb));
  });

  it('only lists findings updated since the cursor', async () => {
    const c = clock();
    const port = new SampleGuardDutyPort({ now: c.now, stepMs: 1000 });
    await all(port);
    c.advance(10_000);
    const recent = await all(port, c.now().getTime() - 2_000);
    for (const f of recent)
      expect(Date.parse(String(f.UpdatedAt))).toBeGreaterThanOrEqual(c.now().getTime() - 2_000);
  });

  it('serves findings every normalizer accepts, labelled SAMPLE, each with a specific runbook', async () => {
    const runbooks = await loadRunbooks();
    const c = clock();
    const port = new SampleGuardDutyPort({ now: c.now });
    expect(FINDING_TEMPLATES.length).toBeGreaterThanOrEqual(8);
    c.advance(3_600_000);
    for (const finding of await all(port)) {
      const result = normalize(
        {
          kind: 'guardduty-sdk-finding',
          receivedAt: c.now().toISOString(),
          origin: 'sample',
          payload: finding,
        },
        { now: c.now },
      );
      expect(result.status, JSON.stringify(result)).toBe('normalized');
      if (result.status !== 'normalized') continue;
      const alert = result.alerts[0];
      // Marked once, on the card (config sampleData), and in the description for every other surface.
      expect(alert?.description).toContain('SAMPLE DATA');
      const runbook = alert && selectRunbook(runbooks, alert);
      expect(runbook?.id, alert?.type).not.toMatch(/generic/);
    }
  });
});
