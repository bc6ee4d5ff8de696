import { type IAMClient, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { awsErrorFrom } from '../client-config.js';
import { type IamAccount, iamCallContext, invalidIamResponse } from './iam-call.js';

/**
 * Every page of `GetAccountAuthorizationDetails` merged into the object
 * `aws iam get-account-authorization-details` prints: Dates become ISO-8601 strings, policy
 * documents stay exactly as AWS sends them (URL-encoded JSON strings; the parser decodes them).
 */
export interface AuthorizationDetailsPage {
  /** Pages fetched so far. */
  readonly pages: number;
  /** Users, groups and roles fetched so far. */
  readonly principals: number;
}

export interface MergedAuthorizationDetails {
  readonly UserDetailList: unknown[];
  readonly GroupDetailList: unknown[];
  readonly RoleDetailList: unknown[];
  readonly Policies: unknown[];
}

/** The API's largest page: fewer round trips on big accounts. */
const PAGE_SIZE = 1000;

const LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

export async function readAuthorizationDetails(
  client: IAMClient,
  account: IamAccount,
  onPage: (progress: AuthorizationDetailsPage) => void,
): Promise<MergedAuthorizationDetails> {
  const context = iamCallContext(account, 'GetAccountAuthorizationDetails');
  const merged: MergedAuthorizationDetails = {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  };
  // The SDK's paginator follows Marker for as long as one comes back, even the same one again.
  const markers = new Set<string>();
  let pages = 0;
  try {
    for await (const page of paginateGetAccountAuthorizationDetails({ client, pageSize: PAGE_SIZE }, {})) {
      pages += 1;
      for (const list of LISTS) {
        const items = page[list];
        if (items === undefined) continue;
        if (!Array.isArray(items)) throw invalidIamResponse(context, `page ${pages}: ${list} is not a list`);
        for (const item of items) merged[list].push(toCliJson(item));
      }
      onPage({
        pages,
        principals:
          merged.UserDetailList.length + merged.GroupDetailList.length + merged.RoleDetailList.length,
      });
      if (page.IsTruncated !== true) break;
      if (typeof page.Marker !== 'string' || page.Marker === '')
        throw invalidIamResponse(context, `page ${pages} is truncated but has no Marker`);
      if (markers.has(page.Marker))
        throw invalidIamResponse(
          context,
          `page ${pages} repeats an earlier Marker; stopping so the pagination cannot loop forever`,
        );
      markers.add(page.Marker);
    }
  } catch (error) {
    throw awsErrorFrom(error, context);
  }
  return merged;
}

/** The CLI's JSON: Dates as ISO-8601 strings, undefined fields left out, strings untouched. */
function toCliJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
