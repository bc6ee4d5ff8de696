import { readFileSync } from 'node:fs';
import {
  IAMClient,
  IAMServiceException,
  ListRoleTagsCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  ResourceGroupsTaggingAPIServiceException,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSdkResourceTagsPort } from '../../../src/aws/tagging/sdk.js';
import { AwsError, ErrorCode } from '../../../src/platform/errors.js';
import { createSilentLogger } from '../../../src/platform/log/logger.js';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const iam = mockClient(IAMClient);

function page(name: string) {
  return JSON.parse(readFileSync(new URL(`../../fixtures/ownership/${name}`, import.meta.url), 'utf8'));
}

function port(maxPages?: number) {
  return createSdkResourceTagsPort({
    tagging: new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' }),
    iam: new IAMClient({ region: 'us-east-1' }),
    logger: createSilentLogger(),
    ...(maxPages ? { maxPages } : {}),
  });
}

function taggingDenied() {
  return new ResourceGroupsTaggingAPIServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message:
      'User: arn:aws:sts::048213396712:assumed-role/watchkeeper/x is not authorized to perform: tag:GetResources',
  });
}

afterEach(() => {
  tagging.reset();
  iam.reset();
});

describe('tagsForArn', () => {
  it('asks GetResources for exactly that ARN and returns its tags as a record', async () => {
    const arn = 'arn:aws:s3:::media-uploads-eu';
    tagging.on(GetResourcesCommand, { ResourceARNList: [arn] }).resolves({
      ResourceTagMappingList: [{ ResourceARN: arn, Tags: [{ Key: 'Team', Value: 'ledger' }] }],
    });
    await expect(port().tagsForArn(arn)).resolves.toEqual({ Team: 'ledger' });
    expect(tagging.commandCalls(GetResourcesCommand)[0]?.args[0].input).toEqual({ ResourceARNList: [arn] });
  });

  it('gives no tags when AWS returns no mapping (untagged or unknown resource)', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [], PaginationToken: '' });
    await expect(port().tagsForArn('arn:aws:sns:eu-west-1:048213396712:quiet-topic')).resolves.toEqual({});
  });

  it('reads IAM roles through IAM, by name without the path', async () => {
    iam
      .on(ListRoleTagsCommand, { RoleName: 'etl-loader' })
      .resolves({ Tags: [{ Key: 'team', Value: 'growth' }] });
    await expect(
      port().tagsForArn('arn:aws:iam::048213396712:role/service-role/etl-loader'),
    ).resolves.toEqual({ team: 'growth' });
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(0);
  });

  it('turns AccessDenied into an AwsError naming tag:GetResources', async () => {
    tagging.on(GetResourcesCommand).rejects(taggingDenied());
    const error = await port()
      .tagsForArn('arn:aws:s3:::media-uploads-eu')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({
      code: ErrorCode.AwsAccessDenied,
      awsCode: 'AccessDeniedException',
      missingAction: 'tag:GetResources',
      message:
        'Resource Groups Tagging API GetResources failed (AccessDeniedException): arn:aws:s3:::media-uploads-eu',
    });
    expect((error as AwsError).userMessage).toContain('AWS refused tag:GetResources');
  });

  it('rejects a response of the wrong shape with an AwsError naming the field', async () => {
    tagging.on(GetResourcesCommand).resolves({
      ResourceTagMappingList: [{ ResourceARN: 'arn:aws:s3:::x', Tags: [{ Value: 'no key' }] }],
    } as never);
    await expect(port().tagsForArn('arn:aws:s3:::x')).rejects.toThrow(
      /InvalidResponse.*ResourceTagMappingList\.0\.Tags\.0\.Key/,
    );
  });
});

describe('tagsForPrincipal', () => {
  it('follows IAM markers until the list is complete', async () => {
    iam
      .on(ListUserTagsCommand, { UserName: 'mara' })
      .resolves({ Tags: [{ Key: 'Owner', Value: 'ledger' }], IsTruncated: true, Marker: 'm-1' })
      .on(ListUserTagsCommand, { UserName: 'mara', Marker: 'm-1' })
      .resolves({ Tags: [{ Key: 'Stage', Value: 'prod' }], IsTruncated: false });
    await expect(port().tagsForPrincipal('user', 'mara')).resolves.toEqual({
      Owner: 'ledger',
      Stage: 'prod',
    });
    expect(iam.commandCalls(ListUserTagsCommand)).toHaveLength(2);
  });

  it('names iam:ListRoleTags when IAM refuses', async () => {
    iam.on(ListRoleTagsCommand).rejects(
      new IAMServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'not authorized',
      }),
    );
    await expect(port().tagsForPrincipal('role', 'etl-loader')).rejects.toMatchObject({
      code: ErrorCode.AwsAccessDenied,
      missingAction: 'iam:ListRoleTags',
      message: 'IAM ListRoleTags failed (AccessDenied): role etl-loader',
    });
  });

  it('reports a missing role as a failed call, not as an empty tag set', async () => {
    iam.on(ListRoleTagsCommand).rejects(
      new IAMServiceException({
        name: 'NoSuchEntity',
        $fault: 'client',
        $metadata: {},
        message: 'no role',
      }),
    );
    await expect(port().tagsForPrincipal('role', 'ghost')).rejects.toMatchObject({
      code: ErrorCode.AwsCallFailed,
      awsCode: 'NoSuchEntity',
    });
  });
});

describe('findByTag', () => {
  it('filters by the tag and follows PaginationToken until AWS answers with an empty one', async () => {
    const first = page('get-resources-by-tag-page-1.json');
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce(first)
      .resolvesOnce(page('get-resources-by-tag-page-2.json'))
      .rejects(new Error('a third page was requested'));
    const found = await port().findByTag('Team', 'ledger');
    expect(found.map((r) => r.arn)).toEqual([
      'arn:aws:s3:::ledger-statements-eu',
      'arn:aws:ec2:eu-west-1:048213396712:instance/i-0d4e5f60718293a4b',
      'arn:aws:lambda:eu-west-1:048213396712:function:ledger-reconcile:live',
    ]);
    expect(found[1]?.tags).toEqual({ Team: 'ledger', Name: '' });
    const inputs = tagging.commandCalls(GetResourcesCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { TagFilters: [{ Key: 'Team', Values: ['ledger'] }], ResourcesPerPage: 100 },
      {
        TagFilters: [{ Key: 'Team', Values: ['ledger'] }],
        ResourcesPerPage: 100,
        PaginationToken: first.PaginationToken,
      },
    ]);
  });

  it('stops at the page limit instead of paging forever', async () => {
    tagging.on(GetResourcesCommand).resolves({
      PaginationToken: 'again',
      ResourceTagMappingList: [{ ResourceARN: 'arn:aws:s3:::loop', Tags: [] }],
    });
    const found = await port(3).findByTag('Team', 'ledger');
    expect(found).toHaveLength(3);
    expect(tagging.commandCalls(GetResourcesCommand)).toHaveLength(3);
  });

  it('turns AccessDenied on any page into an AwsError naming tag:GetResources', async () => {
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce(page('get-resources-by-tag-page-1.json'))
      .rejects(taggingDenied());
    await expect(port().findByTag('Team', 'ledger')).rejects.toMatchObject({
      missingAction: 'tag:GetResources',
      message: expect.stringContaining('resources tagged Team=ledger'),
    });
  });
});
