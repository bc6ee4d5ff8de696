/**
 * The one way ownership reads resource tags. The SDK implementation (sdk.ts) asks AWS; the
 * file-backed one (static.ts) serves the CLI's `--tags FILE.json` and the sandbox.
 */

export type Tags = Readonly<Record<string, string>>;

export type TaggedPrincipalKind = 'user' | 'role';

export interface TaggedResource {
  readonly arn: string;
  readonly tags: Tags;
}

export interface ResourceTagsPort {
  /** Tags on one resource. Untagged and unknown resources both give `{}` (AWS does not tell them apart). */
  tagsForArn(arn: string): Promise<Tags>;
  /** Tags on an IAM user or role, by name (without its path). */
  tagsForPrincipal(kind: TaggedPrincipalKind, name: string): Promise<Tags>;
  /** Every resource carrying `key=value`, across all pages. */
  findByTag(key: string, value: string): Promise<readonly TaggedResource[]>;
  /**
   * Tags on a resource known only by a bare id (an instance id without account and region).
   * Only ports that index by id have it; AWS's tagging API needs an ARN.
   */
  tagsForResourceId?(id: string): Promise<Tags | undefined>;
}
