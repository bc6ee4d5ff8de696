import { type IAMClient, ListRoleTagsCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import {
  GetResourcesCommand,
  type ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { z } from 'zod';
import type { Logger } from '../../platform/log/logger.js';
import { parseArn } from './arn.js';
import { type AwsCallContext, invalidResponseError, toAwsError } from './aws-errors.js';
import type { ResourceTagsPort, TaggedPrincipalKind, TaggedResource, Tags } from './port.js';

/**
 * ResourceTagsPort over AWS: the Resource Groups Tagging API for resources (in the tagging
 * client's region) and IAM for users and roles, which that API does not cover. Every response is
 * checked with zod before use; every failure becomes an AwsError naming the missing action.
 */

export interface SdkResourceTagsPortOptions {
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly iam: IAMClient;
  readonly logger: Logger;
  /**
   * Stop following PaginationToken after this many pages of findByTag, so one broad tag cannot
   * keep a worker busy. @defaultValue 50 (5,000 resources)
   */
  readonly maxPages?: number;
}

const tagListSchema = z.array(z.object({ Key: z.string(), Value: z.string().optional() }));

const getResourcesOutputSchema = z.object({
  PaginationToken: z.string().optional(),
  ResourceTagMappingList: z
    .array(z.object({ ResourceARN: z.string().min(1), Tags: tagListSchema.optional() }))
    .optional(),
});

const listTagsOutputSchema = z.object({
  Tags: tagListSchema,
  IsTruncated: z.boolean().optional(),
  Marker: z.string().optional(),
});

const RESOURCES_PER_PAGE = 100;

export function createSdkResourceTagsPort(options: SdkResourceTagsPortOptions): ResourceTagsPort {
  const maxPages = options.maxPages ?? 50;

  async function tagsForArn(arn: string): Promise<Tags> {
    const parsed = parseArn(arn);
    // IAM users and roles are tagged through IAM, not the Resource Groups Tagging API.
    if (parsed.ok && parsed.arn.service === 'iam') {
      const type = parsed.arn.resourceType;
      if (type === 'user' || type === 'role') {
        return tagsForPrincipal(type, parsed.arn.resourceId.split('/').pop() ?? parsed.arn.resourceId);
      }
    }
    const context = taggingContext(arn);
    const output = await call(context, () =>
      options.tagging.send(new GetResourcesCommand({ ResourceARNList: [arn] })),
    );
    const page = check(getResourcesOutputSchema, output, context);
    const mapping = page.ResourceTagMappingList?.find((m) => m.ResourceARN === arn);
    return toRecord(mapping?.Tags ?? []);
  }

  async function tagsForPrincipal(kind: TaggedPrincipalKind, name: string): Promise<Tags> {
    const operation = kind === 'user' ? 'ListUserTags' : 'ListRoleTags';
    const context: AwsCallContext = {
      service: 'IAM',
      operation,
      action: `iam:${operation}`,
      target: `${kind} ${name}`,
    };
    const tags: { Key: string; Value?: string | undefined }[] = [];
    let marker: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const paging = marker ? { Marker: marker } : {};
      const output = await call(context, () =>
        kind === 'user'
          ? options.iam.send(new ListUserTagsCommand({ UserName: name, ...paging }))
          : options.iam.send(new ListRoleTagsCommand({ RoleName: name, ...paging })),
      );
      const checked = check(listTagsOutputSchema, output, context);
      tags.push(...checked.Tags);
      marker = checked.IsTruncated ? checked.Marker : undefined;
      if (!marker) break;
    }
    return toRecord(tags);
  }

  async function findByTag(key: string, value: string): Promise<readonly TaggedResource[]> {
    const context: AwsCallContext = {
      service: 'Resource Groups Tagging API',
      operation: 'GetResources',
      action: 'tag:GetResources',
      target: `resources tagged ${key}=${value}`,
    };
    const found: TaggedResource[] = [];
    let token: string | undefined;
    for (let page = 1; page <= maxPages; page++) {
      const output = await call(context, () =>
        options.tagging.send(
          new GetResourcesCommand({
            TagFilters: [{ Key: key, Values: [value] }],
            ResourcesPerPage: RESOURCES_PER_PAGE,
            ...(token ? { PaginationToken: token } : {}),
          }),
        ),
      );
      const checked = check(getResourcesOutputSchema, output, context);
      for (const mapping of checked.ResourceTagMappingList ?? []) {
        found.push({ arn: mapping.ResourceARN, tags: toRecord(mapping.Tags ?? []) });
      }
      // The last page answers with an empty token, not a missing one.
      token = checked.PaginationToken || undefined;
      if (!token) return found;
    }
    options.logger.warn(
      { key, value, pages: maxPages, found: found.length },
      'findByTag stopped at the page limit',
    );
    return found;
  }

  return { tagsForArn, tagsForPrincipal, findByTag };
}

function taggingContext(arn: string): AwsCallContext {
  return {
    service: 'Resource Groups Tagging API',
    operation: 'GetResources',
    action: 'tag:GetResources',
    target: arn,
  };
}

async function call<T>(context: AwsCallContext, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toAwsError(error, context);
  }
}

function check<T>(schema: z.ZodType<T>, output: unknown, context: AwsCallContext): T {
  const parsed = schema.safeParse(output);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'response';
  throw invalidResponseError(context, `${where}: ${issue?.message ?? 'unexpected shape'}`);
}

function toRecord(tags: readonly { Key: string; Value?: string | undefined }[]): Tags {
  const record: Record<string, string> = {};
  for (const tag of tags) record[tag.Key] = tag.Value ?? '';
  return record;
}
