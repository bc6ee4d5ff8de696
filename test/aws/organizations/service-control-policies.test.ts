import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readServiceControlPolicies } from '../../../src/aws/organizations/service-control-policies.js';
import { parseInventory } from '../../../src/iam/inventory/parse.js';
import { AwsError } from '../../../src/platform/errors.js';

// Account 444455556666 sits in OU ou-ab12-child, under ou-ab12-parent, under root r-ab12.
const ACCOUNT = '444455556666';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/watchkeeper-reader`;
const orgs = mockClient(OrganizationsClient);
const client = () => new OrganizationsClient({ region: 'us-east-1' });

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const FULL = { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' };
const DENY_LEAVE = { Id: 'p-denyleave1', Name: 'DenyLeaveOrganization' };
const DENY_IAM_USERS = { Id: 'p-denyusers1', Name: 'DenyIamUsers' };
const CONTENT: Record<string, string> = {
  [FULL.Id]: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
  [DENY_LEAVE.Id]: doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }),
  [DENY_IAM_USERS.Id]: doc({ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }),
};

beforeEach(() => {
  orgs.reset();
  orgs
    .on(ListParentsCommand, { ChildId: ACCOUNT })
    .resolves({ Parents: [{ Id: 'ou-ab12-child', Type: 'ORGANIZATIONAL_UNIT' }] })
    .on(ListParentsCommand, { ChildId: 'ou-ab12-child' })
    .resolves({ Parents: [{ Id: 'ou-ab12-parent', Type: 'ORGANIZATIONAL_UNIT' }] })
    .on(ListParentsCommand, { ChildId: 'ou-ab12-parent' })
    .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
  orgs
    .on(ListPoliciesForTargetCommand, { TargetId: ACCOUNT })
    .resolves({ Policies: [FULL] })
    .on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-child' })
    .resolves({ Policies: [FULL, DENY_IAM_USERS] })
    .on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-parent' })
    .resolves({ Policies: [FULL] })
    .on(ListPoliciesForTargetCommand, { TargetId: 'r-ab12' })
    .resolves({ Policies: [FULL, DENY_LEAVE] });
  orgs.on(DescribePolicyCommand).callsFake((input: { PolicyId: string }) => {
    const name = [FULL, DENY_LEAVE, DENY_IAM_USERS].find((p) => p.Id === input.PolicyId)?.Name;
    return {
      Policy: { PolicySummary: { Id: input.PolicyId, Name: name }, Content: CONTENT[input.PolicyId] },
    };
  });
});

describe('SCPs from AWS Organizations', () => {
  it('reads the SCPs of the account, each OU above it and the root, describing each policy once', async () => {
    const read = await readServiceControlPolicies(client(), { accountId: ACCOUNT, roleArn: ROLE_ARN });
    expect('value' in read && read.value).toEqual([
      { Name: 'FullAWSAccess', Document: CONTENT[FULL.Id], Target: `account ${ACCOUNT}` },
      { Name: 'DenyIamUsers', Document: CONTENT[DENY_IAM_USERS.Id], Target: 'ou-ab12-child' },
      { Name: 'DenyLeaveOrganization', Document: CONTENT[DENY_LEAVE.Id], Target: 'root r-ab12' },
    ]);
    for (const call of orgs.commandCalls(ListPoliciesForTargetCommand))
      expect(call.args[0].input.Filter).toBe('SERVICE_CONTROL_POLICY');
    expect(orgs.commandCalls(ListPoliciesForTargetCommand).map((c) => c.args[0].input.TargetId)).toEqual([
      ACCOUNT,
      'ou-ab12-child',
      'ou-ab12-parent',
      'r-ab12',
    ]);
    expect(orgs.commandCalls(DescribePolicyCommand)).toHaveLength(3);
    // The inventory parser takes them as the SCPs the analysis weighs.
    if (!('value' in read)) throw new Error('expected SCPs');
    const inventory = parseInventory({
      collectedAt: '2026-11-29T03:00:00Z',
      authorizationDetails: {
        UserDetailList: [
          {
            UserName: 'u',
            UserId: 'AIDAEXAMPLE000000001',
            Arn: `arn:aws:iam::${ACCOUNT}:user/u`,
            CreateDate: '2025-01-01T00:00:00Z',
          },
        ],
      },
      serviceControlPolicies: read.value,
    });
    expect(inventory.serviceControlPolicies?.map((p) => p.name)).toEqual([
      'FullAWSAccess',
      'DenyIamUsers',
      'DenyLeaveOrganization',
    ]);
  });

  it('follows NextToken on both lists', async () => {
    orgs
      .on(ListPoliciesForTargetCommand, { TargetId: 'r-ab12' })
      .resolves({ Policies: [FULL], NextToken: 't-1' })
      .on(ListPoliciesForTargetCommand, { TargetId: 'r-ab12', NextToken: 't-1' })
      .resolves({ Policies: [DENY_LEAVE] });
    const read = await readServiceControlPolicies(client(), { accountId: ACCOUNT });
    expect('value' in read && read.value.map((p) => p.Name)).toEqual([
      'FullAWSAccess',
      'DenyIamUsers',
      'DenyLeaveOrganization',
    ]);
  });

  it('notes the SCPs as not read, with why, from a member account or outside an organization', async () => {
    orgs
      .on(ListParentsCommand)
      .rejects(new AccessDeniedException({ $metadata: { httpStatusCode: 400 }, message: 'no' }));
    expect(await readServiceControlPolicies(client(), { accountId: ACCOUNT })).toEqual({
      unread: {
        part: 'service control policies',
        reason:
          'AWS refused organizations:ListParents (only the management account or a delegated administrator may read SCPs)',
      },
    });
    orgs
      .on(ListParentsCommand)
      .rejects(new AWSOrganizationsNotInUseException({ $metadata: { httpStatusCode: 400 }, message: 'no' }));
    expect(await readServiceControlPolicies(client(), { accountId: ACCOUNT })).toEqual({
      unread: {
        part: 'service control policies',
        reason: 'the account is not in an AWS Organizations organization',
      },
    });
  });

  it('fails, naming the call, on other errors and on a policy without content', async () => {
    orgs.on(DescribePolicyCommand).resolves({ Policy: { PolicySummary: { Name: 'x' } } });
    const error = await readServiceControlPolicies(client(), { accountId: ACCOUNT, roleArn: ROLE_ARN }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).operation).toBe('DescribePolicy');
    orgs.on(ListParentsCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceException' }));
    const down = await readServiceControlPolicies(client(), { accountId: ACCOUNT }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(AwsError);
    expect((down as AwsError).message).toContain('Organizations ListParents failed (ServiceException)');
  });
});
