import { describe, expect, it } from 'vitest';
import { identityLine } from '../../src/digest/scorecard-identity.js';
import { renderReportText } from '../../src/iam/output/render.js';
import { runAudit } from '../../src/iam/run-audit.js';
import { CATALOG, inventory, NOW, reportRow, user } from './builders.js';

/** Issue 16 item 4: a review whose inventory read was partial never reads as an all-clear. */
describe('a partial review', () => {
  const people = { users: [user('alice')] };

  it('says in the score line which inventory parts it could not read', () => {
    const partial = runAudit(inventory(people), { catalog: CATALOG, now: NOW });
    expect(partial.incomplete).toEqual(['credential report', 'password policy']);
    expect(renderReportText(partial)).toMatch(
      /^Score \d+\/100 — .* \(partial: no credential report, no password policy\)$/m,
    );
    const complete = runAudit(
      inventory({ ...people, credentialReport: [reportRow('alice')], passwordPolicy: null }),
      { catalog: CATALOG, now: NOW },
    );
    expect(complete.incomplete).toBeUndefined();
    expect(renderReportText(complete)).not.toContain('partial');
  });

  it('says so in the digest’s identity line, and asks for a full review', () => {
    const at = new Date(NOW.getTime() - 2 * 86_400_000).toISOString();
    const counts = { critical: 0, high: 0, medium: 0, low: 0 };
    const line = identityLine([{ at, counts, incomplete: ['credential report'] }], NOW);
    expect(line.figure).toContain('(2 days ago, partial: no credential report)');
    expect(line.status).toBe('needs-attention');
    expect(line.nextAction).toMatch(/could not read the credential report/);
    expect(identityLine([{ at, counts }], NOW).status).toBe('good');
  });
});
