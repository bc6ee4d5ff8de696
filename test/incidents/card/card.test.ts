import { describe, expect, it } from 'vitest';
import { buildIncidentCard } from '../../../src/incidents/card/card.js';
import {
  actionsBlockId,
  decodeChoiceValue,
  INCIDENT_ACTION_IDS,
  INCIDENT_BLOCK_IDS,
} from '../../../src/incidents/card/ids.js';
import type { Incident } from '../../../src/incidents/incident.js';
import type {
  ActionsBlock,
  CheckboxesElement,
  ContextBlock,
  MessageBlock,
  SectionBlock,
} from '../../../src/slack/blocks/types.js';
import { makeIncident, makeRunbook } from './incident-fixture.js';
import { messageProblems } from './limit-checker.js';

function textOf(block: MessageBlock | undefined): string {
  if (!block) return '';
  return JSON.stringify(block);
}

function byId(blocks: readonly MessageBlock[], id: string): MessageBlock | undefined {
  return blocks.find((b) => b.block_id === id);
}

function fieldsOf(blocks: readonly MessageBlock[]): string[] {
  const fields = byId(blocks, INCIDENT_BLOCK_IDS.fields) as SectionBlock | undefined;
  return (fields?.fields ?? []).map((f) => f.text);
}

function field(blocks: readonly MessageBlock[], label: string): string | undefined {
  return fieldsOf(blocks)
    .find((f) => f.startsWith(`*${label}*\n`))
    ?.slice(label.length + 3);
}

function checkboxBlocks(blocks: readonly MessageBlock[]): CheckboxesElement[] {
  return blocks
    .filter((b): b is ActionsBlock => b.type === 'actions')
    .flatMap((b) => b.elements)
    .filter((e): e is CheckboxesElement => e.type === 'checkboxes');
}

function actionBlock(blocks: readonly MessageBlock[], incident: Incident): ActionsBlock | undefined {
  return byId(blocks, actionsBlockId(incident.id)) as ActionsBlock | undefined;
}

