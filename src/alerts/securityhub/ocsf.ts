import { z } from 'zod';
import type { Alert } from '../alert.js';
import { firstDate } from '../dates.js';
import { DETAIL_TYPES, eventBridgeEnvelopeSchema } from '../eventbridge.js';
import { safeHttpsUrl } from '../links.js';
import type { NormalizeContext } from '../options.js';
import { parseAs, reject } from '../problems.js';
import { combineOutcomes, ignored, normalized, type Outcome } from '../result.js';
import { cleanText, firstText } from '../text.js';
import { findingResource } from './resource.js';
import { ocsfSeverity } from './severity.js';

/**
 * Security Hub's OCSF findings (the current Security Hub; EventBridge detail-type "Findings
 * Imported V2", one finding per event in `detail.findings`). AWS documents the envelope
 * (securityhub-v2-cwe-event-formats) and points to the OCSF schema for the finding; only the
 * OCSF fields an alert needs are typed. A finding whose activity is Close, or whose status is
 * Suppressed or Resolved, or whose compliance check passed, is a recovery signal.
 */

const text = z.string().nullish();
const epochOrText = z.union([z.string(), z.number()]).nullish();

export const ocsfFindingSchema = z.looseObject({
  activity_name: text,
  class_name: text,
  finding_info: z.looseObject({
    uid: z.string().min(1),
    title: text,
    desc: text,
    types: z.array(z.string()).nullish(),
    created_time_dt: text,
    modified_time_dt: text,
    first_seen_time_dt: text,
    last_seen_time_dt: text,
  }),
  metadata: z.looseObject({
    product: z.looseObject({ name: text, uid: text, vendor_name: text }).nullish(),
  }),
  cloud: z.looseObject({ account: z.looseObject({ uid: text }).nullish(), region: text }).nullish(),
  severity: text,
  severity_id: z.number().nullish(),
  status: text,
  compliance: z.looseObject({ control: text, status: text }).nullish(),
  resources: z
    .array(
      z.looseObject({
        uid: text,
        name: text,
        type: text,
        region: text,
        tags: z.array(z.looseObject({ name: text, value: text })).nullish(),
      }),
    )
    .nullish(),
  remediation: z.looseObject({ desc: text, references: z.array(z.string()).nullish() }).nullish(),
  time_dt: text,
  time: epochOrText,
});
export type OcsfFinding = z.infer<typeof ocsfFindingSchema>;

export const OCSF_NAME = 'Security Hub finding (OCSF)';

function closedBecause(finding: OcsfFinding): string | undefined {
  if (finding.activity_name?.toLowerCase() === 'close') return 'its activity is Close';
  const status = finding.status?.toLowerCase();
  if (status === 'suppressed' || status === 'resolved') return `its status is ${finding.status}`;
  if (finding.compliance?.status?.toLowerCase() === 'pass') return 'its compliance check passed';
  return undefined;
}

function tagsOf(
  tags:
    | ReadonlyArray<{ name?: string | null | undefined; value?: string | null | undefined }>
    | null
    | undefined,
) {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const name = cleanText(tag.name);
    if (name !== undefined) record[name] = cleanText(tag.value) ?? '';
  }
  return record;
}

interface OcsfOrigin {
  readonly shapeName: string;
  readonly path?: string;
  readonly envelope?: { readonly accountId?: string | undefined; readonly region?: string | undefined };
}

