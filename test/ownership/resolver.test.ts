import { describe, expect, it, vi } from 'vitest';
import type { ResourceTagsPort } from '../../src/aws/tagging/port.js';
import { createStaticResourceTagsPort } from '../../src/aws/tagging/static.js';
import { parseOwnerQuery } from '../../src/ownership/query.js';
import { parseOwnersRegistry } from '../../src/ownership/registry.js';
import { type ResolveOwnerDeps, resolveOwner } from '../../src/ownership/resolver.js';
import { AwsError } from '../../src/platform/errors.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { fixture } from './fixtures.js';

const registry = parseOwnersRegistry(fixture('owners.yaml'));
const logger = createSilentLogger();
const context = { accountId: '048213396712', region: 'eu-west-1' };

function deps(extra: Partial<ResolveOwnerDeps> = {}): ResolveOwnerDeps {
  return { registry, logger, context, ...extra };
}

function portWith(tags: Record<string, Record<string, string>>): ResourceTagsPort {
  return createStaticResourceTagsPort(tags);
}

function deniedPort(): ResourceTagsPort {
  const denied = () =>
    Promise.reject(
      new AwsError({
        service: 'Resource Groups Tagging API',
        operation: 'GetResources',
        awsCode: 'AccessDeniedException',
        target: 'x',
        missingAction: 'tag:GetResources',
      }),
    );
  return { tagsForArn: denied, tagsForPrincipal: denied, findByTag: denied };
}

describe('resolution order', () => {
  it('an owner tag beats a matching registry rule', async () => {
    const tags = portWith({ 'arn:aws:s3:::ledger-exports': { Owner: 'search-infra' } });
    const result = await resolveOwner(parseOwnerQuery('ledger-exports'), deps({ tags }));
    expect(result).toMatchObject({ source: 'tag', owner: { team: 'search-infra' } });
    expect(result.detail).toBe(
      'tag Owner=search-infra on the resource (read from AWS); owners.yaml has no entry for "search-infra"',
    );
  });

  it('a registry rule beats the account default', async () => {
    const result = await resolveOwner(parseOwnerQuery('ledger-exports'), deps());
    expect(result).toMatchObject({ source: 'registry', owner: { team: 'ledger' } });
    expect(result.detail).toBe('owners.yaml rule 2 (ledger data) matched arn arn:aws:s3:::ledger-*');
    expect(result.evidence).toMatchObject({ source: 'registry', ruleNumber: 2, line: 16 });
  });

  it('the account default answers when no tag and no rule does, with its team contact', async () => {
    const result = await resolveOwner(parseOwnerQuery('unclaimed-bucket'), deps());
    expect(result).toMatchObject({
      source: 'account-default',
      owner: { team: 'Observability', channel: 'C09OBSERVE1' },
      detail: 'default team of account 048213396712 (core-prod) in owners.yaml',
    });
  });

  it('answers none, saying what it checked, when nothing matches', async () => {
    const result = await resolveOwner(
      parseOwnerQuery('unclaimed-bucket'),
      deps({ context: { accountId: '551200098765' } }),
    );
    expect(result).toMatchObject({ source: 'none', owner: null });
    expect(result.detail).toBe(
      'no owner tag (Owner, Team, owner, team), no matching rule in owners.yaml, no default team for account 551200098765',
    );
  });

  it('tries the configured tag keys in order', async () => {
    const tags = portWith({ 'arn:aws:s3:::media-uploads-eu': { Team: 'ledger', CostOwner: 'finance' } });
    const result = await resolveOwner(
      parseOwnerQuery('media-uploads-eu'),
      deps({ tags, tagKeys: ['CostOwner', 'Team'] }),
    );
    expect(result.evidence).toMatchObject({ source: 'tag', key: 'CostOwner', value: 'finance' });
  });

  it('ignores an owner tag whose value is blank', async () => {
    const tags = portWith({ 'arn:aws:s3:::ledger-exports': { Owner: '  ' } });
    const result = await resolveOwner(parseOwnerQuery('ledger-exports'), deps({ tags }));
    expect(result.source).toBe('registry');
  });
});

