import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { IAMClient, IAMServiceException, ListRoleTagsCommand } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { Alert } from '../../src/alerts/alert.js';
import { createSdkResourceTagsPort } from '../../src/aws/tagging/sdk.js';
import { buildIncidentCard } from '../../src/incidents/card/index.js';
import type { IncidentDeps } from '../../src/incidents/deps.js';
import { parseOwnersRegistry } from '../../src/ownership/registry.js';
import { createInFlightTags } from '../../src/ownership/tags-cache.js';
import {
  escalationConfigSchema,
  incidentsConfigSchema,
  routingConfigSchema,
} from '../../src/platform/config/incidents.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { JobName } from '../../src/platform/queue/names.js';
import { commandTasksWorkflow } from '../../workflows/command-tasks.js';
import { incidentResponseWorkflow } from '../../workflows/incident-response.js';
import { guardDutyAlert } from '../incidents/helpers/alerts.js';
import { eventually, recordingOutbox } from '../incidents/helpers/fake-outbox.js';
import { bindIncidentDeps } from '../incidents/helpers/incident-deps.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * Issue #14 item 4: the card and `/owner` name the same owner for the same thing. Both run here
 * through the real app: alerts through the incident-response worker, `/owner` through Slack and
 * the task worker, over one tag port (the SDK port, its IAM client mocked with
 * aws-sdk-client-mock) and one owners.yaml.
 */

const ACCOUNT = '210987654321';
const REGISTRY = `
teams:
  web:
    channel: C0WEBTEAM01
accounts:
  "${ACCOUNT}":
    alias: shop-prod
    defaultTeam: platform
`;

const iam = mockClient(IAMClient);
mockClient(ResourceGroupsTaggingAPIClient);
const tagsPort = createSdkResourceTagsPort({
  tagging: new ResourceGroupsTaggingAPIClient({ region: 'eu-central-1' }),
  iam: new IAMClient({ region: 'us-east-1' }),
  logger: createSilentLogger(),
});

