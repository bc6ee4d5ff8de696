import { describe, expect, it } from 'vitest';
import type { GuardDutyFinding } from '../../../src/aws/guardduty/finding.js';
import { FINDING_TEMPLATES } from '../../../src/sandbox/sample-account/finding-templates.js';
import { SampleGuardDutyPort } from '../../../src/sandbox/sample-account/guardduty.js';
import { SAMPLE_DETECTOR_ID } from '../../../src/sandbox/sample-account/identity.js';

/**
 * The sandbox stream does not reopen what a user just resolved: a finding repeats only just after
 * it opens, then stays quiet. Only the one finding marked `recurs` comes back later, to
 * demonstrate reopening, and it says so.
 */
const STEP = 1_000;

async function everything(port: SampleGuardDutyPort): Promise<readonly GuardDutyFinding[]> {
  const { ids } = await port.listFindingIds(SAMPLE_DETECTOR_ID, {
    updatedSinceMs: 0,
    includeArchived: false,
  });
  return port.getFindings(SAMPLE_DETECTOR_ID, ids);
}

const recurring = new Set(FINDING_TEMPLATES.filter((t) => t.recurs).map((t) => t.type));

describe('the sample GuardDuty stream and reopening', () => {
  it('has exactly one recurring finding, whose description says it demonstrates reopening', () => {
    const recurs = FINDING_TEMPLATES.filter((t) => t.recurs);
    expect(recurs).toHaveLength(1);
    expect(recurs[0]?.description).toMatch(/show how a resolved incident reopens/);
  });

  for (const seed of [1, 7, 42]) {
    it(`repeats other findings only within their first steps (seed ${seed})`, async () => {
      let t = Date.parse('2026-12-04T01:00:00Z');
      const start = t;
      const port = new SampleGuardDutyPort({ now: () => new Date(t), stepMs: STEP, seed, activeSteps: 3 });
      t += 200 * STEP;
      const findings = await everything(port);
      const quiet = findings.filter((f) => !recurring.has(String(f.Type)));
      expect(quiet.length).toBeGreaterThan(10);
      for (const f of quiet) {
        const openedStep = (Date.parse(String(f.CreatedAt)) - start) / STEP;
        const lastStep = (Date.parse(String(f.UpdatedAt)) - start) / STEP;
        expect(lastStep - openedStep, String(f.Id)).toBeLessThanOrEqual(3);
      }
      // The recurring one does come back long after it opened.
      const late = findings.filter(
        (f) =>
          recurring.has(String(f.Type)) &&
          Date.parse(String(f.UpdatedAt)) - Date.parse(String(f.CreatedAt)) > 12 * STEP,
      );
      expect(late.length).toBeGreaterThan(0);
    });
  }
});
