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

describe('digest message', () => {
  const { figures, scorecard } = hugeVolume();

  it('stays within Block Kit limits with 10,000 incidents and very long names', () => {
    const message = buildDigestBlocks(figures, scorecard, {
      title: long('Weekly security posture ', 400),
      scopeLabel: long('scope ', 5000),
      chartFileId: 'F0CHART123',
    });
    assertWithinBlockKitLimits(message.blocks);
    // msg_blocks_too_long was seen near 13.2k characters in total
    const totalText =
      JSON.stringify(message.blocks)
        .match(/"text":"(?:[^"\\]|\\.)*"/g)
        ?.join('').length ?? 0;
    expect(totalText).toBeGreaterThan(5_000);
    expect(totalText).toBeLessThanOrEqual(12_000);
    expect(message.text.length).toBeLessThanOrEqual(4000);
    expect(figures.opened.total.current).toBeGreaterThan(1000);
  });

  it('escapes untrusted text so names cannot inject formatting or mentions', () => {
    const json = JSON.stringify(
      buildDigestBlocks(figures, scorecard, { title: 't', scopeLabel: 's' }).blocks,
    );
    expect(json).not.toContain('<b>');
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;b&gt;&amp;');
  });

  it('caps long lists and says how many were left off', () => {
    const { blocks } = buildDigestBlocks(figures, scorecard, { title: 't', scopeLabel: 's' });
    const texts = blocks.map((b) => (b as { text?: { text: string } }).text?.text ?? '');
    expect(texts.find((t) => t.startsWith('*Noisiest finding types*'))).toMatch(/…and \d+ more$/);
    expect(texts.find((t) => t.startsWith('*Still open after 7 days*'))).toMatch(/…and \d+ more$/);
    expect(texts.find((t) => t.startsWith('*Mute rules expiring'))).toMatch(/…and \d+ more$/);
  });

  it('shows the uploaded chart as an image block', () => {
    const { blocks } = buildDigestBlocks(figures, scorecard, {
      title: 't',
      scopeLabel: 's',
      chartFileId: 'F0CHART123',
    });
    expect(blocks).toContainEqual(
      expect.objectContaining({ type: 'image', slack_file: { id: 'F0CHART123' } }),
    );
  });

  it('puts the chart figures in the text when the chart upload failed', () => {
    const small = computeDigestFigures({
      records: [record('a', '2025-03-09T10:00:00Z', { severityLabel: 'critical', ackAfter: 12 })],
      muteRules: [],
      now,
      timeZone: 'UTC',
    });
    const { blocks } = buildDigestBlocks(small, scorecard, {
      title: 't',
      scopeLabel: 's',
      chartUploadFailed: true,
    });
    expect(blocks.some((b) => b.type === 'image')).toBe(false);
    const chartText =
      blocks.map((b) => JSON.stringify(b)).find((t) => t.includes('could not be uploaded')) ?? '';
    expect(chartText).toContain(
      'Mar 4–Mar 10: 1 opened (critical 1, high 0, medium 0, low 0); MTTA median 12m',
    );
  });

  it('shows each scorecard line with its status, figure, next action and missing permission', () => {
    const { blocks } = buildDigestBlocks(figures, scorecard, { title: 't', scopeLabel: 's' });
    const json = JSON.stringify(blocks);
    expect(json).toContain(':red_circle: *Identity and access: At risk*');
    expect(json).toContain('_Missing permission:_ `iam:ListRoles`');
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
