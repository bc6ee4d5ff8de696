import { actions, section } from '../../slack/blocks/blocks.js';
import { button } from '../../slack/blocks/elements.js';
import { truncateMrkdwn } from '../../slack/blocks/text.js';
import type { SlackMessage } from '../../slack/blocks/types.js';
import type { Incident } from '../incident.js';
import { SEVERITY_EMOJI, SEVERITY_NAME, value } from './format.js';
import { INCIDENT_ACTION_IDS } from './ids.js';
import { statusWord } from './status.js';

/**
 * The escalation page: the one message that does notify, by mentioning the on-call user group
 * (`<!subteam^S…>`). Any other text in it is escaped, so only that mention can ping. It is posted
 * only when a group is paged (src/incidents/announce.ts); the no-group wording remains for callers
 * that pass an unchecked value, so it still mentions nobody.
 */

const USER_GROUP_ID = /^S[A-Z0-9]{2,30}$/;

/** Only a user group id can be mentioned: anything else (a name, `<!here>`) pages nobody. */
export function isUserGroupId(value: string): boolean {
  return USER_GROUP_ID.test(value);
}

export function buildEscalationPost(
  incident: Incident,
  level: number,
  userGroup: string | undefined,
): SlackMessage {
  const mention =
    userGroup !== undefined && USER_GROUP_ID.test(userGroup) ? `<!subteam^${userGroup}>` : undefined;
  const who = mention ?? '_(no on-call user group configured for this owner)_';
  const lvl = Number.isFinite(level) ? String(level) : '?';
  const severity = `${SEVERITY_EMOJI[incident.severityLabel]} ${SEVERITY_NAME[incident.severityLabel]}`;
  const text =
    `${who} 📣 Incident *${value(incident.id, 60)}* escalated to level ${lvl}: ${severity} — ${value(incident.title, 200)}\n` +
    `${value(incident.resource.type, 60)} ${value(incident.resource.id, 120)} in ${value(incident.accountId, 40)} ${value(incident.region, 40)} · ` +
    `status: ${statusWord(incident)}`;
  const fallback = `${mention ? `${mention} ` : ''}Incident ${value(incident.id, 60)} escalated to level ${lvl}: ${value(incident.title, 150)}`;
  const blocks = [section({ text })];
  const ackable = incident.status === 'triggered' || incident.status === 'snoozed';
  return {
    text: truncateMrkdwn(fallback, 500),
    blocks: ackable
      ? [
          ...blocks,
          actions([
            button({
              actionId: INCIDENT_ACTION_IDS.acknowledge,
              text: 'Acknowledge',
              value: incident.id,
              style: 'primary',
            }),
          ]),
        ]
      : blocks,
  };
}
