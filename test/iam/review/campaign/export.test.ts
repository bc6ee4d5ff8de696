import { describe, expect, it } from 'vitest';
import {
  buildItemMessage,
  buildStatusMessage,
  buildSummaryMessage,
} from '../../../../src/iam/review/campaign/blocks.js';
import {
  CAMPAIGN_CSV_COLUMNS,
  renderCampaignCsv,
  renderCampaignJson,
} from '../../../../src/iam/review/campaign/export.js';
import type { Campaign, CampaignItem } from '../../../../src/iam/review/campaign/model.js';
import { PRINCIPALS } from './fixture.js';

const campaign: Campaign = {
  id: 'arc-export-1',
  accountId: '314159265358',
  reportId: 'ar-export',
  startedBy: 'U0SECADMN1',
  startedAt: '2026-11-02T09:00:00.000Z',
  deadline: '2026-11-16T09:00:00.000Z',
  statusChannel: 'C0SECOPS01',
  status: 'closed',
  itemCount: 3,
  closedBy: 'watchkeeper',
  closedAt: '2026-11-16T09:00:00.000Z',
};

function item(index: number, extra: Partial<CampaignItem> = {}): CampaignItem {
  const evidence = PRINCIPALS[index];
  if (!evidence) throw new Error('fixture has no such principal');
  return {
    key: `${evidence.kind}/${evidence.name}`,
    index,
    evidence,
    owner: { team: 'payments', source: 'registry', detail: 'rule 1' },
    reviewer: { kind: 'user', id: 'U0BYSTAND1', why: 'contact' },
    round: 1,
    reassignments: [],
    ...extra,
  };
}

const items: CampaignItem[] = [
  item(0, {
    decision: {
      decision: 'keep',
      by: 'U0BYSTAND1',
      at: '2026-11-03T10:00:00.000Z',
      justification: '=HYPERLINK("http://evil.example","click"), "quoted"\nsecond line',
    },
  }),
  item(2, {
    decision: {
      decision: 'revoke',
      by: 'U0RESPOND1',
      at: '2026-11-04T10:00:00.000Z',
      justification: '-1+1',
      followUp: 'deactivate its access keys',
      remediation: {
        deactivatedKeys: ['AKIA…7Q2X'],
        detachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
    },
  }),
  item(3),
];

/** A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('the campaign evidence export', () => {
  it('writes one RFC 4180 row per principal, with formulas neutralized', () => {
    const csv = renderCampaignCsv(campaign, items);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...CAMPAIGN_CSV_COLUMNS]);
    expect(rows).toHaveLength(4);
    const col = (name: (typeof CAMPAIGN_CSV_COLUMNS)[number]) => CAMPAIGN_CSV_COLUMNS.indexOf(name);
    const [, keep, revoke, pending] = rows;
    expect(keep?.[col('justification')]).toBe(
      '\'=HYPERLINK("http://evil.example","click"), "quoted"\nsecond line',
    );
    expect(keep?.[col('decision')]).toBe('keep');
    expect(keep?.[col('mfa')]).toBe('false');
    expect(revoke?.[col('justification')]).toBe("'-1+1");
    expect(revoke?.[col('remediation_done')]).toBe(
      'deactivated AKIA…7Q2X; detached arn:aws:iam::aws:policy/AdministratorAccess',
    );
    expect(revoke?.[col('admin')]).toBe('true');
    expect(revoke?.[col('escalation_methods')]).toBe('iam:CreatePolicyVersion');
    expect(revoke?.[col('findings_critical')]).toBe('2');
    expect(pending?.[col('principal_name')]).toBe("'@data-reader");
    expect(pending?.[col('decision')]).toBe('undecided');
    expect(pending?.[col('decided_by')]).toBe('');
  });

  it('writes the same rows as JSON, unescaped', () => {
    const json = JSON.parse(renderCampaignJson(campaign, items));
    expect(json.campaign.id).toBe('arc-export-1');
    expect(json.rows[2].principal_name).toBe('@data-reader');
    expect(json.rows[1]).toMatchObject({ decision: 'revoke', decided_by: 'U0RESPOND1', last_used: '' });
  });

  it('builds messages within Block Kit limits for hostile names and long justifications', () => {
    const hostile = item(0, {
      evidence: { ...item(0).evidence, name: `<!channel> ${'x'.repeat(3000)}` },
      decision: {
        decision: 'keep',
        by: 'U1',
        at: '2026-11-03T10:00:00.000Z',
        justification: `*${'y'.repeat(600)}`,
      },
    });
    const message = buildItemMessage({ ...campaign, status: 'open' }, hostile);
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<!channel>');
    for (const block of message.blocks) expect(JSON.stringify(block).length).toBeLessThan(6000);
    const many = Array.from({ length: 120 }, (_, n) => ({
      ...item(3),
      key: `role/r${n}`,
      owner: { source: 'tag' as const, detail: 'tag', team: `team-${n}` },
    }));
    expect(buildStatusMessage(campaign, many).blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(buildSummaryMessage(campaign, many).blocks)).toContain('more owners');
  });
});
