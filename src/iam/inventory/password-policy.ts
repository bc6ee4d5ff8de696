import { z } from 'zod';
import { InputError } from '../../platform/errors.js';
import { zodProblems } from '../../platform/zod-problems.js';
import type { PasswordPolicy } from '../model.js';

/**
 * `GetAccountPasswordPolicy`: the CLI's `{"PasswordPolicy": {…}}` or the bare object. `null`
 * means the account has no password policy (AWS answered NoSuchEntity), which is itself a finding.
 */
const policy = z.object({
  MinimumPasswordLength: z.number().int().min(0).optional(),
  RequireSymbols: z.boolean().optional(),
  RequireNumbers: z.boolean().optional(),
  RequireUppercaseCharacters: z.boolean().optional(),
  RequireLowercaseCharacters: z.boolean().optional(),
  PasswordReusePrevention: z.number().int().min(0).optional(),
  MaxPasswordAge: z.number().int().min(0).optional(),
  ExpirePasswords: z.boolean().optional(),
});

export function parsePasswordPolicy(input: unknown, source = 'password policy'): PasswordPolicy | null {
  if (input === null) return null;
  const inner =
    typeof input === 'object' && input !== null && 'PasswordPolicy' in input
      ? (input as { PasswordPolicy: unknown }).PasswordPolicy
      : input;
  const parsed = policy.safeParse(inner);
  if (!parsed.success) throw new InputError(`${source} is not valid`, zodProblems(parsed.error));
  const p = parsed.data;
  const out: Record<string, number | boolean> = {};
  const set = (key: keyof PasswordPolicy, value: number | boolean | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('minimumPasswordLength', p.MinimumPasswordLength);
  set('requireSymbols', p.RequireSymbols);
  set('requireNumbers', p.RequireNumbers);
  set('requireUppercaseCharacters', p.RequireUppercaseCharacters);
  set('requireLowercaseCharacters', p.RequireLowercaseCharacters);
  set('passwordReusePrevention', p.PasswordReusePrevention);
  set('maxPasswordAge', p.MaxPasswordAge);
  set('expirePasswords', p.ExpirePasswords);
  return out as PasswordPolicy;
}