describe('buildIncidentCard', () => {
  const incident = makeIncident();
  const runbook = makeRunbook(4);
  const card = buildIncidentCard(incident, runbook);

  it('is valid Block Kit within every limit', () => {
    expect(messageProblems(card.blocks)).toEqual([]);
  });

  it('opens with a header of severity emoji and title', () => {
    expect(card.blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: `🟠 ${incident.title}` },
    });
  });

  it('shows severity, account id and alias, region, resource, owner, first/last seen and occurrences as fields', () => {
    expect(field(card.blocks, 'Severity')).toBe('🟠 High (8.2)');
    expect(field(card.blocks, 'Account')).toBe('432109876543 (payments-prod)');
    expect(field(card.blocks, 'Region')).toBe('eu-central-1');
    expect(field(card.blocks, 'Resource')).toBe('AccessKey ci-deployer');
    expect(field(card.blocks, 'Owner')).toBe('platform _(tag:owner)_');
    expect(field(card.blocks, 'First seen')).toMatch(
      /^<!date\^1748764800\^\{date_short_pretty\} \{time\}\|2025-06-01T08:00:00Z>$/,
    );
    expect(field(card.blocks, 'Last seen')).toContain('2025-06-01T09:30:00Z');
    expect(field(card.blocks, 'Occurrences')).toBe('4');
  });

  it('shows actor details with the access key masked everywhere', () => {
    const actor = textOf(byId(card.blocks, INCIDENT_BLOCK_IDS.actor));
    expect(actor).toContain('arn:aws:iam::432109876543:user/ci-deployer');
    expect(actor).toContain('198.51.100.99');
    expect(actor).toContain('GetSecretValue');
    expect(actor).toContain('*Access key:* AKIA…H8N5');
    expect(JSON.stringify(card)).not.toContain('AKIAQQQQEXAMPLE3H8N5');
  });

  it('links the GuardDuty finding and CloudTrail event history', () => {
    const links = textOf(byId(card.blocks, INCIDENT_BLOCK_IDS.links));
    expect(links).toContain('|GuardDuty finding>');
    expect(links).toContain('|CloudTrail event history>');
  });

  it('offers Acknowledge, Assign, Escalate, Snooze, Resolve and Mute similar, each carrying the incident id', () => {
    const block = actionBlock(card.blocks, incident);
    expect(block?.elements.map((e) => [e.type, e.action_id])).toEqual([
      ['button', INCIDENT_ACTION_IDS.acknowledge],
      ['users_select', INCIDENT_ACTION_IDS.assign],
      ['button', INCIDENT_ACTION_IDS.escalate],
      ['static_select', INCIDENT_ACTION_IDS.snooze],
      ['button', INCIDENT_ACTION_IDS.resolve],
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

  it('renders runbook steps with commands in code blocks, values filled and shell-safe', () => {
    const steps = card.blocks.find(
      (b) => b.type === 'section' && JSON.stringify(b).includes('*1.*'),
    ) as SectionBlock;
    expect(steps.text?.text).toContain('*1.* Step 1: look at ci-deployer in eu-central-1');
    expect(steps.text?.text).toContain(
      '```aws iam get-user --user-name ci-deployer --region eu-central-1 # 1```',
    );
  });

  it('states the status and who holds it, for every status', () => {
    const status = (i: Incident) =>
      textOf(byId(buildIncidentCard(i, runbook).blocks, INCIDENT_BLOCK_IDS.status));
    expect(status(makeIncident())).toContain('nobody has acknowledged it yet');
    expect(
      status(
        makeIncident({
          status: 'acknowledged',
          acknowledgedBy: 'U0ALICE01',
          acknowledgedAt: '2025-06-01T08:05:00Z',
        }),
      ),
    ).toContain('Acknowledged* by <@U0ALICE01>');
    expect(
      status(makeIncident({ status: 'acknowledged', acknowledgedBy: 'U0ALICE01', assignee: 'U0BOB0001' })),
    ).toContain('Assigned to* <@U0BOB0001>');
    expect(status(makeIncident({ escalationLevel: 2 }))).toContain('Escalated:* level 2');
    expect(status(makeIncident({ status: 'snoozed', snoozedUntil: '2025-06-01T12:00:00Z' }))).toContain(
      'Snoozed until* <!date^',
    );
    const resolved = status(
      makeIncident({
        status: 'resolved',
        resolvedBy: 'U0CAROL01',
        resolvedAt: '2025-06-01T10:00:00Z',
        resolution: {
          summary: 'Key deactivated & rotated',
          rootCause: 'credential-compromise',
          notes: 'Leaked in a CI log',
        },
      }),
    );
    expect(resolved).toContain('Resolved* by <@U0CAROL01>');
    expect(resolved).toContain('Key deactivated &amp; rotated (root cause: Credential compromise)');
    expect(resolved).toContain('Leaked in a CI log');
  });

  it('shows the acknowledger in the Status field and drops the Acknowledge button once acknowledged', () => {
    const acked = makeIncident({ status: 'acknowledged', acknowledgedBy: 'U0ALICE01' });
    const blocks = buildIncidentCard(acked, runbook).blocks;
    expect(field(blocks, 'Status')).toBe('👀 Acknowledged by <@U0ALICE01>');
    expect(actionBlock(blocks, acked)?.elements.map((e) => e.action_id)).not.toContain(
      INCIDENT_ACTION_IDS.acknowledge,
    );
  });

  it('splits steps into checkbox groups of at most 10, checked from incident.runbookSteps, with who and when', () => {
    const ticked = makeIncident({
      runbookSteps: {
        '0': { checkedBy: 'U0ALICE01', checkedAt: '2025-06-01T08:10:00Z' },
        '12': { checkedBy: 'U0BOB0001', checkedAt: '2025-06-01T08:20:00Z' },
      },
    });
    const blocks = buildIncidentCard(ticked, makeRunbook(23)).blocks;
    const groups = checkboxBlocks(blocks);
    expect(groups.map((g) => g.options.length)).toEqual([10, 10, 3]);
    expect(groups[0]?.initial_options?.map((o) => o.value)).toEqual([`0|${ticked.id}`]);
    expect(groups[1]?.initial_options?.map((o) => o.value)).toEqual([`12|${ticked.id}`]);
    expect(groups[2]?.initial_options).toBeUndefined();
    const ticks = blocks.filter((b): b is ContextBlock => b.type === 'context').map((b) => JSON.stringify(b));
    expect(ticks.some((t) => t.includes('✓ *1.* <@U0ALICE01>') && t.includes('2025-06-01T08:10:00Z'))).toBe(
      true,
    );
    expect(ticks.some((t) => t.includes('✓ *13.* <@U0BOB0001>'))).toBe(true);
    expect(messageProblems(blocks)).toEqual([]);
  });

  it('shows a resolved incident without buttons or checkboxes, steps marked done or not', () => {
    const resolved = makeIncident({
      status: 'resolved',
      resolvedBy: 'U0CAROL01',
      runbookSteps: { '1': { checkedBy: 'U0CAROL01', checkedAt: '2025-06-01T09:00:00Z' } },
      resolution: { summary: 'Expected deploy', rootCause: 'expected-activity' },
    });
    const { blocks } = buildIncidentCard(resolved, runbook);
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    const all = JSON.stringify(blocks);
    expect(all).toContain('⬜ *1.*');
    expect(all).toContain('✅ *2.*');
  });

  it('labels sample data visibly, in the header, a context line and the fallback text', () => {
    const sample = buildIncidentCard(makeIncident({ sampleData: true }), runbook);
    expect(JSON.stringify(sample.blocks[0])).toContain('[SAMPLE DATA]');
    expect(JSON.stringify(sample.blocks[1])).toContain('SAMPLE DATA');
    expect(sample.text).toMatch(/^\[SAMPLE DATA\]/);
  });

  it('has a one-line fallback text with severity, title, where and status', () => {
    expect(card.text).toBe(`🟠 High: ${incident.title} — 432109876543 eu-central-1 — Triggered (INC-k3x9q2)`);
  });

  it('says so when no runbook matched, and still shows actions', () => {
    const { blocks } = buildIncidentCard(incident, undefined);
    expect(textOf(byId(blocks, INCIDENT_BLOCK_IDS.runbook))).toContain('No runbook matched');
    expect(actionBlock(blocks, incident)).toBeDefined();
  });

  it('names the steps it could not show', () => {
    const { blocks } = buildIncidentCard(incident, makeRunbook(45), { maxSteps: 20 });
    expect(checkboxBlocks(blocks).flatMap((g) => g.options)).toHaveLength(20);
    expect(JSON.stringify(blocks)).toContain('25 more steps');
  });

  it('omits Mute similar when asked', () => {
    const { blocks } = buildIncidentCard(incident, runbook, { showMuteButton: false });
    expect(actionBlock(blocks, incident)?.elements.map((e) => e.action_id)).not.toContain(
      INCIDENT_ACTION_IDS.muteSimilar,
    );
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
  const runbook = makeRunbook(200, {
    title: hostile.repeat(10),
    summary: hostile.repeat(30),
    steps: Array.from({ length: 200 }, () => ({
      text: `${hostile} {{resource.id}} `.repeat(20),
      command: `aws x --id {{resource.id}} ${hostile}`.repeat(20),
    })),
  });

  it('stays valid: ≤50 blocks, every text within its limit, escaped, under the text budget', () => {
    const card = buildIncidentCard(huge, runbook, { maxSteps: 100 });
    expect(messageProblems(card.blocks)).toEqual([]);
    expect(card.blocks.length).toBeLessThanOrEqual(50);
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
