import { describe, expect, it } from 'vitest';
import { buildIncidentCard } from '../../../src/incidents/card/card.js';
import {
  actionsBlockId,
  decodeChoiceValue,
  INCIDENT_ACTION_IDS,
  INCIDENT_BLOCK_IDS,
} from '../../../src/incidents/card/ids.js';
import type { Incident } from '../../../src/incidents/incident.js';
import type { ActionsBlock, MessageBlock, SectionBlock } from '../../../src/slack/blocks/types.js';
import { makeIncident, makeRunbook } from './incident-fixture.js';
import { messageProblems } from './limit-checker.js';
import { visibleChars, visibleTexts } from './visible-text.js';

function byId(blocks: readonly MessageBlock[], id: string): MessageBlock | undefined {
  return blocks.find((b) => b.block_id === id);
}

/** The mrkdwn of a block (context elements joined, section text and fields). */
function markup(blocks: readonly MessageBlock[], id: string): string {
  const block = byId(blocks, id);
  if (!block) return '';
  if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : '')).join(' ');
  if (block.type === 'section')
    return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)].join('\n');
  return JSON.stringify(block);
}

function facts(blocks: readonly MessageBlock[]): string[] {
  return ((byId(blocks, INCIDENT_BLOCK_IDS.facts) as SectionBlock | undefined)?.fields ?? []).map(
    (f) => f.text,
  );
}

function actionBlock(blocks: readonly MessageBlock[], incident: Incident): ActionsBlock | undefined {
  return byId(blocks, actionsBlockId(incident.id)) as ActionsBlock | undefined;
}

