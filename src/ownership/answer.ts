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
  if (resource.kind === 'access-key')
    lines.push(
      esc(
        'An access key belongs to an IAM user, and its id alone does not say which: find the user (in the IAM console, or with aws iam get-access-key-last-used), then ask for user/NAME.',
      ),
    );
  if (resource.arn) lines.push(`ARN: ${code(resource.arn)}`);
  lines.push(`${owner ? 'Source' : 'Checked'}: ${esc(resolution.detail)}`);
  if (resolution.nameTried) lines.push(esc(nameTriedLine(resolution.nameTried)));
  if (resolution.tagged) lines.push(...taggedLines(resolution.tagged, code));

  if (!owner) {
    const snippet = registrySnippet(resource);
    const tagHint =
      resource.kind === 'account' || resource.kind === 'tag' || resource.kind === 'access-key'
        ? ''
        : ' tag the resource with Owner=<team>, or';
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

/** How to ask about one kind only: `role/web-app-role`, `user/web-app-role`, `s3://web-app-role`. */
const ONE_KIND_FORMS: Readonly<Record<string, (name: string) => string>> = {
  'IAM role': (name) => `role/${name}`,
  'IAM user': (name) => `user/${name}`,
  'S3 bucket': (name) => `s3://${name}`,
};

/**
 * What a bare name was read as, and how to ask for another kind: `Read "web-app-role" as an IAM
 * role. It could also name an IAM user or an S3 bucket: ask for user/web-app-role or s3://web-app-role.`
 */
function nameTriedLine(tried: NonNullable<OwnerResolution['nameTried']>): string {
  const ask = (kinds: readonly string[]) =>
    listOf(
      kinds.map((k) => ONE_KIND_FORMS[k]?.(tried.name) ?? k),
      'or',
    );
  if (tried.answeredAs) {
    const others = tried.kinds.filter((k) => k !== tried.answeredAs);
    const also = others.length
      ? ` It could also name ${listOf(others.map(withArticle), 'or')}: ask for ${ask(others)}.`
      : '';
    return `Read "${tried.name}" as ${withArticle(tried.answeredAs)}.${also}`;
  }
  return `Tried "${tried.name}" as ${listOf(tried.kinds.map(withArticle), 'and')}: none has an owner tag or an owners.yaml rule. To ask about one kind: ${ask(tried.kinds)}.`;
}

function withArticle(kind: string): string {
  return /^[AEIOS]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function listOf(items: readonly string[], conjunction: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
