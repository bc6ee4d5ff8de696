import type { AlertFact } from '../../alerts/alert.js';
import { maskAccessKeysInText } from '../../platform/log/mask.js';
import { actions, context, header, section } from '../../slack/blocks/blocks.js';
import { button, staticSelect, usersSelect } from '../../slack/blocks/elements.js';
import { mrkdwnLink } from '../../slack/blocks/links.js';
import { cleanLine, escapeMrkdwn, safeMrkdwn, truncate } from '../../slack/blocks/text.js';
import type { ActionElement, MessageBlock, SlackMessage } from '../../slack/blocks/types.js';
import type { Incident } from '../incident.js';
import type { Runbook } from '../runbooks/schema.js';
import { factsFor } from './facts/index.js';
import { code, SEVERITY_EMOJI, SEVERITY_NAME, severityBadge, value } from './format.js';
import {
  actionsBlockId,
  encodeChoiceValue,
  INCIDENT_ACTION_IDS,
  INCIDENT_BLOCK_IDS,
  SNOOZE_CHOICES,
} from './ids.js';
import { occurrencesPart, resolutionLine, runbookProgress, statusLine, statusWord } from './status.js';
import { visibleLength } from './visible.js';

/**
 * The incident card: what a responder reads and acts on in five seconds. Open, it is at most six
 * blocks: the header (severity, title), one context line (account, region, resource, owner), the
 * actions, up to six key facts, the status line, and the links (the thread holds the runbook
 * steps and the timeline). Resolved, it collapses to three: header, who resolved it and why,
 * links. Each fact appears once. Pure: the same incident and runbook always give the same card,
 * and whatever the input, it stays within {@link CARD_VISIBLE_BUDGET} visible characters.
 */

export interface IncidentCardOptions {
  /** Show "Mute similar" (the handler still checks the security-admin role). Default true. */
  readonly showMuteButton?: boolean;
  /**
   * More actions for an open card from features above incidents (the remediation Contain…
   * menu), placed after Runbook; the composition root decides what goes here.
   */
  readonly extraActions?: readonly ActionElement[];
}

/** Visible characters an open card may show (the limit is 1,200; this keeps a margin). */
export const CARD_VISIBLE_BUDGET = 1_150;
export const MAX_CARD_FACTS = 6;
/** Longest title in the header (Slack's header limit is 150 with the badge). */
const TITLE_MAX = 110;
const SAMPLE_DATA = '🧪 SAMPLE DATA';
const VENDOR_SAMPLE = '🧪 GuardDuty sample finding';

function titleText(incident: Incident): string {
  return truncate(cleanLine(maskAccessKeysInText(incident.title)), TITLE_MAX);
}

function headerText(incident: Incident): string {
  const badge = severityBadge(incident.severityLabel);
  return incident.status === 'resolved'
    ? `✅ ${SEVERITY_EMOJI[incident.severityLabel]} ${titleText(incident)}`
    : `${badge} · ${titleText(incident)}`;
}

/** Account name and id, region, resource, owner; the sample label, once, when there is one. */
function contextLine(incident: Incident): string {
  const account = incident.accountAlias
    ? `*${value(incident.accountAlias, 50)}* ${value(incident.accountId, 40)}`
    : value(incident.accountId, 40);
  const owner = incident.owner ? `owner *${value(incident.owner.team, 60)}*` : 'owner unknown';
  const sample = incident.vendorSample ? VENDOR_SAMPLE : incident.sampleData ? SAMPLE_DATA : undefined;
  const parts = [
    account,
    value(incident.region, 30),
    `${value(incident.resource.type, 40)} ${code(incident.resource.id, 90)}`,
    owner,
    sample && `*${sample}*`,
  ];
  return parts.filter((p): p is string => p !== undefined).join(' · ');
}

// A link is Slack text too: a full access key id in a URL is masked (the link then opens the page
// without that filter), because key ids never go to Slack in full.
function link(url: string, label: string): string {
  return mrkdwnLink(maskAccessKeysInText(url), label, 800);
}

/** `https://slack.com/archives/<channel>/p<ts>`: Slack's permalink form, resolved by any client. */
function threadLink(incident: Incident): string {
  const card = incident.card;
  if (!card || !/^C[A-Z0-9]+$|^G[A-Z0-9]+$/.test(card.channel) || !/^\d+\.\d+$/.test(card.ts))
    return '🧵 Runbook steps and timeline in the thread';
  return link(
    `https://slack.com/archives/${card.channel}/p${card.ts.replace('.', '')}`,
    '🧵 Thread: runbook steps, timeline',
  );
}

function linksText(incident: Incident): string {
  const { links } = incident;
  const parts = [
    links.guardDutyFinding === undefined ? undefined : link(links.guardDutyFinding, 'GuardDuty finding'),
    links.cloudTrailEventHistory === undefined
      ? undefined
      : link(links.cloudTrailEventHistory, 'CloudTrail events'),
    links.alarm === undefined ? undefined : link(links.alarm, 'CloudWatch alarm'),
    links.remediation === undefined ? undefined : link(links.remediation, 'Remediation'),
    threadLink(incident),
  ];
  return `🔗 ${parts.filter((p): p is string => p !== undefined).join(' · ')}`;
}

