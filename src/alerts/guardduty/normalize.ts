import { formatPath } from '../../platform/format-path.js';
import type { PathStyle } from '../../platform/zod-problems.js';
import { type Alert, severityLabel } from '../alert.js';
import { firstDate } from '../dates.js';
import { cloudTrailEventHistoryLink, guardDutyFindingLink } from '../links.js';
import type { NormalizeContext } from '../options.js';
import { parseAs, reject } from '../problems.js';
import { cleanText, firstText } from '../text.js';
import { guardDutyActor } from './actor.js';
import { guardDutyFacts } from './facts/index.js';
import { sequenceResource } from './facts/sequence.js';
import { camelCaseKeys } from './pascal.js';
import { guardDutyResource } from './resource.js';
import { type GuardDutyFinding, guardDutyFindingSchema } from './schema.js';

/** Where a finding came from: for error messages, and for defaults its envelope provides. */
export interface FindingOrigin {
  /** The input shape's name, for error messages. */
  readonly shapeName: string;
  /** How error paths are written (prefix, PascalCase for SDK input). */
  readonly style?: PathStyle;
  /** Account and region of the EventBridge event, used when the finding omits its own. */
  readonly envelope?: { readonly accountId?: string | undefined; readonly region?: string | undefined };
}

/** `arn:aws:guardduty:<region>:<account>:detector/...`: a fallback when the finding omits them. */
function arnPart(arn: string | null | undefined, index: 3 | 4): string | undefined {
  return cleanText(arn?.split(':')[index]);
}

/** GuardDuty's count as the Alert schema takes it: a safe integer of at least 1. */
function occurrences(count: number | null | undefined): number {
  return Math.min(Number.MAX_SAFE_INTEGER, Math.max(1, Math.floor(count ?? 1)));
}

function clampSeverity(score: number): number {
  return Math.min(10, Math.max(0, score));
}

/** Builds the alert from a parsed finding. `raw` is what the caller received, not the parsed copy. */
export function alertFromParsedFinding(
  finding: GuardDutyFinding,
  raw: unknown,
  context: NormalizeContext,
  origin: FindingOrigin,
): Alert {
  const { shapeName, style = {}, envelope = {} } = origin;
  // Redacted accounts (`XXXXXXXXXXXX`) are kept as given: they still group alerts.
  const accountId = firstText(finding.accountId, arnPart(finding.arn, 4), envelope.accountId);
  const region = firstText(finding.region, arnPart(finding.arn, 3), envelope.region);
  const missing = 'missing, and neither the finding arn nor its envelope names one';
  if (accountId === undefined) throw reject(shapeName, formatPath(['accountId'], style), missing);
  if (region === undefined) throw reject(shapeName, formatPath(['region'], style), missing);

  const received = context.receivedAt;
  const service = finding.service;
  const severity = clampSeverity(finding.severity);
  const declared = guardDutyResource(finding.resource, {
    accountId,
    region,
    partition: cleanText(finding.partition) ?? 'aws',
  });
  const read = guardDutyFacts(finding);
  // An attack sequence often names no resource of its own (the account stands in): the first
  // resource of the sequence says more than "AttackSequence <account id>".
  const fromSequence = declared.id === accountId ? sequenceResource(read.sequence) : undefined;
  const resource = fromSequence ? { ...declared, ...fromSequence } : declared;
  const actor = guardDutyActor(finding.resource, service);
  const lastSeen = firstDate(service?.eventLastSeen, finding.updatedAt) ?? received;
  const firstSeen = firstDate(service?.eventFirstSeen, finding.createdAt) ?? lastSeen;
  const findingLink = guardDutyFindingLink(region, finding.id);
  // Event history by user name, not access key id: cards mask key ids, and a masked id in a
  // link would filter on nothing.
  const userName = actor?.accessKeyId ? actor.principal : undefined;
  const keyLink = userName && cloudTrailEventHistoryLink(region, 'Username', userName);

  return {
    dedupeKey: finding.id,
    source: 'guardduty',
    accountId,
    region,
    severity,
    severityLabel: severityLabel(severity),
    type: finding.type,
    title: cleanText(finding.title) ?? finding.type,
    description: cleanText(finding.description) ?? cleanText(finding.title) ?? finding.type,
    resource,
    ...(actor ? { actor } : {}),
    firstSeen: firstSeen.toISOString(),
    lastSeen: lastSeen.toISOString(),
    count: occurrences(service?.count),
    // The revision must be the same on every delivery of one finding version (it keys the
    // alert job id, which is how redeliveries are stored once). A redacted or unparseable
    // updatedAt falls back to its raw text plus the occurrence count, never the receive time.
    revision:
      firstDate(finding.updatedAt)?.toISOString() ??
      `raw:${String(finding.updatedAt)}#${occurrences(service?.count)}`,
    ...(read.facts.length > 0 ? { facts: read.facts } : {}),
    ...(read.vendorSample ? { vendorSample: true } : {}),
    links: {
      ...(findingLink ? { guardDutyFinding: findingLink } : {}),
      ...(keyLink ? { cloudTrailEventHistory: keyLink } : {}),
    },
    raw,
  };
}

const CAMEL_NAME = 'GuardDuty finding (API/EventBridge camelCase)';
const SDK_NAME = 'GuardDuty finding (SDK v3 GetFindings, PascalCase)';

/** A finding in the wire shape: API JSON, an EventBridge `detail`, one of GetFindings' `findings`. */
export function alertFromGuardDutyFinding(input: unknown, context: NormalizeContext): Alert {
  return alertFromParsedFinding(parseAs(guardDutyFindingSchema, input, CAMEL_NAME), input, context, {
    shapeName: CAMEL_NAME,
  });
}

/** A finding as SDK v3 GetFindingsCommand returns it (PascalCase keys, some Date values). */
export function alertFromGuardDutySdkFinding(input: unknown, context: NormalizeContext): Alert {
  const style = { pascalCase: true };
  const finding = parseAs(guardDutyFindingSchema, camelCaseKeys(input), SDK_NAME, style);
  return alertFromParsedFinding(finding, input, context, { shapeName: SDK_NAME, style });
}
