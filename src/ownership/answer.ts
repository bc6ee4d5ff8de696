import { escapeMrkdwn } from '../slack/blocks/text.js';
import type { OwnerResolution } from './resolver.js';
import { registrySnippet } from './snippet.js';

/**
 * The `/owner` reply, as Slack mrkdwn or plain text: who owns it, where that came from, and when
 * nobody does, what to add to owners.yaml. Every value that came from outside (ARNs, tags,
 * owners.yaml, AWS) is escaped for mrkdwn, so a tag value like `<!channel>` is shown, not sent.
 */

export type AnswerFormat = 'mrkdwn' | 'plain';

export interface AnswerOptions {
  readonly format: AnswerFormat;
  /** Render a user group id as a mention that notifies its members. @defaultValue false */
  readonly mentionUserGroup?: boolean;
}

export function formatOwnerAnswer(resolution: OwnerResolution, options: AnswerOptions): string {
  const md = options.format === 'mrkdwn';
  const esc = md ? escapeMrkdwn : (text: string) => text;
  const bold = (text: string) => (md ? `*${esc(text)}*` : text);
  const code = (text: string) => (md ? `\`${esc(text)}\`` : text);
  const { owner, resource } = resolution;
  const lines: string[] = [];

  if (owner) {
    const verb = resource.kind === 'tag' ? 'belong' : 'belongs';
    lines.push(`${bold(capitalize(resource.label))} ${verb} to team ${bold(owner.team)}`);
    if (owner.channel) lines.push(`Channel: ${md ? channelMrkdwn(owner.channel) : owner.channel}`);
    if (owner.userGroup) {
      lines.push(
        `User group: ${md ? userGroupMrkdwn(owner.userGroup, options.mentionUserGroup ?? false) : owner.userGroup}`,
      );
    }
    if (owner.escalationContact) lines.push(`Escalation: ${esc(owner.escalationContact)}`);
  } else {
    lines.push(`Nobody owns ${bold(resource.label)} as far as Watchkeeper can tell.`);
  }
  if (resource.arn) lines.push(`ARN: ${code(resource.arn)}`);
  lines.push(`${owner ? 'Source' : 'Checked'}: ${esc(resolution.detail)}`);
  if (resolution.tagged) lines.push(...taggedLines(resolution.tagged, code));

  if (!owner) {
    const snippet = registrySnippet(resource);
    const tagHint =
      resource.kind === 'account' || resource.kind === 'tag' ? '' : ' tag the resource with Owner=<team>, or';
    lines.push(`To record an owner,${esc(tagHint)} add this to owners.yaml:`);
    lines.push(md ? `\`\`\`\n${esc(snippet)}\n\`\`\`` : snippet);
  }
  return lines.join('\n');
}

function taggedLines(
  tagged: NonNullable<OwnerResolution['tagged']>,
  code: (text: string) => string,
): string[] {
  if (tagged.total === 0) return ['No resources were found with this tag.'];
  const more = tagged.total - tagged.arns.length;
  return [
    `Resources with this tag (${tagged.total}):`,
    ...tagged.arns.map((arn) => `• ${code(arn)}`),
    ...(more > 0 ? [`…and ${more} more`] : []),
  ];
}

/** A channel id becomes a link Slack renders with the channel's current name. */
function channelMrkdwn(channel: string): string {
  return /^[CG][A-Z0-9]{8,}$/.test(channel) ? `<#${channel}>` : escapeMrkdwn(channel);
}

function userGroupMrkdwn(group: string, mention: boolean): string {
  if (mention && /^S[A-Z0-9]{8,}$/.test(group)) return `<!subteam^${group}>`;
  return escapeMrkdwn(group);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