function actionElements(
  incident: Incident,
  runbook: Runbook | undefined,
  options: IncidentCardOptions,
): ActionElement[] {
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
        text: 'This raises it to the next escalation level and pages the on-call group, when one is set.',
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
  if (runbook) {
    elements.push(button({ actionId: INCIDENT_ACTION_IDS.runbook, text: 'Runbook', value: incident.id }));
  }
  elements.push(...(options.extraActions ?? []));
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

/** What the action row shows: button texts and select placeholders. */
function actionsVisibleLength(elements: readonly ActionElement[]): number {
  return elements.reduce((n, el) => {
    if (el.type === 'button') return n + el.text.text.length;
    if ('placeholder' in el && el.placeholder) return n + el.placeholder.text.length;
    return n;
  }, 0);
}

function factField(fact: AlertFact, max: number): string {
  const shown = fact.kind === 'code' ? code(fact.value, max) : value(fact.value, max);
  return `*${value(fact.label, 30)}*\n${shown}`;
}

/**
 * Up to six facts as fields, each value cut so all of them fit `budget` visible characters;
 * when even short values would not fit, the last facts are left out (they are the least telling).
 */
export function factFields(facts: readonly AlertFact[], budget: number): string[] {
  for (let count = Math.min(MAX_CARD_FACTS, facts.length); count > 0; count--) {
    const kept = facts.slice(0, count);
    for (let max = 140; max >= 24; max -= 8) {
      const fields = kept.map((f) => factField(f, max));
      const length = fields.reduce((n, f) => n + visibleLength(f), 0);
      if (length <= budget) return fields;
    }
  }
  return [];
}

/** One line for notifications and screen readers; no mentions, no markup. */
export function incidentSummaryLine(incident: Incident): string {
  const sample = incident.vendorSample ? '[GuardDuty sample] ' : incident.sampleData ? '[SAMPLE DATA] ' : '';
  const severity = `${SEVERITY_EMOJI[incident.severityLabel]} ${SEVERITY_NAME[incident.severityLabel]}`;
  const where = `${cleanLine(incident.accountId)} ${cleanLine(incident.region)}`;
  const line = `${sample}${severity}: ${titleText(incident)} — ${where} — ${statusWord(incident)} (${cleanLine(incident.id)})`;
  return escapeMrkdwn(truncate(line.replace(/<[@!#][^>]*>/g, ''), 300));
}

function resolvedCard(incident: Incident, runbook: Runbook | undefined): MessageBlock[] {
  const footer = [occurrencesPart(incident), runbookProgress(incident, runbook), value(incident.id, 60)];
  return [
    header(headerText(incident), INCIDENT_BLOCK_IDS.header),
    section({
      text: `${resolutionLine(incident)}\n${contextLine(incident)}`,
      blockId: INCIDENT_BLOCK_IDS.resolution,
    }),
    context([`${footer.join(' · ')} · ${linksText(incident)}`], INCIDENT_BLOCK_IDS.links, 2500),
  ];
}

function openCard(
  incident: Incident,
  runbook: Runbook | undefined,
  options: IncidentCardOptions,
): MessageBlock[] {
  const head = header(headerText(incident), INCIDENT_BLOCK_IDS.header);
  const where = contextLine(incident);
  const elements = actionElements(incident, runbook, options);
  const status = statusLine(incident, runbook);
  const links = linksText(incident);
  const used =
    headerText(incident).length +
    visibleLength(where) +
    actionsVisibleLength(elements) +
    visibleLength(status) +
    visibleLength(links);
  const fields = factFields(factsFor(incident), CARD_VISIBLE_BUDGET - used);
  // Without facts, the start of the description stands in, within what the budget leaves.
  const room = Math.min(280, CARD_VISIBLE_BUDGET - used);
  const description =
    room < 40 ? '' : safeMrkdwn(truncate(cleanLine(maskAccessKeysInText(incident.description)), room));
  const body =
    fields.length > 0
      ? section({ fields, blockId: INCIDENT_BLOCK_IDS.facts })
      : description.trim() === ''
        ? undefined
        : section({ text: description, blockId: INCIDENT_BLOCK_IDS.description });
  return [
    head,
    context([where], INCIDENT_BLOCK_IDS.context, 1000),
    actions(elements, actionsBlockId(incident.id)),
    ...(body ? [body] : []),
    context([status], INCIDENT_BLOCK_IDS.status, 1000),
    context([links], INCIDENT_BLOCK_IDS.links, 2500),
  ];
}

export function buildIncidentCard(
  incident: Incident,
  runbook: Runbook | undefined,
  options: IncidentCardOptions = {},
): SlackMessage {
  const blocks =
    incident.status === 'resolved' ? resolvedCard(incident, runbook) : openCard(incident, runbook, options);
  return { text: incidentSummaryLine(incident), blocks };
}
