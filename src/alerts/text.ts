/**
 * Small cleaners for strings copied out of AWS payloads into an alert.
 */

const MARKDOWN_LINK = /\[([^\][]*)\]\([^()\s]*\)/g;

/**
 * `[ip-10-0-0-1.us](https://ip-10-0-0-1.us/)-west-1.compute.internal` becomes the DNS name it
 * was. Some exporters wrap host names in markdown links; left in, Slack would render a link
 * to wherever the brackets point.
 */
export function stripMarkdownLinks(text: string): string {
  return text.replace(MARKDOWN_LINK, '$1');
}

/** A trimmed, de-linked string, or undefined when there is nothing in it. */
export function cleanText(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const cleaned = stripMarkdownLinks(value).trim();
  return cleaned === '' ? undefined : cleaned;
}

/** The first argument that cleans to a non-empty string. */
export function firstText(...values: ReadonlyArray<string | null | undefined>): string | undefined {
  for (const value of values) {
    const cleaned = cleanText(value);
    if (cleaned !== undefined) return cleaned;
  }
  return undefined;
}

export interface TagLike {
  readonly key?: string | null | undefined;
  readonly value?: string | null | undefined;
}

/** GuardDuty `[{key, value}]` tags as a record; a tag without a key is dropped, a null value is ''. */
export function tagsToRecord(tags: ReadonlyArray<TagLike> | null | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const key = cleanText(tag.key);
    // defineProperty: a tag named `__proto__` must stay a tag, not reshape the object.
    if (key !== undefined) {
      Object.defineProperty(record, key, {
        value: cleanText(tag.value) ?? '',
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return record;
}

/** Fields of an object without the `undefined` ones (exactOptionalPropertyTypes-safe). */
export function definedOnly<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
