import type { ResourceTagsPort, Tags } from '../aws/tagging/port.js';
import type { ArnContext } from '../aws/tagging/resource-arns.js';
import { toUserMessage } from '../platform/errors.js';
import type { Logger } from '../platform/log/logger.js';
import type { NameCandidate, OwnerQuery } from './query.js';
import type { OwnerContact, OwnersRegistry } from './registry.js';
import { accountDefaults, findOwnerRule, lookupTeam } from './registry-match.js';
import {
  CANDIDATE_LABELS,
  describeCandidate,
  describeLookup,
  describeQuery,
  isOwnerQuery,
  type OwnedResource,
  type OwnerLookup,
} from './subject.js';
import { TagsUnavailableError } from './tags-cache.js';

/**
 * Who owns a resource. The order is fixed and each step says why it answered:
 *   1. an owner tag on the resource: first the tags the caller already has (an alert carries
 *      them), then the tag port; a tag naming a team owners.yaml knows brings that team's
 *      channel and user group along;
 *   2. the first owners.yaml rule that matches;
 *   3. the account's default team in owners.yaml.
 * A tag port failure (AccessDenied) never fails the look-up: it falls through to owners.yaml and
 * `detail` says that tags could not be read, and why.
 */

export const DEFAULT_OWNER_TAG_KEYS: readonly string[] = ['Owner', 'Team', 'owner', 'team'];

export type OwnerSource = 'tag' | 'registry' | 'account-default' | 'none';

export type OwnerEvidence =
  | {
      readonly source: 'tag';
      readonly key: string;
      readonly value: string;
      /** `given`: tags handed in (alert, query); `aws`: read through the tag port. */
      readonly from: 'given' | 'aws' | 'query';
      /** True when owners.yaml knows the team the tag names. */
      readonly knownTeam: boolean;
    }
  | {
      readonly source: 'registry';
      readonly ruleNumber: number;
      readonly ruleName?: string;
      readonly line?: number;
      readonly matchedOn: readonly string[];
    }
  | { readonly source: 'account-default'; readonly accountId: string; readonly alias?: string }
  | { readonly source: 'none' };

export interface OwnerResolution {
  readonly owner: OwnerContact | null;
  readonly source: OwnerSource;
  /** One line for people: which tag key, which owners.yaml rule, which account default. */
  readonly detail: string;
  readonly resource: OwnedResource;
  readonly evidence: OwnerEvidence;
  /** Why the resource's tags could not be read, when they could not. */
  readonly tagsUnavailable?: string;
  /** For tag=value queries: the resources the tag port found with that tag. */
  readonly tagged?: { readonly arns: readonly string[]; readonly total: number };
  /** For a bare name: what it was asked as, every kind it could be, and the kind that answered. */
  readonly nameTried?: NameTried;
}

export interface NameTried {
  readonly name: string;
  /** `IAM role`, `IAM user`, `S3 bucket`, in the order they were tried. */
  readonly kinds: readonly string[];
  /** The kind whose tag or owners.yaml rule answered; none when no kind did. */
  readonly answeredAs?: string;
}

export interface ResolveOwnerDeps {
  readonly tags?: ResourceTagsPort;
  readonly registry: OwnersRegistry;
  /** Tag keys that name an owner, tried in order. @defaultValue ['Owner','Team','owner','team'] */
  readonly tagKeys?: readonly string[];
  readonly logger: Logger;
  /** Account, region and partition for building ARNs from bare ids (instance ids, principals). */
  readonly context?: ArnContext;
}

const TAGGED_SHOWN = 20;

export async function resolveOwner(
  input: OwnerQuery | OwnerLookup,
  deps: ResolveOwnerDeps,
): Promise<OwnerResolution> {
  const context = deps.context ?? {};
  const tagKeys = deps.tagKeys ?? DEFAULT_OWNER_TAG_KEYS;
  if (isOwnerQuery(input) && input.kind === 'name') return resolveName(input.name, input.candidates, deps);
  const resource = isOwnerQuery(input) ? describeQuery(input, context) : describeLookup(input, context);
  if (resource.tag) return resolveTagQuery(resource, resource.tag, tagKeys, deps);
  return resolveResource(resource, isOwnerQuery(input) ? {} : (input.tags ?? {}), deps);
}

/**
 * A bare name is tried as each kind it could be (role, user, bucket); the first whose own tag or
 * owners.yaml rule names an owner answers. When none does, the answer is about the name itself
 * (an account default may still apply), never about a kind it was only guessed to be.
 */
