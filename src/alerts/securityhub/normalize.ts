import type { Alert, AlertActor } from '../alert.js';
import { firstDate } from '../dates.js';
import { isRegionCode, safeHttpsUrl } from '../links.js';
import type { NormalizeContext } from '../options.js';
import { parseAs, reject } from '../problems.js';
import { ignored, normalized, type Outcome } from '../result.js';
import { cleanText, definedOnly, firstText } from '../text.js';
import {
  type AsffProduct,
  controlIdOf,
  findingTypeOf,
  guardDutyFindingId,
  productName,
  productOf,
} from './product.js';
import { findingResource } from './resource.js';
import { type AsffFinding, asffFindingSchema } from './schema.js';
import { asffSeverity } from './severity.js';

/**
 * One ASFF finding (Security Hub CSPM) as an alert. GuardDuty findings keep source `guardduty`,
 * GuardDuty's type and score, and GuardDuty's finding id as their dedupe key, so a finding that
 * also arrives directly lands on the same incident. A finding that Security Hub says is done
 * (workflow SUPPRESSED or RESOLVED, record ARCHIVED, a control that PASSED) is a recovery
 * signal (`alarmState: 'OK'`), the path an alarm's OK takes: it recovers the open incident and
 * opens nothing.
 */

export const ASFF_NAME = 'Security Hub finding (ASFF)';

/** Where the finding came from: defaults its envelope provides, and where errors point. */
export interface AsffOrigin {
  readonly shapeName: string;
  /** Prefix for error paths (`detail.findings[0]`). */
  readonly path?: string;
  readonly envelope?: { readonly accountId?: string | undefined; readonly region?: string | undefined };
}

const DONE_WORKFLOW = new Set(['SUPPRESSED', 'RESOLVED']);

/** Why the finding is closed in Security Hub, or undefined while it is live. */
export function closedBecause(finding: AsffFinding): string | undefined {
  const workflow = firstText(finding.Workflow?.Status, finding.WorkflowState)?.toUpperCase();
  if (finding.RecordState?.toUpperCase() === 'ARCHIVED') return 'its record state is ARCHIVED';
  if (workflow && DONE_WORKFLOW.has(workflow)) return `its workflow status is ${workflow}`;
  if (finding.Compliance?.Status?.toUpperCase() === 'PASSED') return 'its control check PASSED';
  return undefined;
}

function actorOf(finding: AsffFinding): AlertActor | undefined {
  const call = finding.Action?.AwsApiCallAction;
  const actor = definedOnly({
    sourceIp: firstText(call?.RemoteIpDetails?.IpAddressV4, finding.Network?.SourceIpV4),
    api: cleanText(call?.Api),
  });
  return Object.keys(actor).length > 0 ? actor : undefined;
}

function regionOf(finding: AsffFinding, origin: AsffOrigin): string | undefined {
  const fromProductArn = finding.ProductArn.split(':')[3];
  return firstText(
    finding.Region,
    finding.Resources[0]?.Region,
    origin.envelope?.region,
    fromProductArn && isRegionCode(fromProductArn) ? fromProductArn : undefined,
  );
}

function descriptionOf(finding: AsffFinding, product: AsffProduct, resourceLine: string): string {
  const control = product === 'securityhub' ? controlIdOf(finding) : undefined;
  const rule =
    product === 'config' ? cleanText(finding.ProductFields?.['aws/config/ConfigRuleName']) : undefined;
  const more = finding.Resources.length > 1 ? ` (and ${finding.Resources.length - 1} more)` : '';
  const workflow = firstText(finding.Workflow?.Status, finding.WorkflowState);
  return [
    cleanText(finding.Description),
    product === 'securityhub'
      ? 'Reported by a Security Hub CSPM control check.'
      : `Reported by ${productName(finding)} through Security Hub.`,
    control && `Control: ${control}`,
    rule && `Config rule: ${rule}`,
    `Resource: ${resourceLine}${more}`,
    cleanText(finding.Remediation?.Recommendation?.Text) &&
      `Remediation: ${cleanText(finding.Remediation?.Recommendation?.Text)}`,
    workflow && workflow.toUpperCase() !== 'NEW' ? `Workflow status: ${workflow}` : undefined,
  ]
    .filter((line): line is string => Boolean(line))
    .join('\n');
}

function titleOf(finding: AsffFinding, product: AsffProduct): string {
  const control = product === 'securityhub' ? controlIdOf(finding) : undefined;
  const title = cleanText(finding.Title) ?? finding.Title;
  return control && !title.startsWith(control) ? `${control} ${title}` : title;
}

/** Builds the alert from a parsed finding; `raw` is what the caller received. */
export function outcomeFromAsffFinding(
  finding: AsffFinding,
  raw: unknown,
  context: NormalizeContext,
  origin: AsffOrigin,
): Outcome {
  const product = productOf(finding);
  const at = (field: string) => (origin.path ? `${origin.path}.${field}` : field);
  const accountId = firstText(finding.AwsAccountId, origin.envelope?.accountId);
  const region = regionOf(finding, origin);
  if (accountId === undefined)
    throw reject(origin.shapeName, at('AwsAccountId'), 'missing (expected string)');
  if (region === undefined) {
    throw reject(
      origin.shapeName,
      at('Region'),
      'missing, and neither its resources nor ProductArn name one',
    );
  }
  const closed = closedBecause(finding);
  const severity = asffSeverity(finding, product === 'guardduty');
  if (severity === undefined && closed === undefined) {
    return ignored(`Security Hub finding "${finding.Title}" is INFORMATIONAL, which opens no incident`);
  }
  const [first] = finding.Resources;
  const resource = findingResource(first?.Type ?? 'Unknown', first?.Id ?? 'unknown', first?.Tags);
  const lastSeen =
    firstDate(finding.LastObservedAt, finding.UpdatedAt, finding.CreatedAt) ?? context.receivedAt;
  const firstSeen = firstDate(finding.FirstObservedAt, finding.CreatedAt) ?? lastSeen;
  const remediation = safeHttpsUrl(finding.Remediation?.Recommendation?.Url);
  const actor = actorOf(finding);
  const score = severity ?? { score: 0, label: 'low' as const };
  const alert: Alert = {
    dedupeKey: (product === 'guardduty' ? guardDutyFindingId(finding) : undefined) ?? finding.Id,
    source: product === 'guardduty' ? 'guardduty' : 'securityhub',
    accountId,
    region,
    severity: score.score,
    severityLabel: score.label,
    type: findingTypeOf(finding, product),
    title: titleOf(finding, product),
    description: descriptionOf(finding, product, `${resource.type} ${resource.id}`),
    resource,
    ...(actor ? { actor } : {}),
    firstSeen: firstSeen.toISOString(),
    lastSeen: lastSeen.toISOString(),
    count: Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, Math.floor(finding.Count ?? 1))),
    ...(closed ? { alarmState: 'OK' as const } : {}),
    // Same on every delivery of one finding version (it keys the alert job id).
    revision: firstDate(finding.UpdatedAt)?.toISOString() ?? `raw:${String(finding.UpdatedAt)}`,
    links: remediation ? { remediation } : {},
    raw,
  };
  return normalized([alert]);
}

/** A bare ASFF finding (one of GetFindings' `Findings`, or a finding saved from the console). */
export function alertFromAsffFinding(input: unknown, context: NormalizeContext): Outcome {
  const finding = parseAs(asffFindingSchema, input, ASFF_NAME);
  return outcomeFromAsffFinding(finding, input, context, { shapeName: ASFF_NAME });
}
