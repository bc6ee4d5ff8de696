import {
  type IAMClient,
  ListSAMLProvidersCommand,
  paginateListServerCertificates,
  paginateListVirtualMFADevices,
} from '@aws-sdk/client-iam';
import { awsErrorFrom } from '../client-config.js';
import { type IamAccount, iamCall, iamCallContext, invalidIamResponse } from './iam-call.js';

/**
 * The IAM lists the Prowler-parity checks read, in the AWS CLI's JSON (Dates as ISO-8601
 * strings): assigned virtual MFA devices (a hardware device or security key is never in that
 * list), server certificates' metadata, and SAML providers. Paginated lists stop on a repeated
 * Marker rather than loop.
 */

const toCliJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

async function allPages<P extends { IsTruncated?: boolean | undefined; Marker?: string | undefined }>(
  operation: string,
  account: IamAccount,
  pages: AsyncIterable<P>,
  items: (page: P) => unknown,
): Promise<unknown[]> {
  const context = iamCallContext(account, operation);
  const out: unknown[] = [];
  const markers = new Set<string>();
  let n = 0;
  try {
    for await (const page of pages) {
      n += 1;
      const list = items(page);
      if (list !== undefined && !Array.isArray(list))
        throw invalidIamResponse(context, `page ${n}: the list is not a list`);
      for (const item of list ?? []) out.push(toCliJson(item));
      if (page.IsTruncated !== true) break;
      if (typeof page.Marker !== 'string' || page.Marker === '' || markers.has(page.Marker))
        throw invalidIamResponse(context, `page ${n} is truncated without a new Marker`);
      markers.add(page.Marker);
    }
  } catch (error) {
    throw awsErrorFrom(error, context);
  }
  return out;
}

/** `ListVirtualMFADevices --assignment-status Assigned`: `VirtualMFADevices`. */
export function readVirtualMfaDevices(client: IAMClient, account: IamAccount): Promise<unknown[]> {
  return allPages(
    'ListVirtualMFADevices',
    account,
    paginateListVirtualMFADevices({ client, pageSize: 1000 }, { AssignmentStatus: 'Assigned' }),
    (page) => page.VirtualMFADevices,
  );
}

/** `ListServerCertificates`: `ServerCertificateMetadataList`. */
export function readServerCertificates(client: IAMClient, account: IamAccount): Promise<unknown[]> {
  return allPages(
    'ListServerCertificates',
    account,
    paginateListServerCertificates({ client, pageSize: 1000 }, {}),
    (page) => page.ServerCertificateMetadataList,
  );
}

/** `ListSAMLProviders` (one answer, not paginated): `SAMLProviderList`. */
export async function readSamlProviders(client: IAMClient, account: IamAccount): Promise<unknown[]> {
  const context = iamCallContext(account, 'ListSAMLProviders');
  const answer = await iamCall(context, () => client.send(new ListSAMLProvidersCommand({})));
  const list = answer?.SAMLProviderList ?? [];
  if (!Array.isArray(list)) throw invalidIamResponse(context, 'SAMLProviderList is not a list');
  return list.map(toCliJson);
}
