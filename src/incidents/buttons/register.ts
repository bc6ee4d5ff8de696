import type { App } from '@slack/bolt';
import type { AppContext } from '../../platform/context.js';
import type { ListenerRegistrar } from '../../platform/mounts.js';
import { bindAcknowledge } from './acknowledge.js';
import { bindAssign } from './assign.js';
import { type ActionDeps, actionContext } from './context.js';
import { bindEscalate } from './escalate.js';
import { bindMute } from './mute.js';
import { bindResolve } from './resolve.js';
import { bindRunbook } from './runbook.js';
import { bindSnooze } from './snooze.js';
import { bindSteps } from './steps.js';

/** The one place incident card actions and modals are bound to their handlers. */
export function registerIncidentActions(app: App, ctx: AppContext, deps: ActionDeps): void {
  const ac = actionContext(ctx, deps);
  for (const bind of [
    bindAcknowledge,
    bindAssign,
    bindEscalate,
    bindSnooze,
    bindResolve,
    bindMute,
    bindRunbook,
    bindSteps,
  ])
    bind(app, ac);
}

/** For the composition root: `listeners: [incidentActionsListener(deps)]`. */
export function incidentActionsListener(deps: ActionDeps): ListenerRegistrar {
  return (app, ctx) => registerIncidentActions(app, ctx, deps);
}