async function resolveName(
  name: string,
  candidates: readonly NameCandidate[],
  deps: ResolveOwnerDeps,
): Promise<OwnerResolution> {
  const context = deps.context ?? {};
  const kinds = candidates.map((c) => CANDIDATE_LABELS[c]);
  const problems: string[] = [];
  let lookup = deps;
  for (const candidate of candidates) {
    const answer = await resolveResource(describeCandidate(name, candidate, context), {}, lookup);
    if (answer.source === 'tag' || answer.source === 'registry') {
      const nameTried = { name, kinds, answeredAs: CANDIDATE_LABELS[candidate] };
      const problem = problems[0];
      if (!problem || answer.tagsUnavailable) return { ...answer, nameTried };
      return {
        ...answer,
        detail: `${answer.detail}; tags could not be read: ${problem}`,
        tagsUnavailable: problem,
        nameTried,
      };
    }
    if (answer.tagsUnavailable) {
      // The same port will refuse the next kind too: one failure logged, owners.yaml answers.
      problems.push(answer.tagsUnavailable);
      const { tags: _unavailable, ...withoutTags } = lookup;
      lookup = withoutTags;
    }
  }
  const resource: OwnedResource = {
    kind: 'resource',
    label: name,
    id: name,
    names: [name],
    ...(context.accountId ? { accountId: context.accountId } : {}),
  };
  const problem = problems[0];
  const note = problem ? `; tags could not be read: ${problem}` : '';
  const tagKeys = deps.tagKeys ?? DEFAULT_OWNER_TAG_KEYS;
  return {
    ...fromRegistry(resource, resource.accountId, {}, tagKeys, deps.registry, note),
    ...(problem ? { tagsUnavailable: problem } : {}),
    nameTried: { name, kinds },
  };
}

/** Steps 1 to 3 for one described resource; `given` are tags the caller already has. */
async function resolveResource(
  resource: OwnedResource,
  given: Tags,
  deps: ResolveOwnerDeps,
): Promise<OwnerResolution> {
  const tagKeys = deps.tagKeys ?? DEFAULT_OWNER_TAG_KEYS;
  const fromGiven = ownerFromTags(given, tagKeys, 'given', resource, deps.registry);
  if (fromGiven) return fromGiven;

  const read = await readTags(resource, deps);
  if (read.tags) {
    const fromAws = ownerFromTags(read.tags, tagKeys, 'aws', resource, deps.registry);
    if (fromAws) return fromAws;
  }
  const unavailable = read.problem ? { tagsUnavailable: read.problem } : {};
  const note = read.problem ? `; tags could not be read: ${read.problem}` : '';
  const tags = { ...given, ...read.tags };
  return {
    ...fromRegistry(resource, resource.accountId, tags, tagKeys, deps.registry, note),
    ...unavailable,
  };
}

/** Steps 2 and 3. `accountId` is the account rules and defaults may use (none for tag queries). */
function fromRegistry(
  resource: OwnedResource,
  accountId: string | undefined,
  tags: Tags,
  tagKeys: readonly string[],
  registry: OwnersRegistry,
  note: string,
): OwnerResolution {
  const match = findOwnerRule(registry, {
    names: resource.names,
    tags,
    ...(resource.arn ? { arn: resource.arn } : {}),
    ...(accountId ? { accountId } : {}),
  });
  if (match) {
    const { rule } = match;
    return {
      owner: match.owner,
      source: 'registry',
      detail: `${registry.source} rule ${rule.number}${rule.name ? ` (${rule.name})` : ''} matched ${match.matchedOn.join(' and ')}${note}`,
      resource,
      evidence: {
        source: 'registry',
        ruleNumber: rule.number,
        matchedOn: match.matchedOn,
        ...(rule.name ? { ruleName: rule.name } : {}),
        ...(rule.line ? { line: rule.line } : {}),
      },
    };
  }
  const defaults = accountDefaults(registry, accountId);
  if (accountId && defaults?.defaultTeam) {
    const alias = defaults.alias ? ` (${defaults.alias})` : '';
    return {
      owner: lookupTeam(registry, defaults.defaultTeam) ?? { team: defaults.defaultTeam },
      source: 'account-default',
      detail: `default team of account ${accountId}${alias} in ${registry.source}${note}`,
      resource,
      evidence: {
        source: 'account-default',
        accountId,
        ...(defaults.alias ? { alias: defaults.alias } : {}),
      },
    };
  }
  const keys =
    resource.kind === 'account' || resource.kind === 'tag' ? '' : `no owner tag (${tagKeys.join(', ')}), `;
  const account = accountId ? `no default team for account ${accountId}` : 'no account default applies';
  return {
    owner: null,
    source: 'none',
    detail: `${keys}no matching rule in ${registry.source}, ${account}${note}`,
    resource,
    evidence: { source: 'none' },
  };
}

