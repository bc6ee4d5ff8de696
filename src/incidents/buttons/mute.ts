import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { View } from '@slack/types';
import { refusal } from '../actions.js';
import { cardChannelOf } from '../announce.js';
import { INCIDENT_ACTION_IDS, MODAL_CALLBACK_IDS, MUTE_EXPIRY_CHOICES, MUTE_MODAL_IDS } from '../card/ids.js';
import { buildMuteModal, buildTimelineEntry } from '../card/index.js';
import { type ActionContext, allowed, type Clicker, clickerOf } from './context.js';

/** Audited as `refused.mute`, like the `mute` it would have been; told as "mute similar alerts". */
const MUTE_VERB = { verb: 'mute similar alerts' } as const;

/** Mute similar (security-admin only): the modal asks for how long; the rule mutes type + resource. */
export function bindMute(app: App, ac: ActionContext): void {
  app.action<BlockAction<ButtonAction>>(
    INCIDENT_ACTION_IDS.muteSimilar,
    async ({ ack, body, action, client }) => {
      await ack();
      const who = clickerOf(body);
      const incidentId = action.value ?? '';
      if (!(await allowed(ac, client, who, 'security-admin', 'mute', incidentId, MUTE_VERB))) return;
      const incident = await ac.engine.get(incidentId);
      if (!incident) return;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildMuteModal(incident) as unknown as View,
      });
    },
  );

  app.view(MODAL_CALLBACK_IDS.mute, async ({ ack, body, view }) => {
    const who: Clicker = { userId: body.user.id, name: body.user.name, channel: undefined };
    const values = view.state.values as Record<
      string,
      Record<string, { selected_option?: { value: string } | null }>
    >;
    // The submitter is checked again, before the fields are read: a forged or stale submission
    // is refused and audited, whatever it picked.
    if (await refusal(ac.ctx, who.userId, 'security-admin', 'mute', view.private_metadata, MUTE_VERB)) {
      await ack({
        response_action: 'errors',
        errors: { [MUTE_MODAL_IDS.expiryBlock]: 'Muting needs the security-admin role.' },
      });
      return;
    }
    const picked = values[MUTE_MODAL_IDS.expiryBlock]?.[MUTE_MODAL_IDS.expiryInput]?.selected_option?.value;
    const choice = MUTE_EXPIRY_CHOICES.find((c) => c.value === picked);
    if (!choice) {
      await ack({
        response_action: 'errors',
        errors: { [MUTE_MODAL_IDS.expiryBlock]: 'Pick how long to mute.' },
      });
      return;
    }
    await ack();
    const incident = await ac.engine.get(view.private_metadata);
    if (!incident) return;
    const now = ac.ctx.now();
    const until = new Date(now.getTime() + choice.minutes * 60_000).toISOString();
    const rule = await ac.engine.addMute(
      {
        type: incident.type,
        accountId: incident.accountId,
        resourceType: incident.resource.type,
        resourceId: incident.resource.id,
        expiresAt: until,
        createdBy: who.userId,
        incidentId: incident.id,
      },
      now,
    );
    await ac.ctx.audit.record({
      who: who.userId,
      action: 'mute',
      incidentId: incident.id,
      at: now,
      detail: rule.id,
      after: rule,
    });
    const { channel } = cardChannelOf(ac.ctx, ac.deps, incident);
    if (channel && ac.deps.incidents.threadLog) {
      const entry = buildTimelineEntry({
        event: { kind: 'muted', until },
        actorName: who.name,
        at: now.toISOString(),
      });
      await ac.deps.outbox.postMessage({
        idempotencyKey: `timeline.${incident.id}.mute.${rule.id}`,
        channel,
        threadOfIncident: incident.id,
        text: entry.text,
        unfurl: false,
      });
    }
  });
}
