import { type Arn, arnResourceName, parseArn } from './arn.js';
import type { ResourceTagsPort, TaggedPrincipalKind, TaggedResource, Tags } from './port.js';

/**
 * ResourceTagsPort over a fixed map of ARN-or-id -> tags: the CLI's `--tags FILE.json`, the
 * sandbox and tests. Keys may be full ARNs or the ids people type (`i-0abc…`, a bucket name,
 * `role/NAME`), so a file written by hand works whichever form the query uses.
 */
export function createStaticResourceTagsPort(records: Readonly<Record<string, Tags>>): ResourceTagsPort {
  const entries = Object.entries(records).map(([key, tags]) => ({ key, tags, arn: parsedOrUndefined(key) }));

  function byId(id: string): Tags | undefined {
    const direct = records[id];
    if (direct) return direct;
    return entries.find((e) => e.arn && (e.arn.resourceId === id || arnResourceName(e.arn) === id))?.tags;
  }

  return {
    async tagsForArn(arn) {
      const direct = records[arn];
      if (direct) return direct;
      const parsed = parsedOrUndefined(arn);
      if (!parsed) return {};
      return records[parsed.resourceId] ?? records[arnResourceName(parsed)] ?? {};
    },
    async tagsForPrincipal(kind: TaggedPrincipalKind, name: string) {
      const short = records[`${kind}/${name}`];
      if (short) return short;
      const fromArn = entries.find(
        (e) => e.arn?.service === 'iam' && e.arn.resourceType === kind && arnResourceName(e.arn) === name,
      );
      return fromArn?.tags ?? {};
    },
    async findByTag(key: string, value: string): Promise<readonly TaggedResource[]> {
      return entries.filter((e) => e.tags[key] === value).map((e) => ({ arn: e.key, tags: e.tags }));
    },
    async tagsForResourceId(id: string) {
      return byId(id);
    },
  };
}

function parsedOrUndefined(text: string): Arn | undefined {
  const parsed = parseArn(text);
  return parsed.ok ? parsed.arn : undefined;
}
