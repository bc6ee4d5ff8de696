import { describe, expect, it } from 'vitest';
import type { PostureSnapshot } from '../../src/aws/posture/port.js';
import { CIS_DETECTIONS } from '../../src/digest/cis-detections.js';
import { computeDigestFigures, type DigestFigures } from '../../src/digest/figures.js';
import { type Block, buildDigestBlocks } from '../../src/digest/message.js';
import { formatChange, formatMinutes } from '../../src/digest/message-format.js';
import { buildScorecard, type Scorecard } from '../../src/digest/scorecard.js';
import type { IncidentHistoryRecord, MuteRuleSummary } from '../../src/incidents/history.js';
import { escapeMrkdwn, truncate } from '../../src/slack/blocks/text.js';
import { record } from './builders.js';

const now = new Date('2025-03-10T09:00:00Z');
const long = (prefix: string, n: number) => `${prefix}<b>&${'x'.repeat(n)}`;
const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

function hugeVolume(): { figures: DigestFigures; scorecard: Scorecard } {
  const records: IncidentHistoryRecord[] = [];
  for (let i = 0; i < 10_000; i++) {
    const opened = new Date(now.getTime() - (i % (40 * 24)) * 3_600_000 - 60_000).toISOString();
    records.push(
      record(`INC-${long('', 60)}-${i}`, opened, {
        severityLabel: SEVERITIES[i % 4] ?? 'low',
        type: long(`type-${i % 700}-`, 3000),
        resourceKey: long(`res-${i % 900}-`, 2500),
        ...(i % 2 ? { owner: long('team <!channel> ', 500) } : {}),
        ...(i % 3 ? { ackAfter: i % 97 } : {}),
        ...(i % 5 ? { resolveAfter: 100 + (i % 301) } : {}),
      }),
    );
  }
  const muteRules: MuteRuleSummary[] = Array.from({ length: 500 }, (_, i) => ({
    id: long(`mute-${i}-`, 300),
    type: long('t', 1000),
    resource: long('r', 1000),
    expiresAt: new Date(now.getTime() + (i + 1) * 60_000).toISOString(),
  }));
  const figures = computeDigestFigures({ records, muteRules, now, timeZone: 'Europe/Berlin', topN: 50 });
  const bucket = (i: number) => ({
    name: long(`bucket-${i}-`, 60),
    defaultEncryption: false,
    publicAccessBlock: null,
  });
  const posture: PostureSnapshot = {
    accountId: '310987654322',
    regions: ['eu-central-1'],
    buckets: Array.from({ length: 3000 }, (_, i) => bucket(i)),
    accountPublicAccessBlock: null,
    kmsKeys: [],
    trails: [],
    guardDuty: [{ region: 'eu-central-1', enabled: false }],
  };
  const scorecard = buildScorecard({
    now,
    accessReviews: [],
    posture: [posture],
    detections: { wired: [], mode: long('alarm', 4000), catalogue: CIS_DETECTIONS },
    figures,
    mttaTargets: { critical: 15, high: 60, medium: 240, low: 1440 },
    ownership: {
      resources: { withOwner: 1, total: 10 },
      principals: { couldNotCheck: true, missingPermission: 'iam:ListRoles', reason: long('r', 5000) },
    },
  });
  return { figures, scorecard };
}

function assertWithinBlockKitLimits(blocks: Block[]): void {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) {
    const b = block as {
      type: string;
      text?: { text: string };
      fields?: { text: string }[];
      elements?: { text: string }[];
      alt_text?: string;
    };
    if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeGreaterThan(0);
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(10);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
    if (b.type === 'context') {
      expect(b.elements?.length).toBeLessThanOrEqual(10);
      for (const e of b.elements ?? []) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
  }
}

type TextBlock = {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text: string }[];
};
const texts = (blocks: Block[]) =>
  (blocks as TextBlock[]).flatMap((b) => [
    ...(b.text ? [b.text.text] : []),
    ...(b.fields ?? []).map((f) => f.text),
    ...(b.elements ?? []).map((e) => e.text),
  ]);
const sectionStarting = (blocks: Block[], start: string) =>
  (blocks as TextBlock[]).find((b) => b.type === 'section' && b.text?.text.startsWith(start))?.text?.text ??
  '';
