import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEscalationPost } from '../../../src/incidents/card/escalation.js';
import {
  INCIDENT_ACTION_IDS,
  MODAL_CALLBACK_IDS,
  MUTE_MODAL_IDS,
  RESOLVE_MODAL_IDS,
  ROOT_CAUSE_CATEGORIES,
} from '../../../src/incidents/card/ids.js';
import { buildMuteModal, buildResolveModal } from '../../../src/incidents/card/modals.js';
import { buildTimelineEntry, type TimelineEvent } from '../../../src/incidents/card/timeline.js';
import type { InputBlock, StaticSelectElement } from '../../../src/slack/blocks/types.js';
import { makeIncident } from './incident-fixture.js';
import { messageProblems } from './limit-checker.js';

const MENTION = /<[@!#]|@(here|channel|everyone)\b/i;

function inputs(blocks: readonly unknown[]): InputBlock[] {
  return blocks.filter((b): b is InputBlock => (b as { type: string }).type === 'input');
}

describe('buildResolveModal', () => {
  const modal = buildResolveModal(makeIncident());

  it('uses the resolve callback id and carries the incident id in private_metadata', () => {
    expect(modal).toMatchObject({
      type: 'modal',
      callback_id: MODAL_CALLBACK_IDS.resolve,
      private_metadata: 'INC-k3x9q2',
    });
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
  });

  it('asks for resolution, root-cause category and optional notes', () => {
    const blocks = inputs(modal.blocks);
    expect(blocks.map((b) => [b.block_id, b.element.action_id, b.optional ?? false])).toEqual([
      [RESOLVE_MODAL_IDS.resolutionBlock, RESOLVE_MODAL_IDS.resolutionInput, false],
      [RESOLVE_MODAL_IDS.rootCauseBlock, RESOLVE_MODAL_IDS.rootCauseInput, false],
      [RESOLVE_MODAL_IDS.notesBlock, RESOLVE_MODAL_IDS.notesInput, true],
    ]);
    const select = blocks[1]?.element as StaticSelectElement;
    expect(select.options.map((o) => o.value)).toEqual([
      'credential-compromise',
      'misconfiguration',
      'malware',
      'false-positive',
      'expected-activity',
      'other',
    ]);
    expect(ROOT_CAUSE_CATEGORIES).toHaveLength(6);
  });
});

describe('buildMuteModal', () => {
  it('asks for an expiry (24 hours preselected) and says what will be muted', () => {
    const modal = buildMuteModal(makeIncident());
    expect(modal.callback_id).toBe(MODAL_CALLBACK_IDS.mute);
    const [expiry] = inputs(modal.blocks);
    expect(expiry?.block_id).toBe(MUTE_MODAL_IDS.expiryBlock);
    const select = expiry?.element as StaticSelectElement;
    expect(select.action_id).toBe(MUTE_MODAL_IDS.expiryInput);
    expect(select.initial_option?.value).toBe('24h');
    expect(JSON.stringify(modal)).toContain('UnauthorizedAccess:IAMUser/MaliciousIPCaller');
  });
});

describe('buildTimelineEntry', () => {
  it('is a short line naming who did what, as plain names', () => {
    const entry = buildTimelineEntry({
      event: { kind: 'acknowledged' },
      actorName: 'Alice Martin',
      at: '2025-06-01T08:05:00Z',
    });
    expect(entry.text).toBe('👀 Acknowledged by Alice Martin · 2025-06-01 08:05 UTC');
    expect(entry.blocks).toHaveLength(1);
    expect(messageProblems(entry.blocks)).toEqual([]);
  });

  it('never mentions anyone, even when names and summaries try to', () => {
    const entry = buildTimelineEntry({
      event: { kind: 'resolved', rootCause: 'other', summary: 'done <!here> @channel <@U123> <#C1>' },
      actorName: '<@U0ALICE01> <!subteam^S1|oncall> @everyone',
      at: 'not a date',
    });
    const all = JSON.stringify(entry);
    expect(all).not.toMatch(MENTION);
    expect(entry.text).toContain('Resolved by');
  });

  it('stays mention-free and valid for any event, name and time', () => {
    const kinds: fc.Arbitrary<TimelineEvent> = fc.oneof(
      fc.constant({ kind: 'opened' as const }),
      fc.constant({ kind: 'acknowledged' as const }),
      fc.string().map((assigneeName) => ({ kind: 'assigned' as const, assigneeName })),
      fc.integer().map((level) => ({ kind: 'escalated' as const, level })),
      fc.string().map((until) => ({ kind: 'snoozed' as const, until })),
      fc.nat().map((step) => ({ kind: 'step-checked' as const, step })),
      fc
        .record({ rootCause: fc.string(), summary: fc.string() })
        .map((r) => ({ kind: 'resolved' as const, ...r })),
      fc.string().map((until) => ({ kind: 'muted' as const, until })),
    );
    const hostile = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('<!here>', '@channel', '<@U1>', '<!subteam^S1>'),
    );
    fc.assert(
      fc.property(kinds, hostile, hostile, (event, actorName, at) => {
        const entry = buildTimelineEntry({ event, actorName, at });
        expect(JSON.stringify(entry)).not.toMatch(MENTION);
        expect(messageProblems(entry.blocks)).toEqual([]);
      }),
    );
  });
});

describe('buildEscalationPost', () => {
  it('mentions the on-call user group and offers Acknowledge', () => {
    const post = buildEscalationPost(makeIncident(), 2, 'S0PLATFORM');
    expect(post.text).toMatch(/^<!subteam\^S0PLATFORM> Incident INC-k3x9q2 escalated to level 2/);
    expect(JSON.stringify(post.blocks)).toContain('<!subteam^S0PLATFORM>');
    expect(JSON.stringify(post.blocks)).toContain(INCIDENT_ACTION_IDS.acknowledge);
    expect(messageProblems(post.blocks)).toEqual([]);
  });

  it('mentions nobody when the group is not a user group id', () => {
    const post = buildEscalationPost(makeIncident({ title: '<!channel> hello' }), 1, '<!here>');
    expect(JSON.stringify(post)).not.toMatch(/<[@!#]/);
    expect(JSON.stringify(post)).toContain('no on-call user group configured');
  });
});
