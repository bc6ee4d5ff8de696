import type { Alert } from '../alerts/alert.js';
import { alertOwnerSubject } from './alert-subject.js';
import { type OwnerResolution, type ResolveOwnerDeps, resolveOwner } from './resolver.js';

/**
 * The owner an incident card shows: the same resolver `/owner` uses, asked with everything the
 * alert knows. First the resource (its ARN, the tags the alert carried, then its tags read
 * through the tag port), then the IAM principal that acted (its tags read through the port, and
 * owners.yaml rules on its name or ARN). The first that names an owner by tag or owners.yaml
 * rule answers; otherwise the first answer stands (an account default, or nobody).
 *
 * A tag port failure is asked once: later steps skip the port and the answer says why tags
 * could not be read, as `/owner` does for a bare name.
 */
export async function resolveAlertOwner(alert: Alert, deps: ResolveOwnerDeps): Promise<OwnerResolution> {
  const subject = alertOwnerSubject(alert);
  const lookups = [...(subject.resource ? [subject.resource] : []), ...subject.principals];
  let first: OwnerResolution | undefined;
  let lookupDeps = deps;
  for (const lookup of lookups) {
    const answer = await resolveOwner(lookup, lookupDeps);
    if (answer.source === 'tag' || answer.source === 'registry') return answer;
    first ??= answer;
    if (answer.tagsUnavailable) {
      const { tags: _unavailable, ...withoutTags } = lookupDeps;
      lookupDeps = withoutTags;
    }
  }
  if (first) return first;
  // Unreachable in practice (an alert always has a resource or a principal): ask about the account.
  return resolveOwner({ accountId: alert.accountId, region: alert.region }, deps);
}
