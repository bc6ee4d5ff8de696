import type { WebClient } from '@slack/web-api';

/**
 * Finding a card Slack posted although we never heard back (the answer was lost, the process
 * stopped or Redis went away between Slack's answer and storing its ts). Every card carries its
 * incident id in the message metadata, so the channel's recent history says whether it exists.
 */

export const CARD_EVENT_TYPE = 'watchkeeper_incident_card';

/** The metadata every card is posted with. */
export function cardMetadata(incidentId: string) {
  return { event_type: CARD_EVENT_TYPE, event_payload: { incident_id: incidentId } };
}

/** How far back to look: a lost answer is seconds old, so the newest messages are enough. */
const HISTORY_LIMIT = 200;

/** The ts of this incident's card among the channel's recent messages, if Slack has one. */
export async function findPostedCard(
  slack: WebClient,
  channel: string,
  incidentId: string,
): Promise<{ channel: string; ts: string } | undefined> {
  const page = await slack.conversations.history({
    channel,
    limit: HISTORY_LIMIT,
    include_all_metadata: true,
  });
  for (const message of page.messages ?? []) {
    const metadata = message.metadata as
      | { event_type?: string; event_payload?: { incident_id?: unknown } }
      | undefined;
    if (
      metadata?.event_type === CARD_EVENT_TYPE &&
      metadata.event_payload?.incident_id === incidentId &&
      message.ts
    )
      return { channel, ts: message.ts };
  }
  return undefined;
}
