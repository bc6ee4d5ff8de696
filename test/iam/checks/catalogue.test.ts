import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/iam/model.js';
import { CHECK_CATALOGUE } from '../../../src/iam/rules/index.js';
import { THRESHOLDS } from '../../../src/iam/rules/thresholds.js';
import { SCORE_WEIGHTS } from '../../../src/iam/run-audit.js';
import { packageRoot } from '../../../src/platform/paths.js';

/**
 * docs/access-reviews.md is what auditors and reviewers read to know what a finding means, so it
 * must describe exactly the checks the code runs: a check added, removed or re-rated without the
 * doc following fails here.
 */
const doc = readFileSync(join(packageRoot(), 'docs', 'access-reviews.md'), 'utf8');

/** The catalogue table's rows, by id: `| \`WK-IAM-X-1\` | area | severity | title | CIS | SH | fix |`. */
function documentedRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    const match = /^\| `(WK-IAM-[A-Z]+-\d+)` \|/.exec(line);
    if (!match?.[1]) continue;
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    rows.set(match[1], cells);
  }
  return rows;
}

describe('docs/access-reviews.md', () => {
  it('has one catalogue row per check, and none for checks that no longer exist', () => {
    const documented = [...documentedRows().keys()].sort();
    expect(documented).toEqual(CHECK_CATALOGUE.map((c) => c.id).sort());
  });

  it('states each check’s area, severity, CIS item and Security Hub control as the code does', () => {
    const rows = documentedRows();
    for (const check of CHECK_CATALOGUE) {
      const [, area, severity, , cis, securityHub] = rows.get(check.id) ?? [];
      expect({ id: check.id, area, cis, securityHub }).toEqual({
        id: check.id,
        area: check.area,
        cis: check.cis ?? '—',
        securityHub: check.securityHub ?? '—',
      });
      // A check whose severity depends on the evidence (POL-4) documents the exception after it.
      expect(severity?.split(' ')[0], check.id).toBe(check.severity);
    }
  });

  it('states each check’s Prowler ids as the code does (Prowler parity, issue 16)', () => {
    const rows = documentedRows();
    for (const check of CHECK_CATALOGUE) {
      const prowler = rows.get(check.id)?.[6];
      const expected = check.prowler?.length ? check.prowler.map((id) => `\`${id}\``).join(', ') : '—';
      expect({ id: check.id, prowler }).toEqual({ id: check.id, prowler: expected });
      for (const id of check.prowler ?? []) expect(id).toMatch(/^iam_[a-z0-9_]+$/);
    }
  });

  it('quotes the score formula with the weights the audit uses', () => {
    const terms = SEVERITIES.map((s) => `${SCORE_WEIGHTS[s]} × ${s}`).join(' + ');
    expect(doc).toContain(`score = max(0, 100 − (${terms}))`);
  });

  it('quotes every threshold the checks compare against', () => {
    const table = doc.slice(doc.indexOf('## Thresholds'), doc.indexOf('## The score'));
    for (const value of Object.values(THRESHOLDS))
      expect(table).toMatch(new RegExp(`\\| [^|]*\\b${value}\\b`));
  });
});