const fieldStarting = (blocks: Block[], start: string) =>
  texts(blocks).find((t) => t.startsWith(start)) ?? '';

const line = (
  area: Scorecard[number]['area'],
  status: Scorecard[number]['status'],
  extra: Partial<Scorecard[number]> = {},
): Scorecard[number] => ({
  area,
  status,
  figure: `${area} figure; more detail.`,
  nextAction: `Fix ${area}.`,
  ...extra,
});
const mixedScorecard: Scorecard = [
  line('Identity and access', 'needs-attention'),
  line('Data protection', 'could-not-check', { missingPermission: 's3:GetEncryptionConfiguration' }),
  line('Logging and monitoring', 'at-risk', { summary: 'GuardDuty off in 1 of 2 regions' }),
  line('Incident response', 'good'),
  line('Documentation and ownership', 'at-risk'),
];
const allGood: Scorecard = mixedScorecard.map((l) => ({ ...l, status: 'good' as const }));

/** A week with repeats, a stale incident and an expiring mute; last week slower to acknowledge. */
function busyWeek(): DigestFigures {
  const day = (d: number, h = 10) => new Date(Date.UTC(2025, 2, d, h)).toISOString();
  return computeDigestFigures({
    records: [
      record('a1', day(9), {
        severityLabel: 'critical',
        type: 'Recon:EC2/PortProbe',
        ackAfter: 4,
        resolveAfter: 60,
      }),
      record('a2', day(8), {
        severityLabel: 'high',
        type: 'Recon:EC2/PortProbe',
        ackAfter: 10,
        resolveAfter: 120,
      }),
      record('a3', day(7), {
        severityLabel: 'high',
        type: 'cis-root-account-usage',
        resourceKey: 'IAMUser/root',
      }),
      record('b1', day(2), { severityLabel: 'medium', ackAfter: 30, resolveAfter: 300 }),
      record('b2', day(1), { severityLabel: 'low', ackAfter: 50 }),
      record('old', '2025-02-20T10:00:00Z', { severityLabel: 'high', owner: 'team-web' }),
    ],
    muteRules: [{ id: 'm1', type: 'Recon:EC2/PortProbe', resource: '*', expiresAt: day(12, 8) }],
    now,
    timeZone: 'UTC',
  });
}
const quietWeek = () => computeDigestFigures({ records: [], muteRules: [], now, timeZone: 'UTC' });

