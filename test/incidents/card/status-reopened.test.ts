import { describe, expect, it } from 'vitest';
import { buildIncidentCard } from '../../../src/incidents/card/card.js';
import { reopenedLine, statusLine } from '../../../src/incidents/card/status.js';
import type { Incident } from '../../../src/incidents/incident.js';
import { makeIncident } from './incident-fixture.js';
import { messageProblems } from './limit-checker.js';

/** A reopened card says so first, plainly, instead of a count at the end of the status line. */
describe('the reopened line on the card', () => {
  const reopened: Incident = {
    ...makeIncident({ reopenedCount: 1, lastSeen: '2026-12-04T01:23:40.000Z' }),
    reopened: {
      seenAt: '2026-12-04T01:23:40.000Z',
      resolvedAt: '2026-12-04T01:22:30.000Z',
      resolvedBy: 'U0RILEY001',
    },
  };

  it('says what saw it again, when, and how long after whose resolution', () => {
    expect(reopenedLine(reopened)).toBe(
      '🔓 *Reopened*: GuardDuty saw this again at <!date^1796347420^{date_short_pretty} {time}|2026-12-04 01:23 UTC>, 1 minute after it was resolved by <@U0RILEY001>',
    );
  });

  it('opens the status line and replaces the "reopened N times" count', () => {
    const line = statusLine(reopened, undefined);
    expect(line.split('\n')[0]).toBe(reopenedLine(reopened));
    expect(line).not.toMatch(/reopened 1 time/);
    const card = buildIncidentCard(reopened, undefined);
    expect(JSON.stringify(card.blocks)).toContain('*Reopened*: GuardDuty saw this again');
    expect(messageProblems(card.blocks)).toEqual([]);
  });

  it('counts repeated reopenings', () => {
    expect(reopenedLine({ ...reopened, reopenedCount: 3 })).toMatch(/_\(reopened 3 times\)_$/);
  });

  it('still says when it was seen again without a note (stored by an older version)', () => {
    const old = makeIncident({ reopenedCount: 1, lastSeen: '2026-12-04T01:23:40.000Z' });
    expect(reopenedLine(old)).toBe(
      '🔓 *Reopened*: GuardDuty saw this again at <!date^1796347420^{date_short_pretty} {time}|2026-12-04 01:23 UTC>',
    );
  });

  it('is absent on incidents that never reopened and on resolved cards', () => {
    expect(reopenedLine(makeIncident())).toBeUndefined();
    expect(reopenedLine({ ...reopened, status: 'resolved' })).toBeUndefined();
  });
});