describe('buildIncidentCard, open', () => {
  const incident = makeIncident();
  const runbook = makeRunbook(4);
  const card = buildIncidentCard(incident, runbook);

  it('is valid Block Kit, in order: header, context line, actions, facts, status, links', () => {
    expect(messageProblems(card.blocks)).toEqual([]);
    expect(card.blocks.map((b) => b.block_id)).toEqual([
      INCIDENT_BLOCK_IDS.header,
      INCIDENT_BLOCK_IDS.context,
      actionsBlockId(incident.id),
      INCIDENT_BLOCK_IDS.facts,
      INCIDENT_BLOCK_IDS.status,
      INCIDENT_BLOCK_IDS.links,
    ]);
    expect(visibleChars(card.blocks)).toBeLessThanOrEqual(1200);
  });

  it('opens with one header line: severity badge and title', () => {
    expect(card.blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: `🟠 High · ${incident.title}` },
    });
  });

  it('has one context line: account name and id, region, resource, owner', () => {
    expect(markup(card.blocks, INCIDENT_BLOCK_IDS.context)).toBe(
      '*payments-prod* 432109876543 · eu-central-1 · AccessKey `ci-deployer` · owner *platform*',
    );
  });

  it('offers Acknowledge, Assign, Escalate, Snooze, Resolve, Runbook and Mute similar, each carrying the incident id', () => {
    const block = actionBlock(card.blocks, incident);
    expect(block?.elements.map((e) => [e.type, e.action_id])).toEqual([
      ['button', INCIDENT_ACTION_IDS.acknowledge],
      ['users_select', INCIDENT_ACTION_IDS.assign],
      ['button', INCIDENT_ACTION_IDS.escalate],
      ['static_select', INCIDENT_ACTION_IDS.snooze],
      ['button', INCIDENT_ACTION_IDS.resolve],
      ['button', INCIDENT_ACTION_IDS.runbook],
      ['button', INCIDENT_ACTION_IDS.muteSimilar],
    ]);
    for (const el of block?.elements ?? []) {
      if (el.type === 'button') expect(el.value).toBe(incident.id);
      if (el.type === 'static_select') {
        expect(el.options.map((o) => decodeChoiceValue(o.value))).toEqual(
          ['30m', '1h', '4h', '24h'].map((choice) => ({ choice, incidentId: incident.id })),
        );
      }
    }
  });

  it('shows key facts computed from the actor when the incident has none stored, the key masked, the IP never called a source', () => {
    expect(facts(card.blocks)).toEqual([
      '*Caller*\nuser ci-deployer',
      '*Remote IP*\n198.51.100.99',
      '*API*\n`GetSecretValue`',
      '*Access key*\n`AKIA…H8N5 (long-term)`',
      '*User agent*\n`aws-cli/2.15.0`',
    ]);
    expect(JSON.stringify(card)).not.toContain('AKIAQQQQEXAMPLE3H8N5');
  });

  it('shows the facts the normalizer stored, at most six, identifiers in code spans that keep wildcards', () => {
    const stored = makeIncident({
      facts: [
        { label: 'Domain', value: '*.example-mining.test', kind: 'code' },
        ...Array.from({ length: 7 }, (_, i) => ({
          label: `Fact ${i}`,
          value: `value_${i}`,
          kind: 'text' as const,
        })),
      ],
    });
    const shown = facts(buildIncidentCard(stored, runbook).blocks);
    expect(shown).toHaveLength(6);
    expect(shown[0]).toBe('*Domain*\n`*.example-mining.test`');
  });

  it('cuts long facts to fit the card, never past 1,200 visible characters', () => {
    const long = makeIncident({
      facts: Array.from({ length: 6 }, (_, i) => ({
        label: `Fact ${i}`,
        value: `${i} ${'x'.repeat(480)}`,
        kind: 'code' as const,
      })),
    });
    const built = buildIncidentCard(long, runbook);
    expect(facts(built.blocks).length).toBeGreaterThanOrEqual(4);
    expect(visibleChars(built.blocks)).toBeLessThanOrEqual(1200);
  });

  it('keeps the runbook off the card: only its progress, no steps, no checkboxes', () => {
    const ticked = makeIncident({
      runbookSteps: {
        '0': { checkedBy: 'U0ALICE01', checkedAt: '2025-06-01T08:10:00Z' },
        '2': { checkedBy: 'U0ALICE01', checkedAt: '2025-06-01T08:12:00Z' },
        '17': { checkedBy: 'U0ALICE01', checkedAt: '2025-06-01T08:12:00Z' },
      },
    });
    const built = buildIncidentCard(ticked, runbook);
    expect(markup(built.blocks, INCIDENT_BLOCK_IDS.status)).toContain('📋 Runbook: 2 of 4 steps done');
    const all = JSON.stringify(built.blocks);
    expect(all).not.toContain('checkboxes');
    expect(all).not.toContain('Step 1');
    expect(all).not.toContain('aws iam get-user');
  });

  it('states the status and who holds it once, for every open status', () => {
    const status = (i: Incident) => markup(buildIncidentCard(i, runbook).blocks, INCIDENT_BLOCK_IDS.status);
    expect(status(incident)).toMatch(
      /^🔔 \*Triggered\* · \*4 occurrences\* · first <!date\^\d+\^.*\|2025-06-01 08:00 UTC> · last <!date\^\d+\^.*\|2025-06-01 09:30 UTC> · 📋 Runbook: 0 of 4 steps done · INC-k3x9q2$/,
    );
    expect(
      status(makeIncident({ status: 'acknowledged', acknowledgedBy: 'U0ALICE01', assignee: 'U0BOB0001' })),
    ).toMatch(/^👀 \*Acknowledged\* by <@U0ALICE01> · 👤 <@U0BOB0001> · /);
    expect(status(makeIncident({ escalationLevel: 2 }))).toContain('📣 escalated (level 2)');
    expect(status(makeIncident({ status: 'snoozed', snoozedUntil: '2025-06-01T12:00:00Z' }))).toMatch(
      /^💤 \*Snoozed\* until <!date\^/,
    );
    expect(status(makeIncident({ reopenedCount: 2 }))).toContain('_(reopened 2 times)_');
  });

  it('shows First seen = Last seen once, as "seen"', () => {
    const once = makeIncident({ occurrences: 1, lastSeen: '2025-06-01T08:00:00.000Z' });
    const text = markup(buildIncidentCard(once, runbook).blocks, INCIDENT_BLOCK_IDS.status);
    expect(text).toContain('· seen <!date^');
    expect(text).not.toContain('first');
    expect(text).not.toContain('occurrences');
  });

  it('drops the Acknowledge button once acknowledged', () => {
    const acked = makeIncident({ status: 'acknowledged', acknowledgedBy: 'U0ALICE01' });
    expect(
      actionBlock(buildIncidentCard(acked, runbook).blocks, acked)?.elements.map((e) => e.action_id),
    ).not.toContain(INCIDENT_ACTION_IDS.acknowledge);
  });

  it('links the GuardDuty finding, CloudTrail events and the thread once the card is posted', () => {
    const posted = makeIncident({ card: { channel: 'C0SECURITY1', ts: '1748768400.000100' } });
    const links = markup(buildIncidentCard(posted, runbook).blocks, INCIDENT_BLOCK_IDS.links);
    expect(links).toContain('|GuardDuty finding>');
    expect(links).toContain('|CloudTrail events>');
    expect(links).toContain(
      '<https://slack.com/archives/C0SECURITY1/p1748768400000100|🧵 Thread: runbook steps, timeline>',
    );
    expect(markup(card.blocks, INCIDENT_BLOCK_IDS.links)).toContain(
      '🧵 Runbook steps and timeline in the thread',
    );
  });

  it('labels sample data once, on the context line, and in the fallback text', () => {
    const sample = buildIncidentCard(makeIncident({ sampleData: true }), runbook);
    const text = visibleTexts(sample.blocks).join('\n');
    expect(text.split('SAMPLE DATA')).toHaveLength(2);
    expect(markup(sample.blocks, INCIDENT_BLOCK_IDS.context)).toContain('*🧪 SAMPLE DATA*');
    expect(sample.text).toMatch(/^\[SAMPLE DATA\]/);
  });

  it('marks a GuardDuty sample finding once', () => {
    const sample = buildIncidentCard(makeIncident({ vendorSample: true }), runbook);
    expect(visibleTexts(sample.blocks).join('\n').split('GuardDuty sample finding')).toHaveLength(2);
    expect(sample.text).toMatch(/^\[GuardDuty sample\]/);
  });

  it('has a one-line fallback text with severity, title, where and status', () => {
    expect(card.text).toBe(`🟠 High: ${incident.title} — 432109876543 eu-central-1 — Triggered (INC-k3x9q2)`);
  });

  it('says so when no runbook matched, and offers no Runbook button', () => {
    const { blocks } = buildIncidentCard(incident, undefined);
    expect(markup(blocks, INCIDENT_BLOCK_IDS.status)).toContain('📋 No runbook matched');
    expect(actionBlock(blocks, incident)?.elements.map((e) => e.action_id)).not.toContain(
      INCIDENT_ACTION_IDS.runbook,
    );
  });

  it('omits Mute similar when asked', () => {
    const { blocks } = buildIncidentCard(incident, runbook, { showMuteButton: false });
    expect(actionBlock(blocks, incident)?.elements.map((e) => e.action_id)).not.toContain(
      INCIDENT_ACTION_IDS.muteSimilar,
    );
  });
});

