/**
 * Where in a parsed document a problem is: a zod or YAML path such as `['steps', 2, 'text']`
 * written the way a person would type it, `steps[2].text`. Every parser that reports problems by
 * path (alerts, runbooks, owners.yaml) writes them through here so they all read the same.
 */

export interface FormatPathOptions {
  /** Written before the path, e.g. `detail` when the parsed value sits inside an envelope. */
  readonly prefix?: string;
  /** Upper-cases the first letter of every key, for inputs whose keys were camelCased before parsing. */
  readonly pascalCase?: boolean;
  /** What an empty path (with no prefix) is called. @defaultValue `'(root)'` */
  readonly rootLabel?: string;
  /**
   * Writes keys that are not identifiers as `["odd key"]`, for documents whose keys are free text
   * (team names, ARNs), where `teams.a b.channel` would not say where one key ends.
   * @defaultValue false
   */
  readonly quoteOddKeys?: boolean;
}

/** Hyphens count as identifier characters: YAML keys like `ledger-oncall` need no quotes. */
const IDENTIFIER = /^[A-Za-z_][\w-]*$/;

/** `['steps', 2, 'text']` -> `steps[2].text`; `[]` -> the root label. */
export function formatPath(path: readonly PropertyKey[], options: FormatPathOptions = {}): string {
  let out = options.prefix ?? '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      continue;
    }
    const key = String(segment);
    const shown = options.pascalCase ? key.charAt(0).toUpperCase() + key.slice(1) : key;
    if (options.quoteOddKeys && !IDENTIFIER.test(shown)) out += `["${shown}"]`;
    else out += out ? `.${shown}` : shown;
  }
  return out || (options.rootLabel ?? '(root)');
}
