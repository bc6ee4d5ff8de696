import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertFact } from '../../src/alerts/alert.js';
import { CIS_DETECTIONS } from '../../src/digest/cis-detections.js';
import { computeDigestFigures } from '../../src/digest/figures.js';
import { buildDigestBlocks } from '../../src/digest/message.js';
import { buildScorecard } from '../../src/digest/scorecard.js';
import type { AuditReport } from '../../src/iam/model.js';
import { buildReportMessage } from '../../src/iam/review/report-blocks.js';
import { buildIncidentCard } from '../../src/incidents/card/index.js';
import type { IncidentHistoryRecord } from '../../src/incidents/history.js';
import type { Incident } from '../../src/incidents/incident.js';
import { formatIncident, formatIncidentList } from '../../src/incidents/listing.js';
import { parseMrkdwn, visibleText } from '../../src/sandbox/web/public/mrkdwn.js';

/**
 * Whatever the data, what a responder reads is the data: wildcards and mrkdwn characters in AWS
 * values (`"*" on "*"`, `aws-portal:*`, `_tmp_`, `~/.aws`, backticks) reach the screen as
 * written. Each message is rendered the way Slack renders mrkdwn (the sandbox's renderer, which
 * emulates it) and every generated value must appear in the visible text.
 */

/** Values full of what mrkdwn reads as markup, in the shapes AWS data takes. */
const MARKUP_VALUE = fc
  .array(
    fc.oneof(
      fc.constantFrom('*', '_', '~', '`', '&', '<', '>', '"', ':', '/', '-', '.', '|', '!', '(', ')', ','),
      fc.constantFrom('iam', 's3', 'aws-portal', 'Get', 'a', 'b', '1', '2', 'prod', 'role'),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Everything a reader sees of a message's blocks, one text per line. */
function seen(blocks: readonly unknown[]): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(visibleText(parseMrkdwn(o.text)));
    else if (o.type === 'plain_text' && typeof o.text === 'string') out.push(o.text);
    else for (const v of Object.values(o)) walk(v);
  };
  walk(blocks);
  return out.join('\n');
}

const seenMrkdwn = (text: string) => visibleText(parseMrkdwn(text));

function incident(v: string, facts: AlertFact[]): Incident {
  return {
    id: 'INC-p1r0p',
    status: 'triggered',
    escalationLevel: 0,
    severity: 7,
    severityLabel: 'high',
    source: 'guardduty',
    type: 'PrivilegeEscalation:IAMUser/AnomalousBehavior',
    title: `Policy allows ${v}`,
    description: `The policy allows ${v}.`,
    accountId: '310987654322',
    region: 'eu-west-1',
    resource: { type: 'IAMPolicy', id: v, tags: {} },
    links: {},
    dedupeKeys: ['f00d'],
    owner: { team: v, source: 'tag:owner' },
    runbookId: 'guardduty-generic',
    runbookSteps: {},
    occurrences: 1,
    firstSeen: '2025-03-10T08:00:00.000Z',
    lastSeen: '2025-03-10T08:00:00.000Z',
    openedAt: '2025-03-10T08:00:00.000Z',
    reopenedCount: 0,
    version: 1,
    facts,
  };
}

const NOW = new Date('2025-03-10T09:00:00.000Z');

describe('every Slack text the bot writes shows data exactly as it is', () => {
  it('incident card: title, resource, owner and key facts (prose and identifiers)', () => {
    fc.assert(
      fc.property(MARKUP_VALUE, MARKUP_VALUE, MARKUP_VALUE, (v, w, x) => {
        const card = buildIncidentCard(
          incident(v, [
            { label: 'Policy', value: w, kind: 'text' },
            { label: 'Action', value: x, kind: 'code' },
          ]),
          undefined,
        );
        const text = seen(card.blocks);
        expect(text).toContain(`Policy allows ${v}`);
        expect(text).toContain(w);
        expect(text).toContain(x);
      }),
    );
  });

  it('/incidents listing and one incident', () => {
    fc.assert(
      fc.property(MARKUP_VALUE, (v) => {
        const i = incident(v, []);
        expect(seenMrkdwn(formatIncidentList([i], NOW, new Map()))).toContain(`Policy allows ${v}`);
        const one = seenMrkdwn(formatIncident(i, NOW, undefined));
        expect(one).toContain(`Policy allows ${v}`);
        expect(one).toContain(`owner ${v}`);
      }),
    );
  });

  it('access-review report: principal, evidence and fix', () => {
    fc.assert(
      fc.property(MARKUP_VALUE, MARKUP_VALUE, (v, w) => {
        const report: AuditReport = {
          generatedAt: '2025-03-10T09:00:00.000Z',
          scope: 'account',
          counts: { critical: 0, high: 1, medium: 0, low: 0 },
          score: 90,
          findings: [
            {
              checkId: 'wildcard-admin',
              severity: 'high',
              principal: { kind: 'role', name: v },
              evidence: `allows "${w}" on "${w}"`,
              fix: `remove ${w}`,
            },
          ],
          principals: [],
          checksRun: ['wildcard-admin'],
          checksSkipped: [],
        } as unknown as AuditReport;
        const text = seen(
          buildReportMessage(report, { reportId: 'r1', accountLabel: 'acct', requestedBy: 'U0REVIEW' })
            .blocks,
        );
        expect(text).toContain(`role ${v}`);
        expect(text).toContain(`allows "${w}" on "${w}"`);
        expect(text).toContain(`remove ${w}`);
      }),
    );
  });

  it('weekly digest: finding types, resources and owners', () => {
    fc.assert(
      fc.property(MARKUP_VALUE, MARKUP_VALUE, (v, w) => {
        // Three of one type on one resource, still open after days: noisy and stale, so listed.
        const records: IncidentHistoryRecord[] = [1, 2, 3].map((n) => ({
          incidentId: `INC-d${n}`,
          severityLabel: 'high',
          source: 'guardduty',
          type: v,
          resourceKey: w,
          accountId: '310987654322',
          escalations: 0,
          hadSpecificRunbook: true,
          openedAt: `2025-03-0${4 + n}T08:00:00.000Z`,
          owner: w,
        }));
        const figures = computeDigestFigures({ records, muteRules: [], now: NOW, timeZone: 'UTC', topN: 5 });
        const scorecard = buildScorecard({
          now: NOW,
          accessReviews: [],
          posture: [],
          detections: { wired: [], mode: 'alarm', catalogue: CIS_DETECTIONS },
          figures,
          mttaTargets: { critical: 15, high: 60, medium: 240, low: 1440 },
          ownership: {
            resources: { withOwner: 0, total: 0 },
            principals: { couldNotCheck: true, missingPermission: 'iam:ListRoles', reason: 'not checked' },
          },
        });
        const text = seen(
          buildDigestBlocks(figures, scorecard, { title: 'Digest', scopeLabel: 'all' }).blocks,
        );
        expect(text).toContain(v);
        expect(text).toContain(w);
      }),
    );
  });
});
