import { type Checked, type CouldNotCheck, isCouldNotCheck } from '../aws/posture/port.js';
import { plural } from '../slack/blocks/text.js';
import { decideLine, type Finding, percent, type ScorecardLine } from './scorecard-line.js';
import { THRESHOLDS } from './scorecard-rules.js';

/**
 * Rule (see `rules` in scorecard-rules.ts): the lower of the two owner shares decides; an empty
 * set counts as fully owned (nothing is missing an owner).
 */

export interface OwnershipCount {
  withOwner: number;
  total: number;
}

export interface OwnershipInput {
  /** Resources named by incidents (this week or open). */
  resources: Checked<OwnershipCount>;
  /** IAM users and roles. */
  principals: Checked<OwnershipCount>;
}

function share(count: OwnershipCount): number {
  return count.total === 0 ? 1 : count.withOwner / count.total;
}

export function ownershipLine(input: OwnershipInput): ScorecardLine {
  const unknowns: CouldNotCheck[] = [];
  const findings: Finding[] = [];
  const parts: string[] = [];
  const short: string[] = [];
  const checks: Array<[string, Checked<OwnershipCount>, string]> = [
    [
      'incident resources',
      input.resources,
      'Tag the resources without an owner (owner/team tag) or add them to the ownership map.',
    ],
    [
      'IAM principals',
      input.principals,
      'Tag IAM users and roles with an owner, starting with those that have admin access.',
    ],
  ];
  for (const [label, count, action] of checks) {
    if (isCouldNotCheck(count)) {
      unknowns.push(count);
      parts.push(`${label}: unknown`);
      short.push(`${label} not counted`);
      continue;
    }
    parts.push(
      `${label} with a known owner: ${count.withOwner} of ${count.total} (${percent(count.withOwner, count.total)})`,
    );
    short.push(`${count.withOwner} of ${plural(count.total, label.replace(/s$/, ''), label)} owned`);
    const s = share(count);
    if (s < THRESHOLDS.ownershipAtRiskShare) findings.push({ status: 'at-risk', action });
    else if (s < THRESHOLDS.ownershipGoodShare) findings.push({ status: 'needs-attention', action });
  }
  const figure = parts.join('; ');
  return decideLine({
    area: 'Documentation and ownership',
    figure: `${figure.charAt(0).toUpperCase()}${figure.slice(1)}.`,
    summary: short.join(', '),
    findings,
    unknowns,
    goodAction: 'Keep owner tags on new resources and principals (enforce with a tag policy).',
  });
}
