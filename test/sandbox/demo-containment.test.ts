import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoInstructions, sandboxComposer } from '../../src/cli/verbs/demo.js';
import { createIncidentEngineFor } from '../../src/incidents/deps.js';
import type { Incident } from '../../src/incidents/incident.js';
import { createLogger } from '../../src/platform/log/logger.js';
import type { Role } from '../../src/platform/roles.js';
import { actionsFor } from '../../src/remediation/policy.js';
import { buildPreview } from '../../src/remediation/preview.js';
import { DEMO_USERS, type RunningDemo, startDemo } from '../../src/sandbox/demo.js';
import {
  createSampleRemediationPort,
  sampleRemediationState,
} from '../../src/sandbox/sample-account/index.js';

/**
 * The demo runs with containment on (against the sample account), so a new user can try it:
 * every action is offered, isolation and session revocation keep their production rule of a
 * second person, and both personas of the page's "Acting as" switch (Riley, responder; Sasha,
 * security admin) may ask and approve, while Nico (no role) may not; what the cards offer, the
 * sample account can preview. The browser test
 * (test/e2e/containment.e2e.test.ts) runs one two-person containment through the page.
 */
describe('the demo with containment', () => {
  const account = sampleRemediationState();
  let demo: RunningDemo | undefined;

  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      logger: createLogger({ level: 'silent' }),
      compose: sandboxComposer(() => new Date(), { remediationState: account }),
    });
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('turns every action on, with a second person for isolation and session revocation', () => {
    const { remediation } = (demo as RunningDemo).bot.ctx.config;
    expect(remediation.enabled).toBe(true);
    const actions = Object.entries(remediation.actions);
    expect(actions.filter(([, a]) => a.enabled).map(([id]) => id)).toEqual([
      'deactivateAccessKey',
      'revokeRoleSessions',
      'disableConsolePassword',
      'isolateInstance',
      'blockS3PublicAccess',
      'restorePolicyVersion',
    ]);
    expect(actions.filter(([, a]) => a.secondApprover).map(([id]) => id)).toEqual([
      'revokeRoleSessions',
      'isolateInstance',
    ]);
  });

  it('lets Riley and Sasha ask for and approve every action, and not Nico', async () => {
    const { config, roles } = (demo as RunningDemo).bot.ctx;
    const mayAct = async (userId: string, allowedRoles: readonly Role[]) => {
      for (const role of allowedRoles) if (await roles.hasRole(userId, role)) return true;
      return false;
    };
    for (const [id, action] of Object.entries(config.remediation.actions)) {
      const who = await Promise.all(DEMO_USERS.map((u) => mayAct(u.id, action.allowedRoles)));
      expect({ id, who }).toEqual({ id, who: [true, true, false] });
    }
  });

  it('tells a new user how to try a two-person containment', () => {
    const text = demoInstructions(demo as RunningDemo);
    expect(text).toContain('Contain…');
    expect(text).toMatch(/switch to Sasha and Approve/);
  });

  it('previews every Contain… option the first cards offer on the sample account, without an AWS error', {
    timeout: 90_000,
  }, async () => {
    const { ctx } = (demo as RunningDemo).bot;
    const engine = createIncidentEngineFor(ctx, { incidents: ctx.config.incidents, runbooks: [] });
    const fitting = (incident: Incident) => actionsFor(ctx.config.remediation, incident).map((a) => a.id);
    // The first GuardDuty findings (a role's stolen credentials, two instances) and the sample
    // trail's console sign-in without MFA, through the real sync, log watch and engine.
    const open = await vi.waitFor(
      async () => {
        const incidents = await engine.listOpen();
        const offered = incidents.flatMap(fitting);
        const consoleSignIn = incidents.some((i) => i.title.includes('Console sign-in without MFA'));
        if (!offered.includes('revokeRoleSessions') || !offered.includes('isolateInstance') || !consoleSignIn)
          throw new Error(`cards so far offer: ${[...new Set(offered)].join(', ') || 'nothing'}`);
        return incidents;
      },
      { timeout: 60_000, interval: 500 },
    );
    const port = createSampleRemediationPort(account);
    const previews: string[] = [];
    for (const incident of open)
      for (const actionId of fitting(incident)) {
        const preview = await buildPreview(
          ctx,
          { config: ctx.config.remediation, portFor: () => port },
          incident,
          actionId,
          DEMO_USERS[0].id,
        );
        expect(preview.permissions).toEqual({ checked: true, denied: [] });
        previews.push(`${actionId} ${preview.resourceLabel}: ${preview.nothingToDo ?? 'ready'}`);
      }
    expect(previews).toEqual(
      expect.arrayContaining([
        'revokeRoleSessions IAM role web-app-role: ready',
        'isolateInstance EC2 instance i-0sample000000002 (vpc-0sample000000001): ready',
        // The console user the sample trail signs in can lose their password.
        'disableConsolePassword IAM user dana.admin: ready',
      ]),
    );
  });
});
