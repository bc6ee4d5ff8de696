import { describe, expect, it } from 'vitest';
import {
  decodeChoiceValue,
  INCIDENT_ACTION_IDS,
  MODAL_CALLBACK_IDS,
  runbookStepsBlockId,
} from '../../../src/incidents/card/ids.js';
import { buildRunbookModal, stepLabel } from '../../../src/incidents/card/runbook-modal.js';
import { buildRunbookPost } from '../../../src/incidents/card/runbook-post.js';
import type {
  ActionsBlock,
  CheckboxesElement,
  ContextBlock,
  SectionBlock,
} from '../../../src/slack/blocks/types.js';
import { makeIncident, makeRunbook } from './incident-fixture.js';
import { messageProblems } from './limit-checker.js';

/** The runbook off the card: the checklist modal and the full steps posted in the thread. */

function checkboxGroups(
  blocks: readonly unknown[],
): Array<{ blockId: string | undefined; element: CheckboxesElement }> {
  return (blocks as ActionsBlock[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) =>
      b.elements
        .filter((e): e is CheckboxesElement => e.type === 'checkboxes')
        .map((element) => ({ blockId: b.block_id, element })),
    );
}

describe('buildRunbookModal', () => {
  const ticked = makeIncident({
    runbookSteps: {
      '0': { checkedBy: 'U0ALICE01', checkedAt: '2025-06-01T08:10:00Z' },
      '12': { checkedBy: 'U0BOB0001', checkedAt: '2025-06-01T08:20:00Z' },
    },
  });
  const modal = buildRunbookModal(ticked, makeRunbook(23));

  it('is a modal of the runbook callback carrying the incident id, valid for Slack', () => {
    expect(modal).toMatchObject({
      type: 'modal',
      callback_id: MODAL_CALLBACK_IDS.runbook,
      private_metadata: ticked.id,
    });
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(modal.submit).toBeUndefined();
    expect(messageProblems(modal.blocks)).toEqual([]);
  });

  it('says the progress and where the commands are', () => {
    const intro = (modal.blocks[0] as SectionBlock).text?.text ?? '';
    expect(intro).toContain('*Test runbook*: 2 of 23 steps done');
    expect(intro).toContain('thread');
  });

  it('lists the steps as checkboxes in groups of 10, ticked from the incident, with who and when', () => {
    const groups = checkboxGroups(modal.blocks);
    expect(groups.map((g) => [g.blockId, g.element.action_id, g.element.options.length])).toEqual([
      [runbookStepsBlockId(0), INCIDENT_ACTION_IDS.runbookSteps, 10],
      [runbookStepsBlockId(1), INCIDENT_ACTION_IDS.runbookSteps, 10],
      [runbookStepsBlockId(2), INCIDENT_ACTION_IDS.runbookSteps, 3],
    ]);
    expect(groups[0]?.element.initial_options?.map((o) => decodeChoiceValue(o.value))).toEqual([
      { choice: '0', incidentId: ticked.id },
    ]);
    expect(groups[1]?.element.initial_options?.map((o) => o.value)).toEqual([`12|${ticked.id}`]);
    expect(groups[2]?.element.initial_options).toBeUndefined();
    const ticks = modal.blocks
      .filter((b): b is ContextBlock => b.type === 'context')
      .map((b) => JSON.stringify(b));
    expect(ticks.some((t) => t.includes('✓ *1.* <@U0ALICE01>') && t.includes('2025-06-01 08:10 UTC'))).toBe(
      true,
    );
    expect(ticks.some((t) => t.includes('✓ *13.* <@U0BOB0001>'))).toBe(true);
  });

  it('labels each step with its filled-in text, cut at a word, never mid-word', () => {
    const label = checkboxGroups(modal.blocks)[0]?.element.options[0]?.text.text;
    expect(label).toBe('1. Step 1: look at ci-deployer in eu-central-1');
    expect(
      stepLabel('Deactivate the access key and rotate every credential the deploy-bot user holds today'),
    ).toBe('Deactivate the access key and rotate every credential the…');
  });

  it('once resolved, shows the steps done or not, without checkboxes', () => {
    const resolved = buildRunbookModal({ ...ticked, status: 'resolved' }, makeRunbook(3));
    expect(checkboxGroups(resolved.blocks)).toEqual([]);
    const text = JSON.stringify(resolved.blocks);
    expect(text).toContain('✅ 1.');
    expect(text).toContain('⬜ 2.');
  });
});

describe('buildRunbookPost', () => {
  it('posts every step with its command filled in for this incident, in code blocks', () => {
    const post = buildRunbookPost(makeIncident(), makeRunbook(4));
    expect(messageProblems(post.blocks)).toEqual([]);
    const text = post.blocks.map((b) => (b as SectionBlock).text?.text ?? JSON.stringify(b)).join('\n');
    expect(text).toContain('📋 *Runbook: Test runbook* (4 steps)');
    expect(text).toContain('*1.* Step 1: look at ci-deployer in eu-central-1');
    expect(text).toContain('```aws iam get-user --user-name ci-deployer --region eu-central-1 # 1```');
    expect(text).toContain('*4.* Step 4');
    expect(text).toContain('|Reference>');
  });

  it('stays within Slack limits for the longest runbook and names the steps left out', () => {
    const long = makeRunbook(100, {
      steps: Array.from({ length: 100 }, (_, i) => ({
        text: `Step ${i + 1} ${'word '.repeat(60)}`,
        command: `aws x ${'--flag '.repeat(60)}`,
      })),
    });
    const post = buildRunbookPost(makeIncident(), long);
    expect(messageProblems(post.blocks)).toEqual([]);
    expect(post.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(post.blocks)).toMatch(
      /➕ \d+ more steps: see workflows\/runbooks\/test-runbook\.yaml/,
    );
  });
});
