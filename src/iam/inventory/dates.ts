import { z } from 'zod';

/**
 * AWS prints times in several shapes: ISO-8601 from the API and the CLI (`2024-01-10T09:00:00Z`,
 * `…+00:00`), and with a space instead of the `T` in some tools' dumps
 * (`2019-12-18 19:10:08+00:00`). All become ISO-8601 UTC strings, or undefined when unreadable.
 */
export function isoTime(value: string): string | undefined {
  const text = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A zod field holding an AWS time, turned into ISO-8601 UTC; unreadable values are an issue naming them. */
export const isoTimeField = z.string().transform((value, ctx) => {
  const iso = isoTime(value);
  if (!iso) ctx.addIssue({ code: 'custom', message: `"${value}" is not a date` });
  return iso ?? '';
});