function ownerFromTags(
  tags: Tags,
  tagKeys: readonly string[],
  from: 'given' | 'aws',
  resource: OwnedResource,
  registry: OwnersRegistry,
): OwnerResolution | undefined {
  for (const key of tagKeys) {
    const value = tags[key]?.trim();
    if (value) return tagResolution(key, value, from, resource, registry);
  }
  return undefined;
}

function tagResolution(
  key: string,
  value: string,
  from: 'given' | 'aws' | 'query',
  resource: OwnedResource,
  registry: OwnersRegistry,
): OwnerResolution {
  const known = lookupTeam(registry, value);
  const where = {
    given: `tag ${key}=${value} on the resource (from the alert's tags)`,
    aws: `tag ${key}=${value} on the resource (read from AWS)`,
    query: `tag ${key}=${value} names the owning team`,
  }[from];
  const mapped = known
    ? `: team "${known.team}" in ${registry.source}`
    : `; ${registry.source} has no entry for "${value}"`;
  return {
    owner: known ?? { team: value },
    source: 'tag',
    detail: `${where}${mapped}`,
    resource,
    evidence: { source: 'tag', key, value, from, knownTeam: known !== undefined },
  };
}

async function resolveTagQuery(
  resource: OwnedResource,
  tag: { readonly key: string; readonly value: string },
  tagKeys: readonly string[],
  deps: ResolveOwnerDeps,
): Promise<OwnerResolution> {
  let tagged: OwnerResolution['tagged'];
  let problem: string | undefined;
  if (deps.tags) {
    try {
      const found = await deps.tags.findByTag(tag.key, tag.value);
      tagged = { arns: found.slice(0, TAGGED_SHOWN).map((r) => r.arn), total: found.length };
    } catch (error) {
      problem = toUserMessage(error);
      deps.logger.warn(
        { err: error, tag: tag.key },
        'could not list resources by tag; answering from owners.yaml',
      );
    }
  }
  const extras = { ...(tagged ? { tagged } : {}), ...(problem ? { tagsUnavailable: problem } : {}) };
  const note = problem ? `; tagged resources could not be listed: ${problem}` : '';
  const ownerKey = tagKeys.find((k) => k.toLowerCase() === tag.key.toLowerCase());
  if (ownerKey) {
    const answer = tagResolution(tag.key, tag.value, 'query', resource, deps.registry);
    return { ...answer, detail: `${answer.detail}${note}`, ...extras };
  }
  // Not an owner tag (e.g. Environment=prod): only owners.yaml rules keyed on that tag can answer.
  const byTag = fromRegistry(resource, undefined, { [tag.key]: tag.value }, tagKeys, deps.registry, note);
  return { ...byTag, ...extras };
}

async function readTags(
  resource: OwnedResource,
  deps: ResolveOwnerDeps,
): Promise<{ tags?: Tags; problem?: string }> {
  const port = deps.tags;
  if (!port || resource.kind === 'account') return {};
  try {
    if (resource.principal)
      return { tags: await port.tagsForPrincipal(resource.principal.kind, resource.principal.name) };
    if (resource.arn) return { tags: await port.tagsForArn(resource.arn) };
    if (resource.id && port.tagsForResourceId) {
      const tags = await port.tagsForResourceId(resource.id);
      return tags ? { tags } : {};
    }
    if (resource.kind === 'instance') {
      return {
        problem: 'an instance id needs an account id and a region to form the ARN the tagging API takes',
      };
    }
    return {};
  } catch (error) {
    // A caching port logs the failure once where it happened; a storm of alerts must not repeat it.
    const log = error instanceof TagsUnavailableError ? deps.logger.debug : deps.logger.warn;
    log.call(
      deps.logger,
      { err: error, resource: resource.arn ?? resource.id },
      'could not read tags; using owners.yaml',
    );
    return { problem: toUserMessage(error) };
  }
}
