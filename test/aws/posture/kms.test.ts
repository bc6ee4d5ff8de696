import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readCustomerManagedKeys } from '../../../src/aws/posture/kms.js';
import { kmsError } from './aws-errors.js';

const kms = mockClient(KMSClient);
const clients = { kms: (region: string) => new KMSClient({ region }) };
const customer = {
  KeyManager: 'CUSTOMER' as const,
  KeyState: 'Enabled' as const,
  KeySpec: 'SYMMETRIC_DEFAULT' as const,
  Origin: 'AWS_KMS' as const,
};

beforeEach(() => kms.reset());

describe('KMS key rotation', () => {
  it('pages through keys and checks rotation of enabled customer-managed symmetric keys only', async () => {
    kms
      .on(ListKeysCommand)
      .resolvesOnce({ Keys: [{ KeyId: 'k-rot' }, { KeyId: 'k-aws' }], Truncated: true, NextMarker: 'm-2' })
      .resolvesOnce({
        Keys: [{ KeyId: 'k-norot' }, { KeyId: 'k-disabled' }, { KeyId: 'k-rsa' }, { KeyId: 'k-imported' }],
        Truncated: false,
      });
    kms.on(DescribeKeyCommand, { KeyId: 'k-rot' }).resolves({ KeyMetadata: { KeyId: 'k-rot', ...customer } });
    kms
      .on(DescribeKeyCommand, { KeyId: 'k-aws' })
      .resolves({ KeyMetadata: { KeyId: 'k-aws', ...customer, KeyManager: 'AWS' } });
    kms
      .on(DescribeKeyCommand, { KeyId: 'k-norot' })
      .resolves({ KeyMetadata: { KeyId: 'k-norot', ...customer } });
    kms
      .on(DescribeKeyCommand, { KeyId: 'k-disabled' })
      .resolves({ KeyMetadata: { KeyId: 'k-disabled', ...customer, KeyState: 'Disabled' } });
    kms
      .on(DescribeKeyCommand, { KeyId: 'k-rsa' })
      .resolves({ KeyMetadata: { KeyId: 'k-rsa', ...customer, KeySpec: 'RSA_2048' } });
    kms
      .on(DescribeKeyCommand, { KeyId: 'k-imported' })
      .resolves({ KeyMetadata: { KeyId: 'k-imported', ...customer, Origin: 'EXTERNAL' } });
    kms.on(GetKeyRotationStatusCommand, { KeyId: 'k-rot' }).resolves({ KeyRotationEnabled: true });
    kms.on(GetKeyRotationStatusCommand, { KeyId: 'k-norot' }).resolves({ KeyRotationEnabled: false });

    expect(await readCustomerManagedKeys(clients, 'eu-central-1', 3)).toEqual([
      { keyId: 'k-rot', region: 'eu-central-1', rotationEnabled: true },
      { keyId: 'k-norot', region: 'eu-central-1', rotationEnabled: false },
    ]);
    expect(kms.commandCalls(ListKeysCommand)[1]?.args[0].input).toMatchObject({ Marker: 'm-2' });
    expect(kms.commandCalls(GetKeyRotationStatusCommand)).toHaveLength(2);
  });

  it('could not check a key whose rotation status AWS refused, naming kms:GetKeyRotationStatus', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k-locked' }] });
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: 'k-locked', ...customer } });
    kms.on(GetKeyRotationStatusCommand).rejects(kmsError('AccessDeniedException'));
    expect(await readCustomerManagedKeys(clients, 'eu-central-1', 3)).toEqual([
      {
        keyId: 'k-locked',
        region: 'eu-central-1',
        rotationEnabled: {
          couldNotCheck: true,
          missingPermission: 'kms:GetKeyRotationStatus',
          reason:
            'KMS GetKeyRotationStatus was denied (AccessDeniedException) on key k-locked in eu-central-1',
        },
      },
    ]);
  });

  it('keeps a key its policy hides as unknown rather than dropping it', async () => {
    kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k-hidden' }] });
    kms.on(DescribeKeyCommand).rejects(kmsError('AccessDeniedException'));
    const [key] = (await readCustomerManagedKeys(clients, 'eu-central-1', 3)) as {
      rotationEnabled: unknown;
    }[];
    expect(key?.rotationEnabled).toMatchObject({ couldNotCheck: true, missingPermission: 'kms:DescribeKey' });
  });

  it('could not check a region where listing keys is denied or the region is not enabled', async () => {
    kms.on(ListKeysCommand).rejects(kmsError('AccessDeniedException'));
    expect(await readCustomerManagedKeys(clients, 'eu-central-1', 3)).toMatchObject({
      couldNotCheck: true,
      missingPermission: 'kms:ListKeys',
    });
    kms.on(ListKeysCommand).rejects(kmsError('UnrecognizedClientException'));
    const disabled = await readCustomerManagedKeys(clients, 'ap-east-1', 3);
    expect(disabled).toMatchObject({
      couldNotCheck: true,
      reason: expect.stringContaining('region is not enabled'),
    });
    expect(disabled).not.toHaveProperty('missingPermission');
  });
});