describe('tags an alert carries', () => {
  it('are used first, without asking the tag port', async () => {
    const tags = portWith({});
    const spy = vi.spyOn(tags, 'tagsForArn');
    const result = await resolveOwner(
      {
        resourceType: 'Instance',
        resourceId: 'i-0f3c9d1e',
        accountId: '048213396712',
        region: 'eu-west-1',
        tags: { Team: 'ledger' },
      },
      deps({ tags }),
    );
    expect(result).toMatchObject({ source: 'tag', owner: { team: 'ledger', channel: '#ledger-oncall' } });
    expect(result.detail).toBe(
      'tag Team=ledger on the resource (from the alert\'s tags): team "ledger" in owners.yaml',
    );
    expect(spy).not.toHaveBeenCalled();
  });

  it('without an owner key, still count for tag rules in the registry', async () => {
    const result = await resolveOwner(
      {
        arn: 'arn:aws:sqs:eu-west-1:551200098765:ingest-dlq',
        accountId: '551200098765',
        tags: { CostCenter: 'cc-0091', Stage: 'prod' },
      },
      deps(),
    );
    expect(result).toMatchObject({ source: 'registry', owner: { team: 'analytics' } });
  });

  it('fall through to the tag port when they name no owner', async () => {
    const tags = portWith({ 'arn:aws:ec2:eu-west-1:048213396712:instance/i-0f3c9d1e': { owner: 'batch' } });
    const result = await resolveOwner(
      {
        resourceType: 'Instance',
        resourceId: 'i-0f3c9d1e',
        accountId: '048213396712',
        region: 'eu-west-1',
        tags: { Name: 'worker' },
      },
      deps({ tags }),
    );
    expect(result).toMatchObject({ source: 'tag', owner: { team: 'batch', channel: '#batch' } });
    expect(result.resource.arn).toBe('arn:aws:ec2:eu-west-1:048213396712:instance/i-0f3c9d1e');
  });

  it('from a GuardDuty AccessKey resource look up the IAM user', async () => {
    const tags = portWith({ 'user/mara': { Owner: 'ledger' } });
    const result = await resolveOwner(
      { resourceType: 'AccessKey', resourceId: 'mara', accountId: '048213396712', tags: {} },
      deps({ tags }),
    );
    expect(result.resource).toMatchObject({ kind: 'principal', label: 'IAM user mara' });
    expect(result.owner?.team).toBe('ledger');
  });
});

describe('a tag value naming a registry team', () => {
  it('brings the team channel, user group and escalation contact along, whatever its case', async () => {
    const tags = portWith({ 'arn:aws:s3:::media-uploads-eu': { Team: 'LEDGER' } });
    const result = await resolveOwner(parseOwnerQuery('media-uploads-eu'), deps({ tags }));
    expect(result.owner).toEqual({
      team: 'ledger',
      channel: '#ledger-oncall',
      userGroup: 'S07LEDGER22',
      escalationContact: 'ledger-lead@corp.example',
    });
    expect(result.evidence).toMatchObject({ source: 'tag', knownTeam: true });
  });

  it('stays the bare team name when the registry does not know it', async () => {
    const tags = portWith({ 'i-0a11b22c33d44e55f': { Owner: 'search-infra' } });
    const result = await resolveOwner(parseOwnerQuery('i-0a11b22c33d44e55f'), deps({ tags, context: {} }));
    expect(result.owner).toEqual({ team: 'search-infra' });
    expect(result.evidence).toMatchObject({ knownTeam: false });
  });
});

