import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  type KeyListEntry,
  type KeyMetadata,
  type KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { checkedCall, mapLimited } from './checked-call.js';
import { type Checked, isCouldNotCheck, type KmsKeyPosture } from './port.js';

/**
 * KMS key rotation (CIS 3.6): customer-managed, enabled, symmetric keys should rotate. AWS
 * managed keys rotate on their own, and automatic rotation exists only for keys whose material
 * KMS generated (origin AWS_KMS), so those are the only keys checked.
 */

export interface KmsClients {
  kms(region: string): KMSClient;
}

async function listAllKeys(client: KMSClient): Promise<KeyListEntry[]> {
  const keys: KeyListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new ListKeysCommand({ Limit: 1000, ...(marker ? { Marker: marker } : {}) }),
    );
    keys.push(...(page.Keys ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return keys;
}

export function isRotatableCustomerKey(metadata: KeyMetadata | undefined): boolean {
  return (
    metadata?.KeyManager === 'CUSTOMER' &&
    metadata.KeyState === 'Enabled' &&
    metadata.KeySpec === 'SYMMETRIC_DEFAULT' &&
    (metadata.Origin === undefined || metadata.Origin === 'AWS_KMS')
  );
}

export async function readCustomerManagedKeys(
  clients: KmsClients,
  region: string,
  concurrency: number,
): Promise<Checked<KmsKeyPosture[]>> {
  const client = clients.kms(region);
  const listed = await checkedCall(
    { service: 'KMS', operation: 'ListKeys', action: 'kms:ListKeys', target: `region ${region}` },
    () => listAllKeys(client),
  );
  if (isCouldNotCheck(listed)) return listed;
  const keys = await mapLimited(listed, concurrency, async (entry): Promise<KmsKeyPosture | undefined> => {
    const keyId = entry.KeyId ?? entry.KeyArn ?? '';
    const target = `key ${keyId} in ${region}`;
    const described = await checkedCall(
      { service: 'KMS', operation: 'DescribeKey', action: 'kms:DescribeKey', target },
      () => client.send(new DescribeKeyCommand({ KeyId: keyId })),
    );
    // A key policy that hides a key from Watchkeeper hides whether it rotates: report it as unknown.
    if (isCouldNotCheck(described)) return { keyId, region, rotationEnabled: described };
    if (!isRotatableCustomerKey(described.KeyMetadata)) return undefined;
    const rotation = await checkedCall(
      { service: 'KMS', operation: 'GetKeyRotationStatus', action: 'kms:GetKeyRotationStatus', target },
      () => client.send(new GetKeyRotationStatusCommand({ KeyId: keyId })),
    );
    return {
      keyId,
      region,
      rotationEnabled: isCouldNotCheck(rotation) ? rotation : rotation.KeyRotationEnabled === true,
    };
  });
  return keys.filter((k): k is KmsKeyPosture => k !== undefined);
}
