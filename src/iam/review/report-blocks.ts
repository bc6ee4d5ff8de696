import type { KnownBlock } from '@slack/types';
import { SEVERITY_EMOJI } from '../../platform/severity.js';
import {
  actions,
  button,
  context,
  divider,
  header,
  type MessageBlock,
  section,
} from '../../slack/blocks/index.js';
import { plural, safeMrkdwnLine, truncate } from '../../slack/blocks/text.js';
import type { AuditReport, Finding } from '../model.js';
import { SEVERITIES } from '../model.js';
import { partialNote } from '../run-audit.js';
import { ACCESS_REVIEW_ACTION_IDS } from './ids.js';

/**
 * The access-review report as a Slack message: a headline (counts by severity and the score), the
 * worst findings with principal, evidence and fix, and the Export CSV / Start review buttons. It
 * stays within Block Kit's limits for any report: a fixed number of blocks (at most 10 findings,
 * then "and N more"), every text cut to its limit and every AWS-sourced string escaped.
 */

/** Findings shown in the message; the rest are in the CSV export. */
export const REPORT_FINDINGS_SHOWN = 10;

export interface ReportMessageOptions {
  readonly reportId: string;
  readonly accountLabel: string;
  readonly requestedBy: string;
  readonly sampleData?: boolean;
  /** Private reports have no campaign button (a campaign posts to other people). */
  readonly private?: boolean;
}

export function headlineText(report: AuditReport): string {
  const counts = SEVERITIES.map((s) => `${report.counts[s]} ${s}`).join(' · ');
  return `Score ${report.score}/100 — ${counts}${partialNote(report)}`;
}

/** A Slack user mention for ids that look like one; anything else is shown as escaped text. */
function mention(userId: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(userId) ? `<@${userId}>` : safeMrkdwnLine(userId);
}

function principalLabel(finding: Finding): string {
  const p = finding.principal;
  if (p.kind === 'root') return 'root user';
  return p.kind === 'account' ? p.name : `${p.kind} ${p.name}`;
}

function findingSection(finding: Finding) {
  const text = [
    `${SEVERITY_EMOJI[finding.severity]} *${safeMrkdwnLine(finding.checkId)}* · ${safeMrkdwnLine(principalLabel(finding))}`,
    safeMrkdwnLine(truncate(finding.evidence, 1200)),
    `_Fix:_ ${safeMrkdwnLine(truncate(finding.fix, 800))}`,
  ].join('\n');
  return section({ text });
}

export function buildReportMessage(
  report: AuditReport,
  options: ReportMessageOptions,
): { text: string; blocks: KnownBlock[] } {
  const label = `${options.sampleData ? '[SAMPLE] ' : ''}IAM access review — ${options.accountLabel}`;
  const scope = report.scope === 'account' ? 'whole account' : report.scope;
  const headline = headlineText(report);
  const blocks: MessageBlock[] = [
    header(label),
    section({ text: `*${safeMrkdwnLine(headline)}*` }),
    context([
      `${safeMrkdwnLine(
        `Scope: ${scope} · ${plural(report.principals.length, 'principal')} · ${plural(report.checksRun.length, 'check')} · ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
      )} · requested by ${mention(options.requestedBy)}`,
      ...(options.sampleData ? ['Sample data from the sandbox account, not a real AWS account.'] : []),
    ]),
    divider(),
  ];
  const shown = report.findings.slice(0, REPORT_FINDINGS_SHOWN);
  if (shown.length === 0) blocks.push(section({ text: ':white_check_mark: No findings.' }));
  for (const finding of shown) blocks.push(findingSection(finding));
  const more = report.findings.length - shown.length;
  if (more > 0)
    blocks.push(context([`…and ${more} more finding${more === 1 ? '' : 's'} in the CSV export.`]));
  if (report.checksSkipped.length > 0) {
    const skipped = report.checksSkipped.map((s) => `${s.checkId} (${s.reason})`).join('; ');
    blocks.push(context([safeMrkdwnLine(truncate(`Not checked: ${skipped}`, 1500))]));
  }
  blocks.push(
    actions([
      button({ actionId: ACCESS_REVIEW_ACTION_IDS.exportCsv, text: 'Export CSV', value: options.reportId }),
      ...(options.private || report.principals.length === 0
        ? []
        : [
            button({
              actionId: ACCESS_REVIEW_ACTION_IDS.startCampaign,
              text: 'Start review',
              value: options.reportId,
              style: 'primary',
            }),
          ]),
    ]),
  );
  // Our builders keep to Slack's limits; @slack/types only differs in readonly-ness.
  return { text: `${label}: ${headline}`, blocks: blocks as unknown as KnownBlock[] };
}

/** The status message shown while the inventory is read. */
/** What each collection stage reads, in words (the stage names are the port's). */
const STAGE_WORDS: Readonly<Record<string, string>> = {
  'authorization-details': 'reading users, groups, roles and policies',
  'credential-report': 'reading the credential report',
  'password-policy': 'reading the password policy',
  summary: 'reading the account summary',
  'mfa-devices': 'reading the MFA devices',
  'server-certificates': 'reading the server certificates',
  'saml-providers': 'reading the SAML providers',
  'service-control-policies': 'reading the service control policies from AWS Organizations',
};

export function buildProgressMessage(
  accountLabel: string,
  progress: { stage: string; pages: number; principals: number; analysed?: number },
): { text: string; blocks: KnownBlock[] } {
  const fetched = `${plural(progress.pages, 'page')}, ${plural(progress.principals, 'principal')} fetched`;
  const reading = Object.hasOwn(STAGE_WORDS, progress.stage) ? STAGE_WORDS[progress.stage] : undefined;
  const detail =
    progress.analysed !== undefined
      ? `analysing ${plural(progress.analysed, 'principal')}`
      : reading
        ? `${reading} (${fetched})`
        : `${progress.stage}: ${fetched}`;
  const text = `:hourglass_flowing_sand: IAM access review of ${accountLabel} running — ${detail}…`;
  return { text, blocks: [section({ text: safeMrkdwnLine(text) })] as unknown as KnownBlock[] };
}