describe('when the tag port fails', () => {
  it('falls back to the registry and says tags could not be read and why', async () => {
    const result = await resolveOwner(parseOwnerQuery('ledger-exports'), deps({ tags: deniedPort() }));
    expect(result).toMatchObject({ source: 'registry', owner: { team: 'ledger' } });
    expect(result.detail).toContain('owners.yaml rule 2 (ledger data)');
    expect(result.detail).toContain('; tags could not be read: AWS refused tag:GetResources');
    expect(result.tagsUnavailable).toContain('tag:GetResources');
  });

  it('falls back to the account default with the same note', async () => {
    const result = await resolveOwner(parseOwnerQuery('unclaimed-bucket'), deps({ tags: deniedPort() }));
    expect(result.source).toBe('account-default');
    expect(result.detail).toMatch(/in owners\.yaml; tags could not be read: AWS refused tag:GetResources/);
  });

  it('still uses the alert tags it was given', async () => {
    const result = await resolveOwner(
      { arn: 'arn:aws:s3:::ledger-exports', accountId: '048213396712', tags: { Owner: 'treasury' } },
      deps({ tags: deniedPort() }),
    );
    expect(result).toMatchObject({ source: 'tag', owner: { team: 'treasury' } });
  });

  it('logs the failure as a warning', async () => {
    const warn = vi.fn();
    const spyLogger = Object.assign(createSilentLogger(), { warn });
    await resolveOwner(parseOwnerQuery('ledger-exports'), deps({ tags: deniedPort(), logger: spyLogger }));
    expect(warn).toHaveBeenCalledOnce();
  });

  it('explains that an instance id needs an account and region to read tags', async () => {
    const result = await resolveOwner(
      parseOwnerQuery('i-0f3c9d1e'),
      deps({ tags: deniedPort(), context: {} }),
    );
    expect(result.detail).toContain('an instance id needs an account id and a region');
  });
});

describe('other query kinds', () => {
  it('an account id answers with rules for the account, then its default', async () => {
    expect(await resolveOwner(parseOwnerQuery('007400112233'), deps())).toMatchObject({
      source: 'registry',
      owner: { team: 'Observability' },
    });
    expect(await resolveOwner(parseOwnerQuery('048213396712'), deps())).toMatchObject({
      source: 'account-default',
    });
  });

  it('a role matches resource globs by its bare name', async () => {
    const result = await resolveOwner(parseOwnerQuery('role/ci-runner-eu'), deps());
    expect(result).toMatchObject({
      source: 'registry',
      owner: { team: 'growth', escalationContact: 'growth on-call pager' },
    });
    expect(result.resource.arn).toBe('arn:aws:iam::048213396712:role/ci-runner-eu');
  });

  it('an owner-key tag query names the team and lists the tagged resources', async () => {
    const tags = portWith({
      'arn:aws:s3:::media-uploads-eu': { Team: 'ledger' },
      'arn:aws:s3:::other': { Team: 'x' },
    });
    const result = await resolveOwner(parseOwnerQuery('Team=ledger'), deps({ tags }));
    expect(result).toMatchObject({ source: 'tag', owner: { team: 'ledger', channel: '#ledger-oncall' } });
    expect(result.tagged).toEqual({ arns: ['arn:aws:s3:::media-uploads-eu'], total: 1 });
  });

  it('a non-owner tag query answers only from tag rules, never from account rules', async () => {
    const one = await resolveOwner(
      parseOwnerQuery('CostCenter=cc-0091'),
      deps({ context: { accountId: '007400112233' } }),
    );
    expect(one).toMatchObject({ source: 'none', owner: null });
    expect(one.detail).toBe('no matching rule in owners.yaml, no account default applies');
  });

  it('a tag query whose listing is refused still answers, with the reason', async () => {
    const result = await resolveOwner(parseOwnerQuery('Team=ledger'), deps({ tags: deniedPort() }));
    expect(result.owner?.team).toBe('ledger');
    expect(result.detail).toContain('tagged resources could not be listed: AWS refused tag:GetResources');
  });
});
