import { describe, expect, it } from 'vitest';
import { accessKeyDigest, type IamRevokePlan } from '../../../src/aws/iam/remediation.js';
import { AwsError } from '../../../src/platform/errors.js';
import {
  createSampleIamRemediation,
  sampleAccessKeyId,
} from '../../../src/sandbox/sample-account/iam-remediation.js';
import { SAMPLE_ACCOUNT_ID } from '../../../src/sandbox/sample-account/identity.js';

// The sandbox's Revoke target: plans list exactly the sample account's active keys and directly
// attached managed policies, applying a plan changes exactly that, and later plans show it.

const now = () => new Date('2026-11-30T12:00:00Z');
const S3_FULL = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const LEGACY_KEY = sampleAccessKeyId('legacy-etl', 1);
const DEPLOY_KEYS = [sampleAccessKeyId('deploy-bot', 1), sampleAccessKeyId('deploy-bot', 2)];
const planned = (id: string) => ({ masked: `AKIA…${id.slice(-4)}`, digest: accessKeyDigest(id) });

describe('sample IamRemediation', () => {
  it('gives well-formed, stable key ids whose masked forms (AKIA…WXYZ) tell them apart', () => {
    expect(LEGACY_KEY).toMatch(/^AKIALEGACYETLXXX[0-9A-F]{4}$/);
    expect(sampleAccessKeyId('legacy-etl', 1)).toBe(LEGACY_KEY);
    const all = ['legacy-etl', 'sam.contractor', 'reporting-bot', 'ci-runner'].map((u) =>
      sampleAccessKeyId(u, 1),
    );
    for (const id of [...all, ...DEPLOY_KEYS]) expect(id).toMatch(/^AKIA[A-Z0-9]{16}$/);
    const masks = [...all, ...DEPLOY_KEYS].map((id) => id.slice(-4));
    expect(new Set(masks).size).toBe(masks.length);
  });

  it("plans a user's active keys (masked, with digests) and its directly attached managed policies", async () => {
    const iam = createSampleIamRemediation({ now });
    expect(await iam.planRevoke({ kind: 'user', name: 'legacy-etl' })).toEqual({
      accountId: SAMPLE_ACCOUNT_ID,
      principal: { kind: 'user', name: 'legacy-etl' },
      accessKeys: [planned(LEGACY_KEY)],
      managedPolicies: [S3_FULL],
    });
    const deployBot = await iam.planRevoke({ kind: 'user', name: 'deploy-bot' });
    // Both keys; no policies of its own (the automation group's are not attached to the user).
    expect(deployBot.accessKeys).toEqual(DEPLOY_KEYS.map(planned));
    expect(deployBot.managedPolicies).toEqual([]);
    const tom = await iam.planRevoke({ kind: 'user', name: 'tom.becker' });
    expect(tom.accessKeys).toEqual([]);
    expect(tom.managedPolicies).toEqual([ADMIN]);
    expect(JSON.stringify([deployBot, tom])).not.toMatch(/AKIA[A-Z0-9]{16}/);
  });

  it("plans a role's managed policies and no keys", async () => {
    const iam = createSampleIamRemediation({ now });
    const plan = await iam.planRevoke({ kind: 'role', name: 'log-shipper-role' });
    expect(plan.accessKeys).toEqual([]);
    expect(plan.managedPolicies).toEqual([
      `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/LogShipper`,
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
  });

  it('applies exactly the plan, and the next plan shows nothing left', async () => {
    const iam = createSampleIamRemediation({ now });
    const plan = await iam.planRevoke({ kind: 'user', name: 'legacy-etl' });
    expect(await iam.applyRevoke(plan)).toEqual({
      deactivated: [planned(LEGACY_KEY).masked],
      detached: [S3_FULL],
    });
    expect(iam.accessKeysOf('legacy-etl')).toEqual([{ id: LEGACY_KEY, status: 'Inactive' }]);
    expect(iam.attachedPoliciesOf({ kind: 'user', name: 'legacy-etl' })).toEqual([]);
    expect(await iam.planRevoke({ kind: 'user', name: 'legacy-etl' })).toMatchObject({
      accessKeys: [],
      managedPolicies: [],
    });
    // Nobody else changed.
    expect(iam.accessKeysOf('deploy-bot').map((k) => k.status)).toEqual(['Active', 'Active']);
    expect(iam.attachedPoliciesOf({ kind: 'user', name: 'tom.becker' })).toEqual([ADMIN]);
  });

  it('leaves alone what the plan does not list', async () => {
    const iam = createSampleIamRemediation({ now });
    const full = await iam.planRevoke({ kind: 'user', name: 'deploy-bot' });
    const onlyFirst: IamRevokePlan = { ...full, accessKeys: full.accessKeys.slice(0, 1) };
    expect(await iam.applyRevoke(onlyFirst)).toEqual({
      deactivated: [planned(DEPLOY_KEYS[0] as string).masked],
      detached: [],
    });
    expect(iam.accessKeysOf('deploy-bot')).toEqual([
      { id: DEPLOY_KEYS[0], status: 'Inactive' },
      { id: DEPLOY_KEYS[1], status: 'Active' },
    ]);
    const rolePlan = await iam.planRevoke({ kind: 'role', name: 'log-shipper-role' });
    await iam.applyRevoke({ ...rolePlan, managedPolicies: rolePlan.managedPolicies.slice(1) });
    expect(iam.attachedPoliciesOf({ kind: 'role', name: 'log-shipper-role' })).toEqual([
      `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/LogShipper`,
    ]);
  });

  it('skips a planned key deactivated meanwhile, and refuses a plan of another account', async () => {
    const iam = createSampleIamRemediation({ now });
    const plan = await iam.planRevoke({ kind: 'user', name: 'deploy-bot' });
    // Another Revoke of the same user runs first.
    expect(await iam.applyRevoke(await iam.planRevoke({ kind: 'user', name: 'deploy-bot' }))).toEqual({
      deactivated: DEPLOY_KEYS.map((id) => planned(id).masked),
      detached: [],
    });
    expect(await iam.applyRevoke(plan)).toEqual({ deactivated: [], detached: [] });
    await expect(iam.applyRevoke({ ...plan, accountId: '999988887777' })).rejects.toThrow(
      /cannot run in account/,
    );
  });

  it('answers unknown principals and policies no longer attached as IAM does (NoSuchEntity)', async () => {
    const iam = createSampleIamRemediation({ now });
    const unknown = iam.planRevoke({ kind: 'user', name: 'nobody' });
    await expect(unknown).rejects.toBeInstanceOf(AwsError);
    await expect(unknown).rejects.toThrow(/NoSuchEntity.*user nobody/);
    const plan = await iam.planRevoke({ kind: 'user', name: 'tom.becker' });
    await iam.applyRevoke(plan);
    await expect(iam.applyRevoke(plan)).rejects.toThrow(
      /NoSuchEntity.*AdministratorAccess on user tom.becker/,
    );
  });

  it('keeps separate state per instance (one per sandbox)', async () => {
    const first = createSampleIamRemediation({ now });
    await first.applyRevoke(await first.planRevoke({ kind: 'user', name: 'legacy-etl' }));
    const second = createSampleIamRemediation({ now });
    expect((await second.planRevoke({ kind: 'user', name: 'legacy-etl' })).accessKeys).toHaveLength(1);
  });
});
