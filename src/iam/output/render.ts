import { type AuditReport, SEVERITIES } from '../model.js';
import { CHECK_CATALOGUE } from '../rules/index.js';
import { partialNote } from '../run-audit.js';

/** The report as text (terminals), JSON (machines) and CSV (auditors, spreadsheets). */

const definitionOf = new Map(CHECK_CATALOGUE.map((d) => [d.id, d]));

export function renderReportText(report: AuditReport): string {
  const lines = [
    `IAM access review${report.accountId ? ` of ${report.accountId}` : ''} (${report.scope}) at ${report.generatedAt}`,
    `Score ${report.score}/100 — ${SEVERITIES.map((s) => `${report.counts[s]} ${s}`).join(', ')}${partialNote(report)}`,
    `${report.principals.length} principals, ${report.checksRun.length} checks`,
  ];
  for (const severity of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    lines.push('', `${severity.toUpperCase()} (${group.length})`);
    for (const f of group) {
      const title = definitionOf.get(f.checkId)?.title ?? f.checkId;
      lines.push(
        `  ${f.checkId} ${title}`,
        `    ${f.principal.kind} ${f.principal.name}: ${f.evidence}`,
        `    fix: ${f.fix}`,
      );
    }
  }
  if (report.findings.length === 0) lines.push('', 'No findings.');
  if (report.samlProviders?.length) {
    lines.push('', 'SAML providers:');
    for (const p of report.samlProviders)
      lines.push(
        `  ${p.name}: ${p.validUntil ? `${p.expired ? 'expired' : 'valid until'} ${p.validUntil.slice(0, 10)}` : 'no validity date'}`,
      );
  }
  if (report.checksSkipped.length) {
    lines.push('', 'Not checked:');
    for (const s of report.checksSkipped) lines.push(`  ${s.checkId}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderReportJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** RFC 4180 cell; a leading = + - @ is neutralized so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const REPORT_CSV_COLUMNS = [
  'check_id',
  'severity',
  'title',
  'cis',
  'security_hub',
  'prowler',
  'principal_kind',
  'principal_name',
  'principal_arn',
  'evidence',
  'fix',
] as const;

export function renderReportCsv(report: AuditReport): string {
  const rows = report.findings.map((f) => {
    const d = definitionOf.get(f.checkId);
    return [
      f.checkId,
      f.severity,
      d?.title ?? '',
      d?.cis ?? '',
      d?.securityHub ?? '',
      (d?.prowler ?? []).join(' '),
      f.principal.kind,
      f.principal.name,
      f.principal.arn ?? '',
      f.evidence,
      f.fix,
    ];
  });
  return `${[REPORT_CSV_COLUMNS as readonly string[], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
