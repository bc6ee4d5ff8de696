import { z } from 'zod';
import type { VirtualMfaDevice } from '../model.js';
import { isoTime } from './dates.js';
import { listedItems } from './listed-parts.js';

/**
 * `ListVirtualMFADevices` (`--assignment-status Assigned`): authenticator-app devices and whom
 * they are assigned to. A virtual device's `SerialNumber` is an ARN (`arn:aws:iam::…:mfa/NAME`);
 * hardware TOTP tokens (a plain serial) and FIDO security keys are never in this list, which is
 * how the hardware-MFA checks tell them apart. Unassigned devices are dropped.
 */
const device = z.object({
  SerialNumber: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:mfa\/./, 'a virtual MFA device ARN'),
  User: z.object({ Arn: z.string().min(1) }).optional(),
  EnableDate: z.string().optional(),
});

export function parseVirtualMfaDevices(input: unknown, source = 'virtual MFA devices'): VirtualMfaDevice[] {
  return listedItems(
    input,
    'VirtualMFADevices',
    device,
    source,
    '`aws iam list-virtual-mfa-devices` output',
  ).flatMap((d): VirtualMfaDevice[] => {
    if (!d.User) return [];
    const enabled = d.EnableDate ? isoTime(d.EnableDate) : undefined;
    return [
      { serialNumber: d.SerialNumber, userArn: d.User.Arn, ...(enabled ? { enableDate: enabled } : {}) },
    ];
  });
}
