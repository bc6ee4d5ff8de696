import type { App, BlockAction, CheckboxesAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { BLOCK_LIMITS } from '../../slack/blocks/limits.js';
import {
  decodeChoiceValue,
  INCIDENT_ACTION_IDS,
  INCIDENT_BLOCK_IDS,
  incidentIdFromActionsBlockId,
} from '../card/ids.js';
import { buildRunbookModal } from '../card/index.js';
import * as t from '../transitions.js';
import { type ActionContext, act, clickerOf } from './context.js';
import { runbookOf } from './runbook.js';

/**
 * Runbook checkboxes, in the runbook modal (and on cards posted before the modal existed). Slack
 * sends the element's whole selection, not the one box clicked, so the change is the difference
 * between that selection and the steps of this block already ticked. The modal is then redrawn
 * from the stored incident: a tick that was refused (no role, lost race) shows unticked again.
 */

function chunkOf(blockId: string): number | undefined {
  const prefix = `${INCIDENT_BLOCK_IDS.runbookSteps}|`;
  const n = blockId.startsWith(prefix) ? Number(blockId.slice(prefix.length)) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The incident of the click when nothing is selected: the modal's metadata, or the card's actions block. */
function incidentOfContainer(body: BlockAction): string | undefined {
  const metadata = body.view?.private_metadata;
  if (metadata) return metadata;
  const blocks = (body.message?.blocks ?? []) as Array<{ block_id?: string }>;
  for (const block of blocks) {
    const id = block.block_id ? incidentIdFromActionsBlockId(block.block_id) : undefined;
    if (id) return id;
  }
  return undefined;
}

async function redrawModal(ac: ActionContext, client: WebClient, body: BlockAction, incidentId: string) {
  const viewId = body.view?.id;
  if (!viewId) return;
  const incident = await ac.engine.get(incidentId);
  const runbook = incident && runbookOf(ac, incident);
  if (!incident || !runbook) return;
  await client.views
    .update({ view_id: viewId, view: buildRunbookModal(incident, runbook) as unknown as View })
    .catch((err: unknown) => ac.ctx.logger.warn({ err, incidentId }, 'could not redraw the runbook modal'));
}

export function bindSteps(app: App, ac: ActionContext): void {
  app.action<BlockAction<CheckboxesAction>>(
    INCIDENT_ACTION_IDS.runbookSteps,
    async ({ ack, body, action, client }) => {
      await ack();
      const chunk = chunkOf(action.block_id ?? '');
      const picked = action.selected_options.map((o) => decodeChoiceValue(o.value ?? ''));
      const incidentId = picked.find((p) => p !== undefined)?.incidentId ?? incidentOfContainer(body);
      if (chunk === undefined || !incidentId) return;
      const incident = await ac.engine.get(incidentId);
      if (!incident) return;
      const selected = new Set(picked.flatMap((p) => (p ? [Number(p.choice)] : [])));
      const size = BLOCK_LIMITS.checkboxOptions;
      const inChunk = Array.from({ length: size }, (_, k) => chunk * size + k);
      const ticked = inChunk.filter((i) => incident.runbookSteps[String(i)] !== undefined);
      const tick = [...selected].filter((i) => inChunk.includes(i) && !ticked.includes(i));
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
      await redrawModal(ac, client, body, incidentId);
    },
  );
}