function denied(role: string) {
  return new IAMServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/watchkeeper/x is not authorized to perform: iam:ListRoleTags on resource: role ${role}`,
  });
}

iam.on(ListRoleTagsCommand, { RoleName: 'web-app-role' }).resolves({ Tags: [{ Key: 'Team', Value: 'web' }] });
iam
  .on(ListRoleTagsCommand, { RoleName: 'checkout-role' })
  .resolves({ Tags: [{ Key: 'Team', Value: 'web' }] });
iam.on(ListRoleTagsCommand, { RoleName: 'locked-role' }).rejects(denied('locked-role'));
// AWS that never answers: the job must not wait for it.
iam.on(ListRoleTagsCommand, { RoleName: 'stuck-role' }).callsFake(() => new Promise(() => undefined));

const outbox = recordingOutbox();
let h: Harness;
let deps: IncidentDeps;

beforeAll(async () => {
  const registry = parseOwnersRegistry(REGISTRY, { source: 'owners.yaml' });
  const configFile = join(mkdtempSync(join(tmpdir(), 'wk-owner-card-')), 'watchkeeper.yaml');
  writeFileSync(configFile, `aws:\n  accounts:\n    - id: "${ACCOUNT}"\n      regions: [eu-central-1]\n`);
  h = await startHarness({
    commands: COMMANDS,
    env: { WATCHKEEPER_CONFIG: configFile },
    compose: async () => (ctx) => {
      deps = bindIncidentDeps(
        {
          outbox,
          runbooks: [],
          incidents: incidentsConfigSchema.parse({}),
          routing: routingConfigSchema.parse({}),
          escalation: escalationConfigSchema.parse({}),
          ownersRegistry: async () => registry,
          tagsPortFor: () => tagsPort,
          ownerTags: { inFlight: createInFlightTags(), settings: { timeoutMs: 300 } },
        },
        ctx,
      );
      return {
        workflows: [
          incidentResponseWorkflow(deps),
          commandTasksWorkflow({ tagsPortFor: () => tagsPort, ownersRegistry: async () => registry }),
        ],
      };
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

/** A role session's credentials used from outside AWS, as GuardDuty reports it (the sandbox's shape). */
function roleSessionAlert(role: string, n = 0): Alert {
  return guardDutyAlert({
    dedupeKey: `gd-owner-${role}-${n}`,
    accountId: ACCOUNT,
    type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    resource: { type: 'AccessKey', id: role, tags: {} },
    actor: { principal: role, accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2', sourceIp: '198.51.100.77' },
    facts: [{ label: 'Caller', value: `role ${role}, session i-0abc`, kind: 'text' }],
  });
}

/** Queues the alerts and waits until the worker has finished each (completed, not failed). */
async function processAll(alerts: readonly Alert[]): Promise<void> {
  const ctx = h.bot.ctx;
  const jobs = await ctx.queues.alerts.addBulk(
    alerts.map((alert) => ({
      name: JobName.Alert,
      data: { alert, origin: 'test', receivedAt: new Date().toISOString() },
    })),
  );
  for (const job of jobs) {
    const state = await eventually(async () => {
      const now = await ctx.queues.alerts.getJobState(job.id!);
      return now === 'completed' || now === 'failed' ? now : undefined;
    });
    expect(state, `alert job ${job.id}`).toBe('completed');
  }
}

async function cardOf(alert: Alert) {
  const incidents = await deps.engine.listOpen();
  const incident = incidents.find((i) => i.dedupeKeys.includes(alert.dedupeKey));
  expect(incident, alert.dedupeKey).toBeDefined();
  return { incident: incident!, card: buildIncidentCard(incident!, undefined) };
}

async function ownerAnswer(query: string): Promise<string> {
  await h.slack.sender.sendSlashCommand({
    command: '/owner',
    text: query,
    userId: RESPONDER,
    channelId: TEST_CHANNEL,
  });
  for (let i = 0; i < 200; i++) {
    const answer = h.slack.store
      .ephemeralsFor(RESPONDER, TEST_CHANNEL)
      .filter((e) => e.source === 'response_url')
      .map((e) => e.text ?? '')
      .find((t) => !t.startsWith('Looking up') && t.includes(query.split('/').pop() ?? query));
    if (answer) return answer;
    await sleep(50);
  }
  throw new Error(`no /owner answer for ${query}`);
}

const roleCalls = (role: string) => iam.commandCalls(ListRoleTagsCommand, { RoleName: role }).length;

describe('the card names the owner /owner names', () => {
  it('role web-app-role tagged Team=web: card owner is team web, as /owner answers for its ARN', async () => {
    const alert = roleSessionAlert('web-app-role');
    await processAll([alert]);
    const { incident, card } = await cardOf(alert);
    const answer = await ownerAnswer(`arn:aws:iam::${ACCOUNT}:role/web-app-role`);

    const ownerTeam = /belongs to team \*(.+?)\*/.exec(answer)?.[1];
    expect(answer).toContain('tag Team=web');
    expect(ownerTeam).toBe('web');
    expect(incident.owner).toEqual({ team: ownerTeam, source: 'tag', channel: 'C0WEBTEAM01' });
    expect(card.text + JSON.stringify(card.blocks)).toContain('owner *web*');
  });

  it('an alert storm about one resource asks AWS for its tags once', async () => {
    const storm = Array.from({ length: 12 }, (_, n) => roleSessionAlert('checkout-role', n));
    await processAll(storm);
    expect(roleCalls('checkout-role')).toBe(1);
    for (const alert of storm) expect((await cardOf(alert)).incident.owner?.team).toBe('web');
    // A later alert within the TTL is answered from Redis too.
    await processAll([roleSessionAlert('checkout-role', 99)]);
    expect(roleCalls('checkout-role')).toBe(1);
  });

  it('AWS refusing the tag call: every job completes with the owner the alert allows, logged once', async () => {
    const alerts = Array.from({ length: 5 }, (_, n) => roleSessionAlert('locked-role', n));
    await processAll(alerts);
    for (const alert of alerts)
      expect((await cardOf(alert)).incident.owner).toEqual({ team: 'platform', source: 'account-default' });
    expect(roleCalls('locked-role')).toBe(1);
    const warnings = h
      .logs()
      .split('\n')
      .filter((l) => l.includes('could not read tags') && l.includes('locked-role'));
    expect(warnings.filter((l) => /"level":(40|"warn")/.test(l))).toHaveLength(1);
  });

  it('AWS not answering: the job completes past the timeout with the owner the alert allows', async () => {
    const alert = roleSessionAlert('stuck-role');
    await processAll([alert]);
    expect((await cardOf(alert)).incident.owner).toEqual({ team: 'platform', source: 'account-default' });
  });

  it('an alert from an account Watchkeeper has no access to never reads another account’s tags', async () => {
    const alert = { ...roleSessionAlert('web-app-role', 7), accountId: '999988887777' };
    const before = roleCalls('web-app-role');
    await processAll([alert]);
    expect(roleCalls('web-app-role')).toBe(before);
    expect((await cardOf(alert)).incident.owner).toBeUndefined();
  });
});
