import { loadDetectionCatalog } from '../src/detections/catalog-loader.js';
import { acceptInputs } from '../src/intake/accept.js';
import type { Workflow } from '../src/queue/processors.js';
import type { ListenerRegistrar, RouteMounter } from '../src/runtime/start.js';
import { type CommandTaskDeps, commandTasksWorkflow } from './command-tasks.js';
import { type GuardDutySyncWorkflowDeps, guardDutySyncWorkflow } from './guardduty-sync.js';
import { intakeAcceptDeps, intakeRoutes } from './intake.js';
import { logWatchWorkflow } from './log-watch.js';

/** Every workflow, route and listener the runtime starts; bound here and nowhere else. */
export interface Composition {
  readonly workflows: readonly Workflow[];
  readonly routes: readonly RouteMounter[];
  readonly listeners: readonly ListenerRegistrar[];
}

export interface LoadCompositionOptions {
  /** The sandbox swaps the AWS side for its sample account; production leaves these unset. */
  readonly guardDutyPortFor?: GuardDutySyncWorkflowDeps['portFor'];
  readonly tagsPortFor?: CommandTaskDeps['tagsPortFor'];
}

/** Loads the data the workflows run on (detections, runbooks) once, then binds them. */
export async function loadComposition(options: LoadCompositionOptions = {}): Promise<Composition> {
  const catalog = await loadDetectionCatalog();
  return {
    workflows: [
      logWatchWorkflow({
        catalog,
        enqueue: async (ctx, jobs) => {
          await acceptInputs(jobs, intakeAcceptDeps(ctx, catalog));
        },
      }),
      commandTasksWorkflow(options.tagsPortFor ? { tagsPortFor: options.tagsPortFor } : {}),
      guardDutySyncWorkflow({
        enqueue: async (ctx, jobs) => {
          await acceptInputs(jobs, intakeAcceptDeps(ctx, catalog));
        },
        ...(options.guardDutyPortFor ? { portFor: options.guardDutyPortFor } : {}),
      }),
    ],
    routes: intakeRoutes({ catalog }),
    listeners: [],
  };
}
