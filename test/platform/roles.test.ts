import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionError } from '../../src/platform/errors.js';
import { createRoleChecker } from '../../src/platform/roles.js';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';

let slack: SlackStandIn;
let client: WebClient;
beforeAll(async () => {
  slack = createSlackStandIn({
    users: [
      { id: 'U0LISTED', name: 'listed' },
      { id: 'U0INGROUP', name: 'ingroup' },
      { id: 'U0ADMIN', name: 'admin' },
      { id: 'U0NOBODY', name: 'nobody' },
    ],
    userGroups: [{ id: 'S0RESPONDERS', handle: 'responders', users: ['U0INGROUP'] }],
  });
  await slack.start();
  client = new WebClient('xoxb-standin-bot-token', { slackApiUrl: slack.apiUrl });
});
afterAll(async () => {
  await slack.stop();
});

function checker(now = () => new Date('2025-03-01T10:00:00Z')) {
  return createRoleChecker({
    roles: { responder: ['U0LISTED', 'S0RESPONDERS'], securityAdmin: ['U0ADMIN'] },
    slack: client,
    now,
  });
}

describe('requireRole', () => {
  it('accepts a listed user id and a member of a listed user group', async () => {
    const roles = checker();
    await expect(roles.requireRole('U0LISTED', 'responder')).resolves.toBeUndefined();
    await expect(roles.requireRole('U0INGROUP', 'responder')).resolves.toBeUndefined();
  });

  it('lets a security admin act as a responder, not the other way round', async () => {
    const roles = checker();
    expect(await roles.hasRole('U0ADMIN', 'responder')).toBe(true);
    await expect(roles.requireRole('U0LISTED', 'security-admin')).rejects.toBeInstanceOf(PermissionError);
  });

  it('refuses anyone else with a PermissionError naming the role', async () => {
    await expect(checker().requireRole('U0NOBODY', 'responder', 'acknowledge')).rejects.toThrow(
      'Not allowed: acknowledge needs the responder role',
    );
  });

  it('asks Slack for a group once per cache period', async () => {
    let now = new Date('2025-03-01T10:00:00Z');
    const roles = checker(() => now);
    const calls = () => slack.store.callsTo('usergroups.users.list').length;
    const start = calls();
    await roles.hasRole('U0INGROUP', 'responder');
    await roles.hasRole('U0NOBODY', 'responder');
    expect(calls() - start).toBe(1);
    now = new Date(now.getTime() + 61_000);
    await roles.hasRole('U0INGROUP', 'responder');
    expect(calls() - start).toBe(2);
  });
});
