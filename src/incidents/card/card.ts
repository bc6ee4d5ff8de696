import { maskAccessKeyId, maskAccessKeysInText } from '../../platform/log/mask.js';
import { actions, context, fieldsSection, header, section } from '../../slack/blocks/blocks.js';
import { button, staticSelect, usersSelect } from '../../slack/blocks/elements.js';
import { BLOCK_LIMITS as L, MESSAGE_TEXT_BUDGET } from '../../slack/blocks/limits.js';
import { mrkdwnLink } from '../../slack/blocks/links.js';
import { blockTextLength } from '../../slack/blocks/measure.js';
import { cleanLine, escapeMrkdwn, safeMrkdwn, truncate } from '../../slack/blocks/text.js';
import type { ActionElement, MessageBlock, SlackMessage } from '../../slack/blocks/types.js';
import type { Incident } from '../incident.js';
import type { Runbook } from '../runbooks/schema.js';
import { SEVERITY_EMOJI, SEVERITY_NAME, severityScore, slackDate, value } from './format.js';
import {
  actionsBlockId,
  encodeChoiceValue,
  INCIDENT_ACTION_IDS,
  INCIDENT_BLOCK_IDS,
  SNOOZE_CHOICES,
} from './ids.js';
import { statusDetails, statusField, statusWord } from './status.js';
import { buildStepBlocks } from './steps.js';

/**
 * The incident card: what responders see and act on. Pure: the same incident and runbook always
 * give the same message. Whatever the input (10,000-character descriptions, hostile ids, emoji,
 * RTL text), the result fits Slack: ≤50 blocks, every text within its limit, and the whole card
 * under {@link MESSAGE_TEXT_BUDGET} characters of text.
 */

export interface IncidentCardOptions {
  /** Show "Mute similar" (the handler still checks the security-admin role). Default true. */
  readonly showMuteButton?: boolean;
  /** Most runbook steps shown on the card; the rest are named in a note. Default 30. */
  readonly maxSteps?: number;
}

const SAMPLE_LABEL = 'SAMPLE DATA';

function titleLine(incident: Incident): string {
  return cleanLine(maskAccessKeysInText(incident.title));
}

function headerText(incident: Incident): string {
  const sample = incident.sampleData ? `[${SAMPLE_LABEL}] ` : '';
  return `${SEVERITY_EMOJI[incident.severityLabel]} ${sample}${titleLine(incident)}`;
}

function fieldPairs(incident: Incident, runbook: Runbook | undefined): Array<[string, string]> {
  const account = incident.accountAlias
    ? `${value(incident.accountId, 40)} (${value(incident.accountAlias, 60)})`
    : value(incident.accountId, 40);
  const owner = incident.owner
    ? `${value(incident.owner.team, 80)} _(${value(incident.owner.source, 40)})_`
    : 'unknown (no owner tag or mapping)';
  return [
    [
      'Severity',
      `${SEVERITY_EMOJI[incident.severityLabel]} ${SEVERITY_NAME[incident.severityLabel]} (${severityScore(incident.severity)})`,
    ],
    ['Account', account],
    ['Region', value(incident.region, 40)],
    ['Resource', `${value(incident.resource.type, 60)} ${value(incident.resource.id, 120)}`],
    ['Owner', owner],
    ['Status', statusField(incident)],
    ['First seen', slackDate(incident.firstSeen)],
    ['Last seen', slackDate(incident.lastSeen)],
    ['Occurrences', Number.isFinite(incident.occurrences) ? String(incident.occurrences) : '?'],
    ['Runbook', runbook ? value(runbook.title, 100) : 'none matched'],
  ];
}

function actorText(incident: Incident): string | undefined {
  const actor = incident.actor;
  if (!actor) return undefined;
  const lines = [
    actor.principal === undefined ? undefined : `*Principal:* ${value(actor.principal, 200)}`,
    actor.sourceIp === undefined ? undefined : `*Source IP:* ${value(actor.sourceIp, 60)}`,
    actor.api === undefined ? undefined : `*API:* ${value(actor.api, 100)}`,
    actor.accessKeyId === undefined
      ? undefined
      : `*Access key:* ${value(maskAccessKeyId(actor.accessKeyId), 20)}`,
    actor.userAgent === undefined ? undefined : `*User agent:* ${value(actor.userAgent, 150)}`,
  ].filter((l): l is string => l !== undefined);
  return lines.length > 0 ? `*Actor*\n${lines.join('\n')}` : undefined;
}

// A link is Slack text too: a full access key id in a URL is masked (the link then opens the page
// without that filter), because key ids never go to Slack in full.
function link(url: string, label: string): string {
  return mrkdwnLink(maskAccessKeysInText(url), label, 800);
}

function linksText(incident: Incident): string | undefined {
  const links = [
    incident.links.guardDutyFinding === undefined
      ? undefined
      : link(incident.links.guardDutyFinding, 'GuardDuty finding'),
    incident.links.cloudTrailEventHistory === undefined
      ? undefined
      : link(incident.links.cloudTrailEventHistory, 'CloudTrail event history'),
    incident.links.alarm === undefined ? undefined : link(incident.links.alarm, 'CloudWatch alarm'),
  ].filter((l): l is string => l !== undefined);
  return links.length > 0 ? `🔗 ${links.join('  ·  ')}` : undefined;
}

