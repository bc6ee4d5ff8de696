import { type CouldNotCheck, isCouldNotCheck, type PostureSnapshot } from '../aws/posture/port.js';
import { plural } from '../slack/blocks/text.js';
import { CIS_DETECTIONS, type CisDetection } from './cis-detections.js';
import { decideLine, type Finding, listSome, type ScorecardLine } from './scorecard-line.js';

/**
 * Rule (see `rules` in scorecard-rules.ts): a multi-region trail that is logging and GuardDuty
 * in every configured region, else at-risk; fewer than the 15 CIS detections wired needs
 * attention.
 */

export interface DetectionCoverage {
  /** Detection ids the deployment has wired (e.g. `cis-root-account-usage`). */
  wired: readonly string[];
  /** How they are wired, shown as-is: `alarm` (metric filter + SNS) or `poll` (log watch). */
  mode: string;
  /** @defaultValue CIS_DETECTIONS */
  catalogue?: readonly CisDetection[];
}

type TrailVerdict = 'logging' | 'none' | 'unknown';

function trailVerdict(snapshot: PostureSnapshot, unknowns: CouldNotCheck[]): TrailVerdict {
  if (isCouldNotCheck(snapshot.trails)) {
    unknowns.push(snapshot.trails);
    return 'unknown';
  }
  const multiRegion = snapshot.trails.filter((t) => t.multiRegion);
  if (multiRegion.some((t) => t.logging === true)) return 'logging';
  const unknownStatus = multiRegion.map((t) => t.logging).filter(isCouldNotCheck);
  if (unknownStatus.length) {
    unknowns.push(...unknownStatus);
    return 'unknown';
  }
  return 'none';
}

export function loggingLine(
  snapshots: readonly PostureSnapshot[],
  detections: DetectionCoverage,
): ScorecardLine {
  const unknowns: CouldNotCheck[] = [];
  const findings: Finding[] = [];
  const noTrail: string[] = [];
  const gdOff: string[] = [];
  let trailsLogging = 0;
  let regions = 0;
  let regionsOn = 0;
  for (const snapshot of snapshots) {
    const verdict = trailVerdict(snapshot, unknowns);
    if (verdict === 'none') noTrail.push(snapshot.accountId);
    if (verdict === 'logging') trailsLogging += 1;
    for (const gd of snapshot.guardDuty) {
      regions += 1;
      if (isCouldNotCheck(gd.enabled)) unknowns.push(gd.enabled);
      else if (gd.enabled) regionsOn += 1;
      else gdOff.push(`${gd.region} (${snapshot.accountId})`);
    }
  }
  const catalogue = detections.catalogue ?? CIS_DETECTIONS;
  const wired = new Set(detections.wired);
  const missing = catalogue.filter((d) => !wired.has(d.id));
  if (noTrail.length) {
    findings.push({
      status: 'at-risk',
      action: `Create or start a multi-region CloudTrail trail in account ${listSome(noTrail)}.`,
    });
  }
  if (gdOff.length) findings.push({ status: 'at-risk', action: `Enable GuardDuty in ${listSome(gdOff)}.` });
  if (missing.length) {
    findings.push({
      status: 'needs-attention',
      action: `Wire the missing CIS detections: ${listSome(missing.map((d) => `${d.id} ${d.title}`))}.`,
    });
  }
  const figure =
    `Multi-region trail logging in ${trailsLogging} of ${plural(snapshots.length, 'account')}; GuardDuty on in ${regionsOn} of ${plural(regions, 'region')}; ` +
    `CIS detections wired: ${catalogue.length - missing.length} of ${catalogue.length} (${detections.mode} mode).`;
  return decideLine({
    area: 'Logging and monitoring',
    figure,
    summary:
      `Trails in ${trailsLogging} of ${plural(snapshots.length, 'account')}, GuardDuty in ${regionsOn} of ${plural(regions, 'region')}, ` +
      `${catalogue.length - missing.length} of ${catalogue.length} CIS detections`,
    findings,
    unknowns,
    goodAction: 'Keep trails, GuardDuty and detections on; review detection alarms after each change.',
  });
}
