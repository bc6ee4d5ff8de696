import type { App, BlockAction, CheckboxesAction } from '@slack/bolt';
import { BLOCK_LIMITS } from '../../slack/blocks/limits.js';
import {
  decodeChoiceValue,
  INCIDENT_ACTION_IDS,
  INCIDENT_BLOCK_IDS,
  incidentIdFromActionsBlockId,
} from '../card/ids.js';
import * as t from '../transitions.js';
import { type ActionContext, act, clickerOf } from './context.js';

/**
 * Runbook checkboxes. Slack sends the element's whole selection, not the one box clicked, so the
 * change is the difference between that selection and the steps of this block already ticked.
 */

function chunkOf(blockId: string): number | undefined {
  const prefix = `${INCIDENT_BLOCK_IDS.runbookSteps}|`;
  const n = blockId.startsWith(prefix) ? Number(blockId.slice(prefix.length)) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function incidentOfMessage(body: BlockAction): string | undefined {
  const blocks = (body.message?.blocks ?? []) as Array<{ block_id?: string }>;
  for (const block of blocks) {
    const id = block.block_id ? incidentIdFromActionsBlockId(block.block_id) : undefined;
    if (id) return id;
  }
  return undefined;
}

export function bindSteps(app: App, ac: ActionContext): void {
  app.action<BlockAction<CheckboxesAction>>(
    INCIDENT_ACTION_IDS.runbookSteps,
    async ({ ack, body, action, client }) => {
      await ack();
      const chunk = chunkOf(action.block_id ?? '');
      const picked = action.selected_options.map((o) => decodeChoiceValue(o.value ?? ''));
      const incidentId = picked.find((p) => p !== undefined)?.incidentId ?? incidentOfMessage(body);
      if (chunk === undefined || !incidentId) return;
      const incident = await ac.engine.get(incidentId);
      if (!incident) return;
      const selected = new Set(picked.flatMap((p) => (p ? [Number(p.choice)] : [])));
      const size = BLOCK_LIMITS.checkboxOptions;
      const inChunk = Array.from({ length: size }, (_, k) => chunk * size + k);
      const ticked = inChunk.filter((i) => incident.runbookSteps[String(i)] !== undefined);
      const tick = [...selected].filter((i) => !ticked.includes(i));
      const untick = ticked.filter((i) => !selected.has(i));
      const who = clickerOf(body);
      for (const step of tick)
        await act(ac, client, {
          incidentId,
          who,
          role: 'responder',
          action: 'step.check',
          change: t.tickStep({ userId: who.userId, at: ac.ctx.now() }, step),
          timeline: () => ({ kind: 'step-checked', step }),
        });
      for (const step of untick)
        await act(ac, client, {
          incidentId,
          who,
          role: 'responder',
          action: 'step.uncheck',
          change: t.untickStep(step),
          timeline: () => ({ kind: 'step-unchecked', step }),
        });
    },
  );
}
