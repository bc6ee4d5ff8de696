/** Types of the browser's mrkdwn parser (mrkdwn.js), for the tests that import it. */
export type MrkdwnNode =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'code'; v: string }
  | { t: 'pre'; v: string }
  | { t: 'bold' | 'italic' | 'strike' | 'quote'; c: MrkdwnNode[] }
  | { t: 'link'; href: string; label: string }
  | { t: 'user' | 'channel' | 'group'; id: string; label: string | undefined }
  | { t: 'special'; name: string; label: string | undefined };

export const EMOJI: Record<string, string>;
export function decodeEntities(text: string): string;
export function emojify(text: string): string;
export function safeHref(url: string): string | undefined;
export function parseInline(s: string): MrkdwnNode[];
export function parseMrkdwn(source: string): MrkdwnNode[];
export function visibleText(nodes: MrkdwnNode[]): string;
