/**
 * Containment from the card (docs/remediation.md): opt-in AWS changes with a preview, a
 * confirmation, an optional second approver, a verify read-back and an undo.
 *
 * Jobs consumed, on the `tasks` queue:
 *  - `task.remediation` {requestId, step: 'apply'}, id `remediation.<request id>.apply`: apply the
 *    confirmed (and, where required, approved) request through the account's AWS port, read it
 *    back, post the result with an Undo button in the incident thread, audit it.
 *  - `task.remediation` {requestId, step: 'undo', round}, id `remediation.<request id>.undo.<round>`.
 *  - `task.remediation` {requestId, step: 'expire'}, delayed until the approval expires, id
 *    `remediation.<request id>.expire`: a request still waiting is marked expired.
 * Request ids are `<incident>.<action>.<resource digest>.<round>`: a double click or a retried job
 * maps to the same job, and the request's status (one Lua compare-and-set per step) applies it once.
 * Listeners: the Contain… menu, the preview modal, Approve / Reject, Undo.
 * Posts to Slack (through the outbox only): the request, its decision, the result, the undo.
 */

import type { ListenerRegistrar } from '../src/platform/mounts.js';
import { QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import type { RemediationDeps } from '../src/remediation/deps.js';
import { handleRemediationJob } from '../src/remediation/execute.js';
import { REMEDIATION_JOB } from '../src/remediation/job.js';
import { registerRemediationListeners } from '../src/remediation/slack/listeners.js';

export function remediationWorkflow(deps: RemediationDeps): Workflow {
  return {
    name: 'remediation',
    processors: [
      {
        queue: QueueName.Tasks,
        job: REMEDIATION_JOB,
        handle: (job, ctx) => handleRemediationJob(job, ctx, deps),
      },
    ],
  };
}

/** For the composition root: `listeners: [remediationListener(deps)]`. */
export function remediationListener(deps: RemediationDeps): ListenerRegistrar {
  return (app, ctx) => registerRemediationListeners(app, ctx, deps);
}
