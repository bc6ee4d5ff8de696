import { describe, expect, it } from 'vitest';
import { occur, openIncident } from '../../src/incidents/apply-alert-rules.js';
import type { Incident } from '../../src/incidents/incident.js';
import { emptyMeta } from '../../src/incidents/occurrences.js';
import { reopenNoteOf } from '../../src/incidents/reopen-note.js';
import { guardDutyAlert } from './helpers/alerts.js';

/** A reopening remembers the resolution it undid, so the card can say who resolved it and when. */
describe('reopening an incident', () => {
  const first = guardDutyAlert({ lastSeen: '2026-12-04T01:00:00.000Z', revision: 'r1' });
  const opened = openIncident('INC-REOPEN1', first, new Date('2026-12-04T01:00:05Z'), { runbookId: 'none' });
  const resolved: Incident = {
    ...opened.incident,
    status: 'resolved',
    resolvedAt: '2026-12-04T01:22:30.000Z',
    resolvedBy: 'U0RILEY001',
    resolution: { summary: 'Blocked the IP', rootCause: 'malware' },
  };

  it('keeps when the source saw it again and who had resolved it, and when', () => {
    const again = guardDutyAlert({ lastSeen: '2026-12-04T01:23:40.000Z', revision: 'r2', count: 2 });
    const decision = occur(resolved, opened.meta, again);
    expect(decision.change).toBe('reopened');
    const incident = decision.incident!;
    expect(incident.status).toBe('triggered');
    expect(incident.resolvedBy).toBeUndefined();
    expect(reopenNoteOf(incident)).toEqual({
      seenAt: '2026-12-04T01:23:40.000Z',
      resolvedAt: '2026-12-04T01:22:30.000Z',
      resolvedBy: 'U0RILEY001',
    });
  });

  it('keeps the note through later occurrences while it stays open', () => {
    const again = guardDutyAlert({ lastSeen: '2026-12-04T01:23:40.000Z', revision: 'r2', count: 2 });
    const reopened = occur(resolved, opened.meta, again);
    if (reopened.change === 'unchanged') throw new Error('expected a reopening');
    const later = guardDutyAlert({ lastSeen: '2026-12-04T01:30:00.000Z', revision: 'r3', count: 3 });
    const updated = occur(reopened.incident, reopened.meta, later);
    expect(updated.change).toBe('updated');
    expect(reopenNoteOf(updated.incident!)?.resolvedBy).toBe('U0RILEY001');
  });

  it('reads no note from an incident that never reopened, or from an unreadable one', () => {
    expect(reopenNoteOf(opened.incident)).toBeUndefined();
    const garbled = { ...opened.incident, reopenedCount: 1, reopened: { seenAt: 42 } } as unknown as Incident;
    expect(reopenNoteOf(garbled)).toBeUndefined();
    expect(occur(opened.incident, emptyMeta(), first).change).toBe('updated');
  });
});