describe('digest message', () => {
  const { figures, scorecard } = hugeVolume();

  it('stays within Block Kit limits with 10,000 incidents and very long names', () => {
    const message = buildDigestBlocks(figures, scorecard, {
      title: long('Weekly security posture ', 400),
      scopeLabel: long('scope ', 5000),
    });
    assertWithinBlockKitLimits(message.blocks);
    // msg_blocks_too_long was seen near 13.2k characters in total
    const totalText =
      JSON.stringify(message.blocks)
        .match(/"text":"(?:[^"\\]|\\.)*"/g)
        ?.join('').length ?? 0;
    expect(totalText).toBeLessThanOrEqual(12_000);
    expect(message.blocks.length).toBeLessThanOrEqual(12);
    expect(message.text.length).toBeLessThanOrEqual(4000);
    expect(figures.opened.total.current).toBeGreaterThan(1000);
  });

  it('escapes untrusted text so names cannot inject formatting or mentions', () => {
    const json = JSON.stringify(
      buildDigestBlocks(figures, scorecard, { title: 't', scopeLabel: 's <!channel>' }),
    );
    expect(json).not.toContain('<b>');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;b&gt;&amp;');
  });

  it('caps each list at three lines and says how many were left off', () => {
    const { blocks } = buildDigestBlocks(figures, scorecard, { title: 't', scopeLabel: 's' });
    for (const heading of ['*Noisiest finding types*', '*Still open after 7 days*', '*Mute rules ending']) {
      const list = texts(blocks).find((t) => t.startsWith(heading)) ?? '';
      expect(list.split('\n')).toHaveLength(5);
      expect(list).toMatch(/…and \d+ more$/);
    }
  });

  it('opens with a header, then the scope and week', () => {
    const { blocks } = buildDigestBlocks(busyWeek(), mixedScorecard, {
      title: 'Weekly security digest',
      scopeLabel: '2 accounts: prod (111122223333), 444455556666',
    });
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Weekly security digest', emoji: true },
    });
    expect(texts([blocks[1] as Block])).toEqual([
      '2 accounts: prod (111122223333), 444455556666 · 2025-03-03 → 2025-03-10 (UTC)',
    ]);
  });

  it('shows the scorecard as five short lines with their status', () => {
    const { blocks } = buildDigestBlocks(busyWeek(), mixedScorecard, { title: 't', scopeLabel: 's' });
    expect(sectionStarting(blocks, '*Posture*').split('\n')).toEqual([
      '*Posture*',
      ':large_yellow_circle: *Identity and access* · Needs attention: Identity and access figure',
      ':white_circle: *Data protection* · Could not check: missing `s3:GetEncryptionConfiguration`',
      ':red_circle: *Logging and monitoring* · At risk: GuardDuty off in 1 of 2 regions',
      ':large_green_circle: *Incident response* · Good: Incident response figure',
      ':red_circle: *Documentation and ownership* · At risk: Documentation and ownership figure',
    ]);
  });

  it('lists at most three next steps, the areas at risk first', () => {
    const { blocks } = buildDigestBlocks(busyWeek(), mixedScorecard, { title: 't', scopeLabel: 's' });
    expect(sectionStarting(blocks, '*Next steps*')).toBe(
      '*Next steps*\n1. Fix Logging and monitoring.\n2. Fix Documentation and ownership.\n3. Fix Identity and access.',
    );
    const good = buildDigestBlocks(busyWeek(), allGood, { title: 't', scopeLabel: 's' });
    expect(sectionStarting(good.blocks, '*Next steps*')).toBe(
      '*Next steps*\nNothing needs doing this week: every area is good.',
    );
  });

  it('gives the week’s key numbers beside last week’s: opened by severity, MTTA and MTTR medians', () => {
    const { blocks } = buildDigestBlocks(busyWeek(), mixedScorecard, { title: 't', scopeLabel: 's' });
    expect(fieldStarting(blocks, '*Incidents opened*')).toBe('*Incidents opened*\n3 · last week 2');
    expect(fieldStarting(blocks, '*By severity*')).toBe(
      '*By severity*\n🔴 Critical 1 · last week 0\n🟠 High 2 · last week 0\n🟡 Medium 0 · last week 1\n🔵 Low 0 · last week 1',
    );
    expect(fieldStarting(blocks, '*MTTA (median)*')).toBe('*MTTA (median)*\n4m · last week 30m');
    expect(fieldStarting(blocks, '*MTTR (median)*')).toBe('*MTTR (median)*\n1h · last week 5h');
  });

  it('collapses empty sections to one line each', () => {
    const { blocks } = buildDigestBlocks(quietWeek(), allGood, { title: 't', scopeLabel: 's' });
    expect(fieldStarting(blocks, '*Incidents opened*')).toBe('*Incidents opened*\nNone this week or last');
    expect(fieldStarting(blocks, '*By severity*')).toBe('*By severity*\nNo incidents opened this week');
    expect(fieldStarting(blocks, '*MTTA (median)*')).toBe(
      '*MTTA (median)*\nNo incidents acknowledged this week',
    );
    expect(fieldStarting(blocks, '*MTTR (median)*')).toBe('*MTTR (median)*\nNo incidents resolved this week');
    const last = blocks[blocks.length - 1] as TextBlock;
    expect(last.type).toBe('context');
    expect(texts([last])).toEqual([
      'No finding type or resource came up more than once this week.\n' +
        'Nothing has been open longer than 7 days.\nNo mute rule expires in the next 7 days.',
    ]);
    expect(blocks).toHaveLength(7);
  });

  it('calls only repeats noisy: a list of 1× ties is not "noisiest"', () => {
    const { blocks } = buildDigestBlocks(busyWeek(), allGood, { title: 't', scopeLabel: 's' });
    expect(fieldStarting(blocks, '*Noisiest finding types*')).toBe(
      '*Noisiest finding types*\n2 × `Recon:EC2/PortProbe`',
    );
    expect(fieldStarting(blocks, '*Noisiest resources*')).toBe('*Noisiest resources*\n2 × `Instance/i-1`');
    const ties = computeDigestFigures({
      records: ['t1', 't2', 't3'].map((id, i) =>
        record(id, '2025-03-09T10:00:00Z', { type: `type-${i}`, resourceKey: `res-${i}` }),
      ),
      muteRules: [],
      now,
      timeZone: 'UTC',
    });
    const tied = buildDigestBlocks(ties, allGood, { title: 't', scopeLabel: 's' });
    expect(JSON.stringify(tied.blocks)).not.toContain('Noisiest');
    expect(JSON.stringify(tied.blocks)).toContain(
      'No finding type or resource came up more than once this week.',
    );
  });

  it('lists what is still open after a week and the mute rules about to end', () => {
    const { blocks } = buildDigestBlocks(busyWeek(), allGood, { title: 't', scopeLabel: 's' });
    expect(sectionStarting(blocks, '*Still open after 7 days*')).toBe(
      '*Still open after 7 days*\n🟠 `old` Recon:EC2/PortProbeUnprotectedPort · open 17d 23h · owner team-web\n' +
        '🔵 `b2` Recon:EC2/PortProbeUnprotectedPort · open 8d 23h · no owner',
    );
    expect(sectionStarting(blocks, '*Mute rules ending')).toBe(
      '*Mute rules ending in the next 7 days*\n`Recon:EC2/PortProbe` on `*` · ends Mar 12, 08:00 UTC',
    );
  });

  it('leaves the percentile method to the docs', () => {
    const json = JSON.stringify(buildDigestBlocks(busyWeek(), allGood, { title: 't', scopeLabel: 's' }));
    expect(json).not.toMatch(/nearest-rank|percentile/i);
  });

  it('has the chart attached to the message, its figures when it could not be drawn, a note in a preview', () => {
    const attached = buildDigestBlocks(busyWeek(), allGood, {
      title: 't',
      scopeLabel: 's',
      chart: 'attached',
    });
    expect(attached.blocks.some((b) => b.type === 'image')).toBe(false);
    expect(JSON.stringify(attached.blocks)).not.toMatch(/Last 4 weeks|chart/);

    const small = computeDigestFigures({
      records: [record('a', '2025-03-09T10:00:00Z', { severityLabel: 'critical', ackAfter: 12 })],
      muteRules: [],
      now,
      timeZone: 'UTC',
    });
    const unavailable = buildDigestBlocks(small, allGood, {
      title: 't',
      scopeLabel: 's',
      chart: 'unavailable',
    });
    expect(sectionStarting(unavailable.blocks, '*Last 4 weeks*')).toContain(
      'Mar 4–Mar 10: 1 opened (critical 1, high 0, medium 0, low 0); MTTA median 12m',
    );

    const preview = buildDigestBlocks(small, allGood, { title: 't', scopeLabel: 's', chart: 'preview' });
    expect(texts(preview.blocks).at(-1)).toBe(
      'The chart of the last 4 weeks (incidents per day, MTTA per week) comes with the posted digest.',
    );
  });

  it('gives notifications a one-line summary', () => {
    const { text } = buildDigestBlocks(busyWeek(), mixedScorecard, {
      title: 'Weekly digest',
      scopeLabel: '1 account: 111122223333',
    });
    expect(text).toBe(
      'Weekly digest (1 account: 111122223333): 3 incidents opened (last week 2), MTTA median 4m; ' +
        'at risk: Logging and monitoring, Documentation and ownership.',
    );
  });
});

describe('message formatting', () => {
  it('formats durations and changes compactly', () => {
    expect(formatMinutes(null)).toBe('—');
    expect(formatMinutes(0.4)).toBe('<1m');
    expect(formatMinutes(75)).toBe('1h 15m');
    expect(formatMinutes(2880)).toBe('2d');
    expect(formatChange({ current: 6, previous: 3, delta: 3, percentChange: 100 })).toBe(
      '6 (+3 vs 3, +100%)',
    );
    expect(formatChange({ current: 1, previous: 4, delta: -3, percentChange: -75 })).toBe(
      '1 (−3 vs 4, −75%)',
    );
    expect(formatChange({ current: 2, previous: 0, delta: 2, percentChange: null })).toBe('2 (+2 vs 0)');
  });

  it('never cuts an escaped entity in half', () => {
    const cut = truncate(escapeMrkdwn('ab&cd'), 5);
    expect(cut).toBe('ab…');
  });
});
