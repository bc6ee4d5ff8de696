import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { normalize } from '../../src/alerts/normalize.js';
import type { ResourceTagsPort } from '../../src/aws/tagging/port.js';
import { createStaticResourceTagsPort } from '../../src/aws/tagging/static.js';
import { resolveAlertOwner } from '../../src/ownership/alert-owner.js';
import { alertOwnerSubject } from '../../src/ownership/alert-subject.js';
import { parseOwnerQuery } from '../../src/ownership/query.js';
import { emptyOwnersRegistry, parseOwnersRegistry } from '../../src/ownership/registry.js';
import { resolveOwner } from '../../src/ownership/resolver.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { SampleGuardDutyPort } from '../../src/sandbox/sample-account/guardduty.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_DETECTOR_ID } from '../../src/sandbox/sample-account/identity.js';
import { sampleTagsPort } from '../../src/sandbox/sample-account/tags.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';

const ACCOUNT = '210987654321';
const logger = createSilentLogger();

function alert(overrides: Partial<Alert>): Alert {
  return guardDutyAlert({ accountId: ACCOUNT, ...overrides });
}

describe('alertOwnerSubject: what the card asks about', () => {
  it('a role session named by GuardDuty as an AccessKey resource is the role itself', () => {
    const subject = alertOwnerSubject(
      alert({
        resource: { type: 'AccessKey', id: 'web-app-role', tags: {} },
        actor: { principal: 'web-app-role', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
        facts: [{ label: 'Caller', value: 'role web-app-role, session i-0abc', kind: 'text' }],
      }),
    );
    expect(subject.resource).toBeUndefined();
    expect(subject.principals.map((p) => p.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/web-app-role`]);
  });

  it('a long-term key names a user; a bare name with a temporary key is tried as role, then user', () => {
    const user = alertOwnerSubject(
      alert({
        resource: { type: 'AccessKey', id: 'ci-bot', tags: {} },
        actor: { principal: 'ci-bot', accessKeyId: 'AKIAZZZZEXAMPLE7Q4W2' },
      }),
    );
    expect(user.principals.map((p) => p.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:user/ci-bot`]);
    const either = alertOwnerSubject(
      alert({
        resource: { type: 'AccessKey', id: 'deployer', tags: {} },
        actor: { principal: 'deployer', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
      }),
    );
    expect(either.principals.map((p) => p.arn)).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/deployer`,
      `arn:aws:iam::${ACCOUNT}:user/deployer`,
    ]);
  });

  it('a resource acted on by a CloudTrail caller: the resource first, then the assumed role', () => {
    const subject = alertOwnerSubject(
      alert({
        source: 'cloudtrail-detection',
        resource: { type: 'S3Bucket', id: 'invoices', arn: 'arn:aws:s3:::invoices', tags: {} },
        actor: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/batch-role/job-42` },
      }),
    );
    expect(subject.resource?.arn).toBe('arn:aws:s3:::invoices');
    expect(subject.principals.map((p) => p.arn)).toEqual([`arn:aws:iam::${ACCOUNT}:role/batch-role`]);
  });

  it('the root user is the account: no IAM name is asked about', () => {
    const subject = alertOwnerSubject(
      alert({
        resource: { type: 'AccessKey', id: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, tags: {} },
        actor: { principal: 'Root', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
        facts: [{ label: 'Caller', value: 'root user', kind: 'text' }],
      }),
    );
    expect(subject.principals).toEqual([]);
    expect(subject.resource?.arn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
  });

  it('names that are not IAM principals (services, accounts, Kubernetes users) are not asked about', () => {
    for (const actor of [
      { principal: 's3.amazonaws.com', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
      { principal: '999988887777', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
      { principal: 'system:serviceaccount:kube:node' },
      { principal: 'kubernetes-admin' },
    ])
      expect(
        alertOwnerSubject(alert({ resource: { type: 'EKSCluster', id: 'prod', tags: {} }, actor }))
          .principals,
      ).toEqual([]);
  });
});

describe('resolveAlertOwner', () => {
  const registry = parseOwnersRegistry(
    `
teams:
  web:
    channel: C0WEBTEAM01
rules:
  - name: batch roles
    resource: "batch-*"
    team: batch
accounts:
  "${ACCOUNT}":
    defaultTeam: platform
`,
    { source: 'owners.yaml' },
  );

  it('the resource’s own owner wins over the caller’s', async () => {
    const tags = createStaticResourceTagsPort({
      'arn:aws:s3:::invoices': { Owner: 'finance' },
      [`arn:aws:iam::${ACCOUNT}:role/web-app-role`]: { Team: 'web' },
    });
    const answer = await resolveAlertOwner(
      alert({
        resource: { type: 'S3Bucket', id: 'invoices', arn: 'arn:aws:s3:::invoices', tags: {} },
        actor: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/web-app-role/s` },
      }),
      { registry, logger, tags },
    );
    expect(answer.owner?.team).toBe('finance');
  });

  it('an untagged resource falls to the caller’s tag, then the caller’s owners.yaml rule, before the account default', async () => {
    const tags = createStaticResourceTagsPort({
      [`arn:aws:iam::${ACCOUNT}:role/web-app-role`]: { Team: 'web' },
    });
    const bucket = { type: 'S3Bucket', id: 'logs', arn: 'arn:aws:s3:::logs', tags: {} };
    const byTag = await resolveAlertOwner(
      alert({
        resource: bucket,
        actor: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/web-app-role/s` },
      }),
      { registry, logger, tags },
    );
    expect(byTag).toMatchObject({ owner: { team: 'web', channel: 'C0WEBTEAM01' }, source: 'tag' });
    const byRule = await resolveAlertOwner(
      alert({ resource: bucket, actor: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/batch-etl/s` } }),
      { registry, logger, tags },
    );
    expect(byRule).toMatchObject({ owner: { team: 'batch' }, source: 'registry' });
    const nobody = await resolveAlertOwner(
      alert({ resource: bucket, actor: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/other/s` } }),
      { registry, logger, tags },
    );
    expect(nobody).toMatchObject({ owner: { team: 'platform' }, source: 'account-default' });
  });

  it('tags an AccessKey alert carried still answer (they are the principal’s)', async () => {
    const answer = await resolveAlertOwner(
      alert({
        resource: { type: 'AccessKey', id: 'svc-reporting', tags: { team: 'payments' } },
        actor: { principal: 'svc-reporting' },
      }),
      { registry: emptyOwnersRegistry(), logger },
    );
    expect(answer).toMatchObject({ owner: { team: 'payments' }, source: 'tag' });
  });

  it('a tag port that refuses is asked once; the answer says tags could not be read', async () => {
    let calls = 0;
    const refusing: ResourceTagsPort = {
      ...createStaticResourceTagsPort({}),
      async tagsForPrincipal() {
        calls++;
        throw new Error('AccessDenied');
      },
    };
    const answer = await resolveAlertOwner(
      alert({
        resource: { type: 'AccessKey', id: 'deployer', tags: {} },
        actor: { principal: 'deployer', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
      }),
      { registry, logger, tags: refusing },
    );
    expect(calls).toBe(1);
    expect(answer).toMatchObject({ owner: { team: 'platform' }, source: 'account-default' });
    expect(answer.detail).toContain('tags could not be read');
  });
});

describe('the sandbox: every sample GuardDuty finding’s card owner is what /owner answers', () => {
  it('with the sample account’s tags, web-app-role’s finding is team web, as /owner says for its ARN', async () => {
    const now = () => new Date('2026-11-23T10:00:00Z');
    const port = new SampleGuardDutyPort({ now });
    const { ids } = await port.listFindingIds(SAMPLE_DETECTOR_ID, {
      updatedSinceMs: 0,
      includeArchived: false,
    });
    const alerts = (await port.getFindings(SAMPLE_DETECTOR_ID, ids)).flatMap((payload) => {
      const result = normalize(
        { kind: 'guardduty-sdk-finding', receivedAt: now().toISOString(), origin: 'sample', payload },
        { now },
      );
      return result.status === 'normalized' ? result.alerts : [];
    });
    const deps = { registry: emptyOwnersRegistry(), logger, tags: sampleTagsPort() };
    const webApp = alerts.find((a) => a.resource.id === 'web-app-role');
    expect(webApp, 'the sample web-app-role finding').toBeDefined();
    const card = await resolveAlertOwner(webApp!, deps);
    const slash = await resolveOwner(
      parseOwnerQuery(`arn:aws:iam::${SAMPLE_ACCOUNT_ID}:role/web-app-role`),
      deps,
    );
    expect(card.owner?.team).toBe('web');
    expect(card.owner).toEqual(slash.owner);
    for (const a of alerts.filter((x) => x.resource.arn)) {
      const answer = await resolveOwner(parseOwnerQuery(a.resource.arn!), deps);
      if (answer.owner)
        expect((await resolveAlertOwner(a, deps)).owner, a.resource.arn).toEqual(answer.owner);
    }
  });
});
