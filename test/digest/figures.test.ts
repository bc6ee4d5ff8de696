import { describe, expect, it } from 'vitest';
import { computeDigestFigures } from '../../src/digest/figures.js';
import type { MuteRuleSummary } from '../../src/incidents/history.js';
import { InputError } from '../../src/platform/errors.js';
import { record } from './builders.js';

// now is Monday 09:00 UTC: this week is [03-03 09:00, 03-10 09:00), last week the 7 days before.
const now = new Date('2025-03-10T09:00:00Z');

const records = [
  // this week
  record('A', '2025-03-09T10:00:00Z', {
    severityLabel: 'critical',
    ackAfter: 5,
    resolveAfter: 60,
    escalations: 2,
  }),
  record('B', '2025-03-08T10:00:00Z', {
    severityLabel: 'high',
    ackAfter: 10,
    resolveAfter: 120,
    escalations: 1,
  }),
  record('C', '2025-03-07T10:00:00Z', {
    severityLabel: 'high',
    source: 'cloudtrail-detection',
    type: 'cis-root-account-usage',
    resourceKey: 'AccessKey/bot',
    ackAfter: 20,
    resolveAfter: 240,
  }),
  record('D', '2025-03-06T10:00:00Z', {
    source: 'cloudwatch-alarm',
    type: 'HighCpu',
    resourceKey: 'Alarm/cpu',
    ackAfter: 30,
  }),
  record('E', '2025-03-05T10:00:00Z', { severityLabel: 'low', hadSpecificRunbook: false }),
  record('F', '2025-03-10T08:00:00Z', {
    severityLabel: 'critical',
    type: 'Backdoor:EC2/C&CActivity.B',
    resourceKey: 'Instance/i-2',
    hadSpecificRunbook: false,
    owner: 'payments',
  }),
  // last week; G resolved and H acknowledged this week
  record('G', '2025-02-25T10:00:00Z', { ackAfter: 40, resolveAfter: 7 * 24 * 60 }),
  record('H', '2025-03-01T10:00:00Z', {
    severityLabel: 'low',
    source: 'cloudtrail-detection',
    ackAfter: 2 * 24 * 60,
    owner: 'platform',
  }),
  record('I', '2025-02-26T10:00:00Z', {
    severityLabel: 'high',
    ackAfter: 15,
    resolveAfter: 30,
    escalations: 1,
  }),
  // a month ago, still open
  record('J', '2025-02-10T10:00:00Z'),
  // in the future: ignored
  record('K', '2025-03-10T10:00:00Z', { severityLabel: 'critical' }),
];

const muteRules: MuteRuleSummary[] = [
  { id: 'm2', type: 't', resource: 'r', expiresAt: '2025-03-17T09:00:00Z' },
  { id: 'm1', type: 't', resource: 'r', expiresAt: '2025-03-11T00:00:00Z' },
  { id: 'm3', type: 't', resource: 'r', expiresAt: '2025-03-17T09:00:01Z' },
  { id: 'm4', type: 't', resource: 'r', expiresAt: '2025-03-09T00:00:00Z' },
  { id: 'm5', type: 't', resource: 'r' },
];

const figures = computeDigestFigures({ records, muteRules, now, timeZone: 'UTC', topN: 2 });