function outcomeFromOcsf(
  finding: OcsfFinding,
  raw: unknown,
  context: NormalizeContext,
  origin: OcsfOrigin,
): Outcome {
  const at = (field: string) => (origin.path ? `${origin.path}.${field}` : field);
  const info = finding.finding_info;
  const first = finding.resources?.[0];
  const accountId = firstText(finding.cloud?.account?.uid, origin.envelope?.accountId);
  const region = firstText(finding.cloud?.region, first?.region, origin.envelope?.region);
  if (accountId === undefined)
    throw reject(origin.shapeName, at('cloud.account.uid'), 'missing (expected string)');
  if (region === undefined) throw reject(origin.shapeName, at('cloud.region'), 'missing (expected string)');
  const closed = closedBecause(finding);
  const severity = ocsfSeverity(finding.severity_id, finding.severity);
  const title = firstText(info.title, finding.compliance?.control) ?? info.uid;
  if (severity === undefined && closed === undefined) {
    return ignored(`Security Hub finding "${title}" is Informational, which opens no incident`);
  }
  const product = firstText(finding.metadata.product?.name) ?? 'Security Hub';
  const isGuardDuty = product.toLowerCase() === 'guardduty';
  const resource = findingResource(
    firstText(first?.type) ?? 'Unknown',
    firstText(first?.uid, first?.name) ?? 'unknown',
    tagsOf(first?.tags),
  );
  const lastSeen =
    firstDate(info.last_seen_time_dt, info.modified_time_dt, finding.time_dt) ?? context.receivedAt;
  const firstSeen = firstDate(info.first_seen_time_dt, info.created_time_dt) ?? lastSeen;
  const remediation = (finding.remediation?.references ?? []).map(safeHttpsUrl).find(Boolean);
  const score = severity ?? { score: 0, label: 'low' as const };
  const control = cleanText(finding.compliance?.control);
  const alert: Alert = {
    // GuardDuty's uid is its finding ARN; its last part is the id the direct path keys on.
    dedupeKey: (isGuardDuty ? /\/finding\/([^/]+)$/.exec(info.uid)?.[1] : undefined) ?? info.uid,
    source: isGuardDuty ? 'guardduty' : 'securityhub',
    accountId,
    region,
    severity: score.score,
    severityLabel: score.label,
    type: control ?? firstText(...(info.types ?? []), finding.class_name) ?? title,
    title,
    description: [
      cleanText(info.desc),
      `Reported by ${product} through Security Hub.`,
      control && `Control: ${control}`,
      `Resource: ${resource.type} ${resource.id}`,
      cleanText(finding.remediation?.desc) && `Remediation: ${cleanText(finding.remediation?.desc)}`,
    ]
      .filter((line): line is string => Boolean(line))
      .join('\n'),
    resource,
    firstSeen: firstSeen.toISOString(),
    lastSeen: lastSeen.toISOString(),
    count: 1,
    ...(closed ? { alarmState: 'OK' as const } : {}),
    revision:
      firstDate(info.modified_time_dt, finding.time_dt)?.toISOString() ??
      `raw:${String(info.modified_time_dt)}`,
    links: remediation ? { remediation } : {},
    raw,
  };
  return normalized([alert]);
}

export function alertFromOcsfFinding(input: unknown, context: NormalizeContext): Outcome {
  const finding = parseAs(ocsfFindingSchema, input, OCSF_NAME);
  return outcomeFromOcsf(finding, input, context, { shapeName: OCSF_NAME });
}

const EVENT_NAME = 'EventBridge "Findings Imported V2" event';
const detailSchema = z.looseObject({ findings: z.array(z.unknown()) });

export function alertsFromOcsfEvent(input: unknown, context: NormalizeContext): Outcome {
  const event = parseAs(eventBridgeEnvelopeSchema, input, EVENT_NAME);
  if (event['detail-type'] !== DETAIL_TYPES.securityHubFindingsImportedV2) {
    throw reject(EVENT_NAME, 'detail-type', `expected "${DETAIL_TYPES.securityHubFindingsImportedV2}"`);
  }
  const detail = parseAs(detailSchema, event.detail, EVENT_NAME, { prefix: 'detail' });
  const envelope = { accountId: cleanText(event.account), region: cleanText(event.region) };
  const outcomes = detail.findings.map((raw, i) => {
    const path = `detail.findings[${i}]`;
    const finding = parseAs(ocsfFindingSchema, raw, EVENT_NAME, { prefix: path });
    const kept = detail.findings.length === 1 ? input : raw;
    return outcomeFromOcsf(finding, kept, context, { shapeName: EVENT_NAME, path, envelope });
  });
  return combineOutcomes(outcomes, EVENT_NAME);
}
