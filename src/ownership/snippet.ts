import type { OwnedResource } from './subject.js';

/**
 * The owners.yaml entry a person can paste when nobody owns a resource. Strings are written as
 * JSON strings, which YAML reads as double-quoted scalars, so any ARN or tag value pastes safely.
 */

export const PLACEHOLDER_TEAM = 'your-team';
const PLACEHOLDER_CHANNEL = '#your-team-channel';

export function registrySnippet(resource: OwnedResource): string {
  if (resource.kind === 'account' && resource.accountId) {
    return [
      'accounts:',
      `  ${q(resource.accountId)}:`,
      `    alias: ${q('your-account-alias')}`,
      `    defaultTeam: ${q(PLACEHOLDER_TEAM)}`,
    ].join('\n');
  }
  const match = matchLines(resource);
  return [
    'rules:',
    `  - name: ${q(resource.label)}`,
    ...match.map((line) => `    ${line}`),
    `    team: ${q(PLACEHOLDER_TEAM)}`,
    `    channel: ${q(PLACEHOLDER_CHANNEL)}`,
  ].join('\n');
}

function matchLines(resource: OwnedResource): string[] {
  if (resource.tag) return ['tags:', `  ${q(resource.tag.key)}: ${q(resource.tag.value)}`];
  if (resource.arn) return [`arn: ${q(resource.arn)}`];
  const name = resource.principal ? `${resource.principal.kind}/${resource.principal.name}` : resource.id;
  const lines = [`resource: ${q(name ?? resource.label)}`];
  // A bare id can repeat across accounts; pin the rule to the account when we know it.
  if (resource.accountId) lines.push(`account: ${q(resource.accountId)}`);
  return lines;
}

function q(value: string): string {
  return JSON.stringify(value);
}