describe('digest figures', () => {
  it('counts incidents opened this week against last week, by severity and by source', () => {
    expect(figures.opened.total).toEqual({ current: 6, previous: 3, delta: 3, percentChange: 100 });
    expect(figures.opened.bySeverity.critical).toEqual({
      current: 2,
      previous: 0,
      delta: 2,
      percentChange: null,
    });
    expect(figures.opened.bySeverity.high).toEqual({ current: 2, previous: 1, delta: 1, percentChange: 100 });
    expect(figures.opened.bySeverity.medium).toEqual({ current: 1, previous: 1, delta: 0, percentChange: 0 });
    expect(figures.opened.bySeverity.low).toEqual({ current: 1, previous: 1, delta: 0, percentChange: 0 });
    expect(figures.opened.bySource.guardduty).toEqual({
      current: 4,
      previous: 2,
      delta: 2,
      percentChange: 100,
    });
    expect(figures.opened.bySource['cloudtrail-detection'].current).toBe(1);
    expect(figures.opened.bySource['cloudwatch-alarm']).toEqual({
      current: 1,
      previous: 0,
      delta: 1,
      percentChange: null,
    });
  });

  it('measures MTTA over acknowledgements made this week, with nearest-rank median and p90', () => {
    // acks this week: A 5, B 10, C 20, D 30, H 2880 minutes → rank ceil(2.5)=3 and ceil(4.5)=5
    expect(figures.mtta.overall).toEqual({ count: 5, medianMinutes: 20, p90Minutes: 2880 });
    expect(figures.mtta.bySeverity.critical).toEqual({ count: 1, medianMinutes: 5, p90Minutes: 5 });
    // an even count takes the lower middle value
    expect(figures.mtta.bySeverity.high).toEqual({ count: 2, medianMinutes: 10, p90Minutes: 20 });
    expect(figures.mtta.bySeverity.low).toEqual({ count: 1, medianMinutes: 2880, p90Minutes: 2880 });
  });

  it('measures MTTR over resolutions made this week, including incidents opened last week', () => {
    // resolved this week: A 60, B 120, C 240, G 10080
    expect(figures.mttr.overall).toEqual({ count: 4, medianMinutes: 120, p90Minutes: 10080 });
    expect(figures.mttr.bySeverity.medium).toEqual({ count: 1, medianMinutes: 10080, p90Minutes: 10080 });
    expect(figures.mttr.bySeverity.low).toEqual({ count: 0, medianMinutes: null, p90Minutes: null });
  });

  it('gives last week’s MTTA and MTTR medians over the same kind of window, for the change', () => {
    const lastWeek = computeDigestFigures({
      records: [
        record('P1', '2025-02-28T10:00:00Z', { ackAfter: 30, resolveAfter: 240 }),
        record('P2', '2025-03-01T10:00:00Z', { ackAfter: 50 }),
        record('T1', '2025-03-09T10:00:00Z', { ackAfter: 5, resolveAfter: 60 }),
      ],
      muteRules: [],
      now,
      timeZone: 'UTC',
    });
    expect(lastWeek.mtta.overall).toEqual({ count: 1, medianMinutes: 5, p90Minutes: 5 });
    expect(lastWeek.mtta.previous).toEqual({ count: 2, medianMinutes: 30, p90Minutes: 50 });
    expect(lastWeek.mttr.previous).toEqual({ count: 1, medianMinutes: 240, p90Minutes: 240 });
  });

  it('sums escalations and counts runbook coverage of this week’s incidents', () => {
    expect(figures.escalations).toEqual({ current: 3, previous: 1, delta: 2, percentChange: 200 });
    expect(figures.runbooks).toEqual({ withSpecific: 4, total: 6 });
  });

  it('ranks the noisiest types and resources, ties by name, and says how many were left off', () => {
    expect(figures.noisiestTypes).toEqual({
      items: [
        { key: 'Recon:EC2/PortProbeUnprotectedPort', count: 3 },
        { key: 'Backdoor:EC2/C&CActivity.B', count: 1 },
      ],
      more: 2,
    });
    expect(figures.noisiestResources.items[0]).toEqual({ key: 'Instance/i-1', count: 3 });
    expect(figures.noisiestResources.more).toBe(2);
  });

  it('lists incidents open for more than 7 days oldest first, with owners, and waiting criticals', () => {
    expect(figures.staleOpen.map((i) => [i.incidentId, i.owner, i.ageMinutes])).toEqual([
      ['J', undefined, 27 * 24 * 60 + 23 * 60],
      ['H', 'platform', 8 * 24 * 60 + 23 * 60],
    ]);
    expect(figures.unacknowledgedCriticals).toEqual([
      {
        incidentId: 'F',
        severityLabel: 'critical',
        type: 'Backdoor:EC2/C&CActivity.B',
        resourceKey: 'Instance/i-2',
        owner: 'payments',
        openedAt: '2025-03-10T08:00:00Z',
        ageMinutes: 60,
      },
    ]);
  });

  it('lists mute rules expiring within the next 7 days, soonest first, boundary included', () => {
    expect(figures.expiringMutes.map((m) => m.id)).toEqual(['m1', 'm2']);
  });

  it('counts the last 28 local days by severity, oldest first', () => {
    expect(figures.daily).toHaveLength(28);
    expect(figures.daily[0]?.date).toBe('2025-02-11');
    expect(figures.daily[27]).toEqual({
      date: '2025-03-10',
      counts: { low: 0, medium: 0, high: 0, critical: 1 },
    });
    expect(figures.daily.find((d) => d.date === '2025-03-07')?.counts.high).toBe(1);
    const total = figures.daily.reduce(
      (sum, d) => sum + d.counts.low + d.counts.medium + d.counts.high + d.counts.critical,
      0,
    );
    expect(total).toBe(9); // everything but J (before the 28 days) and K (in the future)
  });

  it('gives the MTTA of each of the last 4 rolling weeks', () => {
    expect(figures.weeklyMtta.map((w) => w.weekStart)).toEqual([
      '2025-02-10',
      '2025-02-17',
      '2025-02-24',
      '2025-03-03',
    ]);
    expect(figures.weeklyMtta.map((w) => w.mtta.medianMinutes)).toEqual([null, null, 15, 20]);
    expect(figures.weeklyMtta[2]?.mtta).toEqual({ count: 2, medianMinutes: 15, p90Minutes: 40 });
  });

  it('puts an incident on its local day in the configured time zone', () => {
    const late = [record('Z', '2025-03-09T23:30:00Z')];
    const utc = computeDigestFigures({ records: late, muteRules: [], now, timeZone: 'UTC' });
    const berlin = computeDigestFigures({ records: late, muteRules: [], now, timeZone: 'Europe/Berlin' });
    expect(utc.daily.find((d) => d.date === '2025-03-09')?.counts.medium).toBe(1);
    expect(berlin.daily.find((d) => d.date === '2025-03-10')?.counts.medium).toBe(1);
    expect(berlin.daily.find((d) => d.date === '2025-03-09')?.counts.medium).toBe(0);
  });

  it('is deterministic: the same input gives the same figures whatever the record order', () => {
    const shuffled = [...records].reverse();
    expect(
      computeDigestFigures({
        records: shuffled,
        muteRules: [...muteRules].reverse(),
        now,
        timeZone: 'UTC',
        topN: 2,
      }),
    ).toEqual(figures);
  });

  it('never reports a negative response time when clocks disagree', () => {
    const skewed = [record('S', '2025-03-09T10:00:00Z', { ackAfter: -3, resolveAfter: -1 })];
    const f = computeDigestFigures({ records: skewed, muteRules: [], now, timeZone: 'UTC' });
    expect(f.mtta.overall.medianMinutes).toBe(0);
    expect(f.mttr.overall.medianMinutes).toBe(0);
  });

  it('rejects a time zone that does not exist, naming the field', () => {
    expect(() => computeDigestFigures({ records, muteRules, now, timeZone: 'Mars/Olympus' })).toThrow(
      InputError,
    );
    expect(() => computeDigestFigures({ records, muteRules, now, timeZone: 'Mars/Olympus' })).toThrow(
      /timeZone/,
    );
  });
});
