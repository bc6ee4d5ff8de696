import { describe, expect, it } from 'vitest';
import type { IamRevokePlan } from '../../../../src/aws/iam/remediation.js';
import type { Campaign, CampaignItem } from '../../../../src/iam/review/campaign/model.js';
import {
  buildRevokeConfirmModal,
  buildRevokeReadingModal,
  buildRevokeStoppedModal,
  REVOKE_LIST_MAX,
} from '../../../../src/iam/review/campaign/revoke-confirm-blocks.js';
import { validateView } from '../../../../src/sandbox/slack-api/block-kit/validate.js';
import { ACCOUNT, PRINCIPALS } from './fixture.js';

const campaign: Campaign = {
  id: 'arc-unit-1',
  accountId: ACCOUNT,
  reportId: 'ar-unit',
  startedBy: 'U0SECADMN1',
  startedAt: '2026-11-02T09:00:00.000Z',
  deadline: '2026-11-16T09:00:00.000Z',
  statusChannel: 'C0SECOPS01',
  status: 'open',
  itemCount: 1,
};

function itemOf(overrides: Partial<CampaignItem['evidence']> = {}): CampaignItem {
  const evidence = { ...PRINCIPALS[0]!, ...overrides };
  return {
    key: `${evidence.kind}/${evidence.name}`,
    index: 0,
    evidence,
    owner: { team: 'payments', source: 'registry', detail: 'owners.yaml rule 1' },
    reviewer: { kind: 'user', id: 'U0BYSTAND1', why: 'escalation contact of team payments' },
    round: 1,
    reassignments: [],
  };
}

const pending = { id: 'p1', justification: 'Unused for a year', readAt: '2026-11-03T10:15:00.000Z' };
const textOf = (view: ReturnType<typeof buildRevokeConfirmModal>) => JSON.stringify(view.blocks);

describe('the revoke confirmation', () => {
  it('names the principal, the account, every change and what stays, and fits Slack for a plain case', () => {
    const item = itemOf({
      kind: 'user',
      name: 'legacy-admin',
      arn: `arn:aws:iam::${ACCOUNT}:user/legacy-admin`,
    });
    const plan: IamRevokePlan = {
      accountId: ACCOUNT,
      principal: { kind: 'user', name: 'legacy-admin' },
      accessKeys: [{ masked: 'AKIA…7Q2X', digest: 'a'.repeat(64) }],
      managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    };
    const view = buildRevokeConfirmModal(campaign, item, plan, pending);
    expect(validateView(view).ok).toBe(true);
    const text = textOf(view);
    for (const part of [
      'IAM user *legacy-admin*',
      `in AWS account \`${ACCOUNT}\``,
      '*Deactivate 1 access key*',
      '• `AKIA…7Q2X`',
      '*Detach 1 managed policy*',
      '• `arn:aws:iam::aws:policy/AdministratorAccess`',
      'the console password',
      '2026-11-03 10:15 UTC',
    ])
      expect(text).toContain(part);
    expect(view.submit?.text).toBe('Revoke and change IAM');
  });

  it('says when nothing in IAM would change', () => {
    const item = itemOf({ kind: 'role', name: 'idle-role', arn: `arn:aws:iam::${ACCOUNT}:role/idle-role` });
    const view = buildRevokeConfirmModal(
      campaign,
      item,
      {
        accountId: ACCOUNT,
        principal: { kind: 'role', name: 'idle-role' },
        accessKeys: [],
        managedPolicies: [],
      },
      pending,
    );
    expect(validateView(view).ok).toBe(true);
    expect(textOf(view)).toContain('Nothing in IAM will change');
    expect(textOf(view)).toContain('the trust policy');
  });

  it('stays within Block Kit limits for any input: 500 policies of 2,048 characters, hostile names', () => {
    const hostile = `<!channel> *bold* \`tick\` ${'x'.repeat(3000)}`;
    const item = itemOf({
      kind: 'user',
      name: hostile,
      arn: `arn:aws:iam::${ACCOUNT}:user/${'p/'.repeat(900)}u`,
    });
    const policies = Array.from(
      { length: 500 },
      (_, i) => `arn:aws:iam::${ACCOUNT}:policy/${String(i).padStart(4, '0')}${'y'.repeat(2000)}`,
    );
    const view = buildRevokeConfirmModal(
      campaign,
      item,
      {
        accountId: ACCOUNT,
        principal: { kind: 'user', name: hostile },
        accessKeys: Array.from({ length: 30 }, (_, i) => ({ masked: `AKIA…${i}`, digest: 'b'.repeat(64) })),
        managedPolicies: policies,
      },
      { ...pending, justification: hostile },
    );
    const check = validateView(view);
    expect(check.messages).toEqual([]);
    expect(check.ok).toBe(true);
    const text = textOf(view);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('*Detach 500 managed policies*');
    const shown = (text.match(/• `arn:aws:iam::/g) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(REVOKE_LIST_MAX);
    expect(text).toContain(`…and ${500 - shown} more managed policies`);
    expect(text).toContain('…and 10 more access keys');
  });

  it('the reading and stopped notices fit too, with or without the principal', () => {
    const item = itemOf();
    expect(validateView(buildRevokeReadingModal(item)).ok).toBe(true);
    const stopped = buildRevokeStoppedModal(undefined, `AWS refused <@U123> ${'z'.repeat(5000)}`);
    expect(validateView(stopped).ok).toBe(true);
    expect(JSON.stringify(stopped.blocks)).toContain('Nothing was changed or recorded.');
  });
});