function actionElements(incident: Incident, options: IncidentCardOptions): ActionElement[] {
  const elements: ActionElement[] = [];
  if (incident.status !== 'acknowledged') {
    elements.push(
      button({
        actionId: INCIDENT_ACTION_IDS.acknowledge,
        text: 'Acknowledge',
        value: incident.id,
        style: 'primary',
      }),
    );
  }
  elements.push(
    usersSelect({
      actionId: INCIDENT_ACTION_IDS.assign,
      placeholder: 'Assign…',
      ...(incident.assignee === undefined ? {} : { initialUser: incident.assignee }),
    }),
    button({
      actionId: INCIDENT_ACTION_IDS.escalate,
      text: 'Escalate',
      value: incident.id,
      confirm: {
        title: 'Escalate this incident?',
        text: 'This pages the next on-call level.',
        confirm: 'Escalate',
        deny: 'Cancel',
      },
    }),
    staticSelect({
      actionId: INCIDENT_ACTION_IDS.snooze,
      placeholder: 'Snooze…',
      options: SNOOZE_CHOICES.map((c) => ({
        label: c.label,
        value: encodeChoiceValue(c.value, incident.id),
      })),
    }),
    button({ actionId: INCIDENT_ACTION_IDS.resolve, text: 'Resolve', value: incident.id }),
  );
  if (options.showMuteButton !== false) {
    elements.push(
      button({
        actionId: INCIDENT_ACTION_IDS.muteSimilar,
        text: 'Mute similar',
        value: incident.id,
        style: 'danger',
      }),
    );
  }
  return elements;
}

function footerText(incident: Incident, runbook: Runbook | undefined): string {
  const parts = [
    `Incident ${value(incident.id, 60)}`,
    value(incident.source, 30),
    value(incident.type, 120),
    runbook ? `runbook ${value(runbook.id, 80)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.join(' · ');
}

/** One line for notifications and screen readers; no mentions, no markup. */
export function incidentSummaryLine(incident: Incident): string {
  const sample = incident.sampleData ? `[${SAMPLE_LABEL}] ` : '';
  const severity = `${SEVERITY_EMOJI[incident.severityLabel]} ${SEVERITY_NAME[incident.severityLabel]}`;
  const where = `${cleanLine(incident.accountId)} ${cleanLine(incident.region)}`;
  const line = `${sample}${severity}: ${titleLine(incident)} — ${where} — ${statusWord(incident)} (${cleanLine(incident.id)})`;
  return escapeMrkdwn(truncate(line.replace(/<[@!#][^>]*>/g, ''), 300));
}

export function buildIncidentCard(
  incident: Incident,
  runbook: Runbook | undefined,
  options: IncidentCardOptions = {},
): SlackMessage {
  const resolved = incident.status === 'resolved';
  const top: MessageBlock[] = [header(headerText(incident), INCIDENT_BLOCK_IDS.header)];
  if (incident.sampleData) {
    top.push(context([`🧪 *${SAMPLE_LABEL}* — generated for a demo or test, not a real AWS finding.`]));
  }
  top.push(fieldsSection(fieldPairs(incident, runbook), INCIDENT_BLOCK_IDS.fields, 300));
  top.push(section({ text: statusDetails(incident).join('\n'), blockId: INCIDENT_BLOCK_IDS.status }));
  const description = safeMrkdwn(truncate(cleanLine(maskAccessKeysInText(incident.description)), 600));
  if (description.trim() !== '')
    top.push(section({ text: description, blockId: INCIDENT_BLOCK_IDS.description }));
  const actor = actorText(incident);
  if (actor) top.push(section({ text: actor, blockId: INCIDENT_BLOCK_IDS.actor }));
  top.push(
    section({
      text: runbook
        ? `📋 *Runbook: ${value(runbook.title, 150)}*${runbook.summary ? `\n${value(runbook.summary, 300)}` : ''}`
        : '📋 *No runbook matched.* Follow your incident response policy.',
      blockId: INCIDENT_BLOCK_IDS.runbook,
    }),
  );

  const bottom: MessageBlock[] = [];
  const links = linksText(incident);
  if (links) bottom.push(context([links], INCIDENT_BLOCK_IDS.links, 2500));
  if (!resolved) bottom.push(actions(actionElements(incident, options), actionsBlockId(incident.id)));
  bottom.push(context([footerText(incident, runbook)], INCIDENT_BLOCK_IDS.footer, 500));

  // One block and a little text stay in reserve for the "more steps" note.
  const used = blockTextLength(top) + blockTextLength(bottom);
  const steps = runbook
    ? buildStepBlocks({
        incident,
        runbook,
        budget: MESSAGE_TEXT_BUDGET - used - 200,
        maxBlocks: L.messageBlocks - top.length - bottom.length - 1,
        maxSteps: options.maxSteps ?? 30,
      })
    : { blocks: [], shown: 0 };
  const middle: MessageBlock[] = [...steps.blocks];
  const hidden = (runbook?.steps.length ?? 0) - steps.shown;
  if (runbook && hidden > 0) {
    middle.push(
      context([
        `➕ ${hidden} more step${hidden === 1 ? '' : 's'}: see workflows/runbooks/${value(runbook.id, 80)}.yaml`,
      ]),
    );
  }
  return { text: incidentSummaryLine(incident), blocks: [...top, ...middle, ...bottom] };
}
