import { z } from 'zod';
import {
  ACCESS_KEY_KINDS,
  PRINCIPAL_KINDS,
  RESOURCE_KINDS,
  RESOURCE_ROLES,
  type SubjectProfile,
} from './subject-profile.js';

/**
 * `when:` on a runbook's match or on one step: the step (or runbook) applies only to alerts that
 * fit every listed condition. Each list means "one of these". `known` and `unknown` name
 * template variables that must have (or lack) a value, so a command that needs a datum is only
 * shown when the alert has it, and a look-up step only when it does not.
 */
export const conditionsSchema = z
  .strictObject({
    principal: z.array(z.enum(PRINCIPAL_KINDS)).min(1).optional(),
    accessKey: z.array(z.enum(ACCESS_KEY_KINDS)).min(1).optional(),
    resourceRole: z.array(z.enum(RESOURCE_ROLES)).min(1).optional(),
    resourceKind: z.array(z.enum(RESOURCE_KINDS)).min(1).optional(),
    known: z.array(z.string()).min(1).optional(),
    unknown: z.array(z.string()).min(1).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'when needs at least one of principal, accessKey, resourceRole, resourceKind, known, unknown',
  });
export type Conditions = z.infer<typeof conditionsSchema>;

/** `resourceKind ami; principal role-session`: for `runbooks which` and lint messages. */
export function describeConditions(when: Conditions | undefined): string {
  if (when === undefined) return '';
  return Object.entries(when)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${(v as readonly string[]).join('|')}`)
    .join('; ');
}

/** How many conditions a `when` sets: a runbook with more of them is more specific. */
export function conditionCount(when: Conditions | undefined): number {
  return when === undefined ? 0 : Object.values(when).filter((v) => v !== undefined).length;
}

export function conditionsHold(
  when: Conditions | undefined,
  profile: SubjectProfile,
  hasValue: (variable: string) => boolean,
): boolean {
  if (when === undefined) return true;
  if (when.principal && !when.principal.includes(profile.principal)) return false;
  if (when.accessKey && !when.accessKey.includes(profile.accessKey)) return false;
  if (when.resourceRole && !when.resourceRole.includes(profile.resourceRole)) return false;
  if (when.resourceKind && !when.resourceKind.includes(profile.resourceKind)) return false;
  if (when.known && !when.known.every(hasValue)) return false;
  if (when.unknown?.some(hasValue)) return false;
  return true;
}

/** Variables a `when` guarantees a value for (for lint): named in `known`, or implied by a kind. */
export function guaranteedBy(when: Conditions | undefined): Set<string> {
  const known = new Set(when?.known ?? []);
  const only = <T>(list: readonly T[] | undefined, allowed: readonly T[]) =>
    list?.every((v) => allowed.includes(v)) === true;
  if (only(when?.principal, ['iam-user'])) known.add('actor.userName');
  if (only(when?.principal, ['role-session'])) known.add('actor.roleName');
  if (only(when?.accessKey, ['long-term', 'temporary'])) known.add('actor.accessKeyId');
  return known;
}
