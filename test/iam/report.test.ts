import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, renderReportCsv, renderReportJson } from '../../src/iam/output/render.js';
import { buildReportMessage } from '../../src/iam/review/report-blocks.js';
import { CHECK_CATALOGUE } from '../../src/iam/rules/index.js';
import { runAudit } from '../../src/iam/run-audit.js';
import { allow, CATALOG, doc, inventory, NOW, reportRow, user } from './builders.js';

const messy = inventory({
  users: [
    user('=HYPERLINK("http://evil")', { inlinePolicies: [{ name: 'all', document: doc(allow(['*'])) }] }),
    user('quote"and,comma', {
      attachedPolicies: [{ arn: 'arn:aws:iam::aws:policy/X', name: '<!channel> @here' }],
    }),
    user('ok'),
  ],
  credentialReport: [reportRow('<root_account>', { mfaActive: false }), reportRow('ok')],
});

describe('the audit report', () => {
  it('counts by severity, scores, sorts worst first and lists every user as evidence', () => {
    const report = runAudit(messy, { catalog: CATALOG, now: NOW });
    // Low: the user's direct policy twice, and no role with AWSSupportAccess (ROLE-7).
    expect(report.counts).toEqual({ critical: 2, high: 0, medium: 0, low: 3 });
    expect(report.score).toBe(100 - 2 * 25 - 3 * 1);
    expect(report.findings.map((f) => f.severity)).toEqual(['critical', 'critical', 'low', 'low', 'low']);
    expect(report.principals.map((p) => [p.name, p.admin])).toEqual([
      ['=HYPERLINK("http://evil")', true],
      ['quote"and,comma', false],
      ['ok', false],
    ]);
    // A check that could not run is listed as skipped, never as run.
    expect(report.checksRun.filter((id) => report.checksSkipped.some((s) => s.checkId === id))).toEqual([]);
    expect(report.checksRun.length + report.checksSkipped.length).toBe(CHECK_CATALOGUE.length);
    expect(report.checksSkipped).toContainEqual({
      checkId: 'WK-IAM-PWD-1',
      reason: 'password policy not supplied',
    });
  });

  it('narrows to one principal and refuses one that does not exist', () => {
    const report = runAudit(messy, { catalog: CATALOG, now: NOW, scope: 'user:ok' });
    expect(report.findings).toEqual([]);
    expect(report.principals.map((p) => p.name)).toEqual(['ok']);
    expect(report.score).toBe(100);
    expect(() => runAudit(messy, { catalog: CATALOG, now: NOW, scope: 'role:ghost' })).toThrow(
      /no role named ghost/,
    );
    expect(() => runAudit(messy, { catalog: CATALOG, now: NOW, scope: 'group:x' })).toThrow(
      /not a review scope/,
    );
  });

  it('writes CSV a spreadsheet cannot turn into a formula, and JSON that round-trips', () => {
    const report = runAudit(messy, { catalog: CATALOG, now: NOW });
    const rows = parse(renderReportCsv(report), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.principal_name)).toContain(`'=HYPERLINK("http://evil")`);
    expect(rows.map((r) => r.principal_name)).toContain('quote"and,comma');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(JSON.parse(renderReportJson(report))).toEqual(report);
  });

  it('keeps the Slack report within Block Kit limits and escapes what AWS returned', () => {
    const many = inventory({
      users: Array.from({ length: 300 }, (_, i) =>
        user(`u${i}-${'x'.repeat(50)}`, {
          inlinePolicies: [{ name: `p${'<&>'.repeat(300)}`, document: doc(allow(['*'])) }],
        }),
      ),
    });
    const report = runAudit(many, { catalog: CATALOG, now: NOW });
    const message = buildReportMessage(report, {
      reportId: 'ar-1',
      accountLabel: 'prod',
      requestedBy: 'U0ABC',
    });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      const text = (block as { text?: { text?: string } }).text?.text ?? '';
      expect(text.length).toBeLessThanOrEqual(3000);
    }
    const json = JSON.stringify(message.blocks);
    // 300 inline admins, 300 direct policies and the account's missing support role (ROLE-7).
    expect(json).toContain('…and 591 more findings in the CSV export.');
    expect(json).not.toContain('<&>');
    expect(json).toContain('<@U0ABC>');
  });
});
