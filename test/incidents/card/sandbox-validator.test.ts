import { describe, expect, it } from 'vitest';
import { buildIncidentCard } from '../../../src/incidents/card/card.js';
import { buildEscalationPost } from '../../../src/incidents/card/escalation.js';
import { buildMuteModal, buildResolveModal } from '../../../src/incidents/card/modals.js';
import { buildTimelineEntry } from '../../../src/incidents/card/timeline.js';
import { validateMessageBlocks, validateView } from '../../../src/sandbox/slack-api/block-kit/validate.js';
import { makeIncident, makeRunbook } from './incident-fixture.js';

/** The local Slack API stand-in validates Block Kit the way Slack does: every surface we build must pass it. */
describe('cards and modals pass the Slack API stand-in validator', () => {
  const hostile = '<!here> & ``` \u202E 🚨 שלום';
  const incidents = [
    makeIncident(),
    makeIncident({
      status: 'acknowledged',
      acknowledgedBy: 'U0ALICE01',
      assignee: 'U0BOB0001',
      escalationLevel: 1,
    }),
    makeIncident({ status: 'snoozed', snoozedUntil: '2025-06-01T12:00:00Z', sampleData: true }),
    makeIncident({
      status: 'resolved',
      resolvedBy: 'U0CAROL01',
      resolution: { summary: hostile, rootCause: 'malware' },
    }),
    makeIncident({
      title: hostile.repeat(50),
      description: hostile.repeat(1000),
      resource: { type: hostile, id: hostile, tags: {} },
    }),
  ];

  it.each(incidents.map((i, n) => [n, i] as const))('incident card %i', (_, incident) => {
    const card = buildIncidentCard(incident, makeRunbook(37));
    const result = validateMessageBlocks(card.blocks);
    expect(result.messages).toEqual([]);
  });

  it('resolve and mute modals', () => {
    for (const incident of incidents) {
      expect(validateView(buildResolveModal(incident)).messages).toEqual([]);
      expect(validateView(buildMuteModal(incident)).messages).toEqual([]);
    }
  });

  it('timeline entry and escalation post', () => {
    expect(
      validateMessageBlocks(
        buildTimelineEntry({ event: { kind: 'opened' }, at: '2025-06-01T08:00:00Z' }).blocks,
      ).messages,
    ).toEqual([]);
    expect(
      validateMessageBlocks(buildEscalationPost(incidents[0]!, 1, 'S0PLATFORM').blocks).messages,
    ).toEqual([]);
  });
});
