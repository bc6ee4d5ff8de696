import { describe, expect, it } from 'vitest';
import { buildTimelineEntry } from '../../../src/incidents/card/timeline.js';
import { messageProblems } from './limit-checker.js';

/** The thread entries for escalations and reopenings, as a person reads them. */
describe('timeline entries for escalations', () => {
  const at = '2026-12-04T01:05:00.000Z';

  it('say whether the on-call group was paged, without mentioning it', () => {
    const paged = buildTimelineEntry({ event: { kind: 'escalated', level: 2, paged: 'on-call' }, at });
    expect(paged.text).toBe('📣 Escalated to level 2 · on-call group paged · 2026-12-04 01:05 UTC');
    expect(paged.text).not.toMatch(/<!subteam/);
    const nobody = buildTimelineEntry({ event: { kind: 'escalated', level: 1, paged: 'nobody' }, at });
    expect(nobody.text).toBe('📣 Escalated to level 1 · nobody paged · 2026-12-04 01:05 UTC');
    expect(nobody.text).not.toMatch(/configured/);
  });

  it('name the person who escalated by hand', () => {
    const entry = buildTimelineEntry({ event: { kind: 'escalated', level: 1 }, at, actorName: 'Rita' });
    expect(entry.text).toBe('📣 Escalated to level 1 by Rita · 2026-12-04 01:05 UTC');
  });
});

describe('timeline entries for reopenings', () => {
  const at = '2026-12-04T01:24:10.000Z';

  it('say what saw it again, when, and how long after whose resolution', () => {
    const entry = buildTimelineEntry({
      event: {
        kind: 'reopened',
        source: 'guardduty',
        seenAt: '2026-12-04T01:23:40.000Z',
        resolvedAt: '2026-12-04T01:22:30.000Z',
        resolverName: 'Riley',
      },
      at,
    });
    expect(entry.text).toBe(
      '🔓 *Reopened*: GuardDuty saw this again at 01:23 UTC, 1 minute after it was resolved by Riley',
    );
    expect(messageProblems(entry.blocks)).toEqual([]);
  });

  it('never mention the resolver, whatever their name holds', () => {
    const entry = buildTimelineEntry({
      event: {
        kind: 'reopened',
        source: 'cloudwatch-alarm',
        seenAt: '2026-12-04T03:00:00.000Z',
        resolvedAt: '2026-12-04T01:00:00.000Z',
        resolverName: '<@U0RILEY01> <!channel>',
      },
      at,
    });
    expect(entry.text).not.toMatch(/<[@!]/);
    expect(entry.text).toContain(
      'The CloudWatch alarm saw this again at 03:00 UTC, 2 hours after it was resolved',
    );
  });

  it('say a late delivery was reported after the resolution rather than a negative gap', () => {
    const entry = buildTimelineEntry({
      event: {
        kind: 'reopened',
        source: 'guardduty',
        seenAt: '2026-12-04T01:00:00.000Z',
        resolvedAt: '2026-12-04T01:10:00.000Z',
      },
      at,
    });
    expect(entry.text).toBe(
      '🔓 *Reopened*: GuardDuty reported this after it was resolved (it saw it at 01:00 UTC)',
    );
  });

  it('fall back to the entry time when nothing is known about the occurrence', () => {
    const entry = buildTimelineEntry({ event: { kind: 'reopened' }, at });
    expect(entry.text).toBe('🔓 *Reopened*: the alert fired again · 2026-12-04 01:24 UTC');
  });
});