describe('buildIncidentCard, resolved', () => {
  const resolved = makeIncident({
    status: 'resolved',
    resolvedBy: 'U0CAROL01',
    resolvedAt: '2025-06-01T10:00:00Z',
    runbookSteps: { '1': { checkedBy: 'U0CAROL01', checkedAt: '2025-06-01T09:00:00Z' } },
    resolution: {
      summary: 'Key deactivated & rotated',
      rootCause: 'credential-compromise',
      notes: 'Leaked in CI',
    },
  });
  const { blocks } = buildIncidentCard(resolved, makeRunbook(4));

  it('collapses to three blocks: header, who resolved it and why, links', () => {
    expect(messageProblems(blocks)).toEqual([]);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(blocks[0]).toMatchObject({ text: { text: `✅ 🟠 ${resolved.title}` } });
    expect(markup(blocks, INCIDENT_BLOCK_IDS.resolution)).toMatch(
      /^\*Resolved\* by <@U0CAROL01> <!date\^\d+\^[^>]*>: Key deactivated &amp; rotated _\(Credential compromise\)_\n\*payments-prod\*/,
    );
    const footer = markup(blocks, INCIDENT_BLOCK_IDS.links);
    expect(footer).toContain('📋 Runbook: 1 of 4 steps done');
    expect(footer).toContain('🧵');
  });
});

describe('buildIncidentCard with hostile and huge input', () => {
  const hostile = "x'; rm -rf / #<!channel> & <@U999> `` ``` \u202Eevil\u0007 🚨 שלום مرحبا";
  const huge = makeIncident({
    title: hostile.repeat(20),
    description: `${'Long description & <b>markup</b> 🔥 '.repeat(400)}AKIAQQQQEXAMPLE3H8N5`,
    accountAlias: hostile,
    resource: {
      type: hostile,
      id: hostile,
      tags: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`tag-${i}`, hostile])),
    },
    actor: {
      principal: hostile.repeat(50),
      accessKeyId: hostile,
      sourceIp: hostile,
      api: hostile,
      userAgent: hostile.repeat(100),
    },
    owner: { team: hostile.repeat(30), source: hostile },
    links: { guardDutyFinding: `https://example.com/${'a'.repeat(5000)}`, alarm: 'javascript:alert(1)' },
    runbookSteps: Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [String(i), { checkedBy: hostile, checkedAt: hostile }]),
    ),
  });
  const runbook = makeRunbook(100, {
    title: hostile.repeat(10),
    summary: hostile.repeat(30),
    steps: Array.from({ length: 100 }, () => ({
      text: `${hostile} {{resource.id}} `.repeat(20),
      command: `aws x --id {{resource.id}} ${hostile}`.repeat(20),
    })),
  });

  it('stays valid and within the card limits, with the key masked', () => {
    const card = buildIncidentCard(huge, runbook);
    expect(messageProblems(card.blocks)).toEqual([]);
    expect(card.blocks.length).toBeLessThanOrEqual(7);
    expect(visibleChars(card.blocks)).toBeLessThanOrEqual(1200);
    expect(card.text).not.toMatch(/[\n<>]/);
    expect(JSON.stringify(card)).not.toContain('AKIAQQQQEXAMPLE3H8N5');
  });

  it('never lets a hostile value open a mention or a broadcast in mrkdwn or the fallback text', () => {
    const card = buildIncidentCard(huge, runbook);
    const mrkdwn = JSON.stringify(card.blocks)
      .match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)
      ?.join('\n');
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).not.toContain('<@U999>');
    expect(card.text).not.toContain('<!channel>');
  });
});
