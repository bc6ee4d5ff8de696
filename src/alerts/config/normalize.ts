import { formatPath } from '../../platform/format-path.js';
import { type Alert, SEVERITY_SCORE } from '../alert.js';
import { firstDate } from '../dates.js';
import { DETAIL_TYPES, eventBridgeEnvelopeSchema } from '../eventbridge.js';
import type { NormalizeContext } from '../options.js';
import { parseAs, reject } from '../problems.js';
import { ignored, normalized, type Outcome } from '../result.js';
import { cleanText, firstText } from '../text.js';
import { type ConfigComplianceChange, configComplianceChangeSchema } from './schema.js';

/**
 * A Config rule's compliance change as an alert: NON_COMPLIANT opens (or updates) the incident of
 * that rule and resource; COMPLIANT, or NOT_APPLICABLE (the resource left the rule's scope or was
 * deleted), is a recovery signal (`alarmState: 'OK'`, as an alarm's OK); INSUFFICIENT_DATA says
 * nothing either way and is ignored. Config has no severity of its own: every rule is `medium`.
 */

/**
 * Rules a conformance pack deploys are named `<rule>-conformance-pack-<pack id suffix>`; the
 * event carries no pack name, so the card names the rule and the pack's id suffix.
 */
export function conformancePackOf(ruleName: string): { rule: string; pack: string } | undefined {
  const match = /^(.+)-conformance-pack-([a-z0-9]+)$/.exec(ruleName);
  return match?.[1] && match[2] ? { rule: match[1], pack: match[2] } : undefined;
}

interface ConfigOrigin {
  readonly shapeName: string;
  readonly prefix?: string;
  readonly envelope?: { readonly accountId?: string | undefined; readonly region?: string | undefined };
}

function arnPart(arn: string | null | undefined, index: 3 | 4): string | undefined {
  return cleanText(arn?.split(':')[index]);
}

export function outcomeFromConfigChange(
  change: ConfigComplianceChange,
  raw: unknown,
  context: NormalizeContext,
  origin: ConfigOrigin,
): Outcome {
  const at = (field: string) => formatPath([field], origin.prefix ? { prefix: origin.prefix } : {});
  const result = change.newEvaluationResult;
  const qualifier = result.evaluationResultIdentifier?.evaluationResultQualifier;
  const compliance = result.complianceType;
  if (compliance === 'INSUFFICIENT_DATA') {
    return ignored(
      `Config rule "${change.configRuleName}" has INSUFFICIENT_DATA, which neither opens nor recovers`,
    );
  }
  const accountId = firstText(
    change.awsAccountId,
    origin.envelope?.accountId,
    arnPart(change.configRuleARN, 4),
  );
  const region = firstText(change.awsRegion, origin.envelope?.region, arnPart(change.configRuleARN, 3));
  const resourceType = firstText(change.resourceType, qualifier?.resourceType);
  const resourceId = firstText(change.resourceId, qualifier?.resourceId);
  if (accountId === undefined)
    throw reject(origin.shapeName, at('awsAccountId'), 'missing (expected string)');
  if (region === undefined) throw reject(origin.shapeName, at('awsRegion'), 'missing (expected string)');
  if (resourceType === undefined)
    throw reject(origin.shapeName, at('resourceType'), 'missing (expected string)');
  if (resourceId === undefined) throw reject(origin.shapeName, at('resourceId'), 'missing (expected string)');

  const pack = conformancePackOf(change.configRuleName);
  const rule = pack?.rule ?? change.configRuleName;
  const recorded =
    firstDate(result.resultRecordedTime, result.evaluationResultIdentifier?.orderingTimestamp) ??
    firstDate(change.notificationCreationTime) ??
    context.receivedAt;
  const previous = cleanText(change.oldEvaluationResult?.complianceType);
  const ruleText = pack ? `${rule} (conformance pack …${pack.pack})` : rule;
  const alert: Alert = {
    // One incident per rule and resource; the rule ARN names account and region.
    dedupeKey: `config|${firstText(change.configRuleARN) ?? `${accountId}|${region}|${change.configRuleName}`}|${resourceType}|${resourceId}`,
    source: 'config',
    accountId,
    region,
    severity: SEVERITY_SCORE.medium,
    severityLabel: 'medium',
    type: rule,
    title: `${compliance}: ${resourceType} ${resourceId} against Config rule ${ruleText}`,
    description: [
      cleanText(result.annotation) && `Annotation: ${cleanText(result.annotation)}`,
      `Config rule: ${change.configRuleName}`,
      pack && `Conformance pack rule: ${rule}, deployed by the pack whose id ends in ${pack.pack}`,
      `Resource: ${resourceType} ${resourceId}`,
      previous && `Was: ${previous}`,
    ]
      .filter((line): line is string => Boolean(line))
      .join('\n'),
    resource: { type: resourceType, id: resourceId, tags: {} },
    firstSeen: recorded.toISOString(),
    lastSeen: recorded.toISOString(),
    count: 1,
    ...(compliance === 'NON_COMPLIANT' ? {} : { alarmState: 'OK' as const }),
    revision: recorded.toISOString(),
    links: {},
    raw,
  };
  return normalized([alert]);
}

const EVENT_NAME = 'EventBridge "Config Rules Compliance Change" event';

export function alertFromConfigEvent(input: unknown, context: NormalizeContext): Outcome {
  const event = parseAs(eventBridgeEnvelopeSchema, input, EVENT_NAME);
  if (event['detail-type'] !== DETAIL_TYPES.configComplianceChange) {
    throw reject(EVENT_NAME, 'detail-type', `expected "${DETAIL_TYPES.configComplianceChange}"`);
  }
  const change = parseAs(configComplianceChangeSchema, event.detail, EVENT_NAME, { prefix: 'detail' });
  return outcomeFromConfigChange(change, input, context, {
    shapeName: EVENT_NAME,
    prefix: 'detail',
    envelope: { accountId: cleanText(event.account), region: cleanText(event.region) },
  });
}

const NOTIFICATION_NAME = 'AWS Config compliance change notification';

/** The JSON Config publishes to its SNS topic (the parsed `Message` of a Notification). */
export function alertFromConfigNotification(input: unknown, context: NormalizeContext): Outcome {
  const change = parseAs(configComplianceChangeSchema, input, NOTIFICATION_NAME);
  return outcomeFromConfigChange(change, input, context, { shapeName: NOTIFICATION_NAME });
}
