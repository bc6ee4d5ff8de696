import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadActionCatalog } from '../../src/iam/catalog/action-catalog.js';
import { parseInventory } from '../../src/iam/inventory/parse.js';
import type { Finding } from '../../src/iam/model.js';
import { POSSIBLE_ESCALATION, PRIVILEGE_ESCALATION } from '../../src/iam/rules/escalation.js';
import { runAudit } from '../../src/iam/run-audit.js';

/**
 * The labelled escalation corpus (test/fixtures/iam/escalation-corpus/): one principal per path of
 * Rhino Security Labs' 21 methods and a few of pathfinding.cloud's, each beside its fixed variants
 * (scoped resource, condition, Deny in the same or another policy, permissions boundary), and the
 * self-service policies AWS documents, as negatives. Each principal carries its label in its tags:
 * `corpus-expect` is `escalates`, `clean`, `possible` (the analysis cannot decide) or `target` (a
 * privileged principal the others aim at), and `corpus-method` the method a vulnerable one uses.
 */

const FILE = new URL('../fixtures/iam/escalation-corpus/auth-details.json', import.meta.url);

interface Labelled {
  readonly name: string;
  readonly arn: string;
  readonly expect: 'escalates' | 'clean' | 'possible' | 'target';
  readonly method?: string;
}

async function auditCorpus() {
  const inventory = parseInventory({
    collectedAt: '2026-11-20T12:00:00Z',
    authorizationDetails: JSON.parse(readFileSync(FILE, 'utf8')) as unknown,
  });
  const labelled: Labelled[] = [...inventory.users, ...inventory.roles].map((p) => ({
    name: p.name,
    arn: p.arn,
    expect: p.tags['corpus-expect'] as Labelled['expect'],
    ...(p.tags['corpus-method'] ? { method: p.tags['corpus-method'] } : {}),
  }));
  const report = runAudit(inventory, {
    catalog: await loadActionCatalog(),
    now: new Date('2026-11-20T12:00:00Z'),
  });
  const byArn = (checkId: string) => {
    const map = new Map<string, Finding>();
    for (const f of report.findings)
      if (f.checkId === checkId && f.principal.arn) map.set(f.principal.arn, f);
    return map;
  };
  return { labelled, certain: byArn(PRIVILEGE_ESCALATION.id), possible: byArn(POSSIBLE_ESCALATION.id) };
}

describe('the labelled escalation corpus', () => {
  it('labels every principal, and covers all 21 of Rhino Security Labs’ methods with fixed variants', async () => {
    const { labelled } = await auditCorpus();
    expect(labelled.filter((p) => !['escalates', 'clean', 'possible', 'target'].includes(p.expect))).toEqual(
      [],
    );
    const raw = JSON.parse(readFileSync(FILE, 'utf8')) as {
      UserDetailList: { Tags: { Key: string; Value: string }[] }[];
      RoleDetailList: { Tags: { Key: string; Value: string }[] }[];
    };
    const sources = [...raw.UserDetailList, ...raw.RoleDetailList].map(
      (p) => p.Tags.find((t) => t.Key === 'corpus-source')?.Value ?? '',
    );
    for (let n = 1; n <= 21; n++) {
      const source = `Rhino Security Labs AWS IAM privilege escalation method ${n}`;
      const vulnerable = labelled.filter((p, i) => sources[i] === source && p.expect === 'escalates');
      const fixed = labelled.filter((p, i) => sources[i] === source && p.expect === 'clean');
      expect({ source, vulnerable: vulnerable.length > 0, fixed: fixed.length > 0 }).toEqual({
        source,
        vulnerable: true,
        fixed: true,
      });
    }
  });

  it('finds every vulnerable principal by its method, flags no clean one, and measures up', async () => {
    const { labelled, certain, possible } = await auditCorpus();
    const vulnerable = labelled.filter((p) => p.expect === 'escalates');
    const notVulnerable = labelled.filter((p) => p.expect === 'clean' || p.expect === 'possible');
    const truePositives = vulnerable.filter((p) => certain.has(p.arn));
    const falsePositives = notVulnerable.filter((p) => certain.has(p.arn));
    const recall = truePositives.length / vulnerable.length;
    const precision = truePositives.length / (truePositives.length + falsePositives.length);
    // Printed on every run, so the figures are in the CI log even when they meet the targets.
    process.stdout.write(
      `escalation corpus: ${vulnerable.length} vulnerable, ${notVulnerable.length} not; recall ${(recall * 100).toFixed(1)}%, precision ${(precision * 100).toFixed(1)}%\n`,
    );

    expect(vulnerable.filter((p) => !certain.has(p.arn)).map((p) => p.name)).toEqual([]);
    expect(falsePositives.map((p) => `${p.name}: ${certain.get(p.arn)?.evidence}`)).toEqual([]);
    expect(recall).toBe(1);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    // The finding names the method the path is about.
    expect(
      vulnerable
        .filter((p) => !certain.get(p.arn)?.evidence.includes(`${p.method} (`))
        .map((p) => `${p.name} expected ${p.method}: ${certain.get(p.arn)?.evidence}`),
    ).toEqual([]);
    // Should-not-flag principals are clean of "possible" too.
    const cleanButFlagged = labelled.filter(
      (p) => p.expect === 'clean' && (certain.has(p.arn) || possible.has(p.arn)),
    );
    expect(cleanButFlagged.map((p) => `${p.name}: ${possible.get(p.arn)?.evidence}`)).toEqual([]);
  });

  it('reports what it cannot decide as possible, at a lower severity, with the reason', async () => {
    const { labelled, possible } = await auditCorpus();
    const undecided = labelled.filter((p) => p.expect === 'possible');
    expect(undecided.length).toBeGreaterThan(0);
    for (const p of undecided) {
      const finding = possible.get(p.arn);
      expect(finding?.severity).toBe('medium');
      expect(finding?.evidence).toMatch(/^possible, .*undecided because /);
      expect(finding?.evidence).toContain(`${p.method} (`);
    }
    expect(
      possible.get(undecided.find((p) => p.name === 'maybe01-unknown-condition')?.arn ?? '')?.evidence,
    ).toContain('aws:SourceOrgID');
    expect(
      possible.get(undecided.find((p) => p.name === 'maybe02-boundary-not-in-document')?.arn ?? '')?.evidence,
    ).toContain('permissions boundary CorpusBoundaryNotListed is not in the authorization details');
  });
});
