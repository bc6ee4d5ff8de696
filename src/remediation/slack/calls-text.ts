import { maskSecretsInText } from '../../platform/log/mask.js';
import { clip, escapeCodeBlock } from '../../slack/blocks/text.js';
import type { ApiCall } from '../actions/types.js';

/**
 * The exact AWS calls as a code block: one line per call, `EC2 ModifyNetworkInterfaceAttribute
 * {"NetworkInterfaceId":"eni-…","Groups":["sg-…"]}`. Key ids are masked (prefix and last four);
 * the text is cut to `max` so it fits a section.
 */
export function callsText(calls: readonly ApiCall[], max = 2800): string {
  if (calls.length === 0) return '_none_';
  const lines = calls.map((c) => `${c.service} ${c.operation} ${JSON.stringify(c.params)}`);
  const body = escapeCodeBlock(maskSecretsInText(lines.join('\n')));
  // Leave room for the fences; a cut inside the block still closes it.
  return `\`\`\`${clip(body, max - 6)}\`\`\``;
}
