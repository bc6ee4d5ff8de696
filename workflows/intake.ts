/**
 * Intake: the webhook routes through which AWS pushes alerts to Watchkeeper.
 *
 * Routes (web role): POST /intake/eventbridge (EventBridge API destinations, API key header) and
 * POST /intake/sns (SNS HTTPS subscriptions: signature-verified, then only topics in
 * `intake.snsTopicArns` and messages at most an hour old are taken). Both hand their inputs to
 * `acceptInputs`, which normalizes them, stores alerts on the `alerts` queue and dead-letters
 * what fits no shape, and answer 202 only once that is in Redis (503 when Redis is down).
 *
 * Posts to Slack: nothing itself; the incident engine turns the stored alerts into cards.
 */

import type { Catalog } from '../src/alerts/detections/catalog.js';
import { detectionPort } from '../src/alerts/detections/normalizer-port.js';
import type { AcceptDeps } from '../src/alerts/intake/accept.js';
import { mountEventBridgeIntake } from '../src/alerts/intake/http/eventbridge.js';
import { mountSnsIntake } from '../src/alerts/intake/http/sns.js';
import {
  confirmByHttpGet,
  createCachedCertificateFetcher,
  createHttpCertificateFetcher,
  type SnsVerifyDeps,
} from '../src/alerts/intake/sns/index.js';
import { acceptDeps, normalizeOptionsFromConfig } from '../src/alerts/intake/wiring.js';
import { normalize } from '../src/alerts/normalize.js';
import type { AppContext } from '../src/platform/context.js';
import type { RouteMounter } from '../src/platform/mounts.js';

/** Builds the one `acceptInputs` dependency set for a runtime; shared by every intake edge. */
export function intakeAcceptDeps(ctx: AppContext, catalog: Catalog): AcceptDeps {
  const options = normalizeOptionsFromConfig(ctx.config, ctx.now, { detections: detectionPort(catalog) });
  return acceptDeps({ ...ctx, normalize: (job) => normalize(job, options) });
}

export interface IntakeRouteOptions {
  catalog: Catalog;
  /** Tests inject a certificate source and URL rule for their local signing certificate. */
  snsVerify?: SnsVerifyDeps;
  snsConfirm?: (url: string) => Promise<void>;
}

export function intakeRoutes(options: IntakeRouteOptions): RouteMounter[] {
  return [
    (app, ctx) => {
      const accept = intakeAcceptDeps(ctx, options.catalog);
      mountEventBridgeIntake(app, {
        apiKey: ctx.config.intake.eventBridgeApiKey,
        bodyLimitBytes: ctx.config.http.bodyLimitBytes,
        metrics: ctx.metrics,
        accept,
      });
      mountSnsIntake(app, {
        bodyLimitBytes: ctx.config.http.bodyLimitBytes,
        metrics: ctx.metrics,
        logger: ctx.logger,
        verify: options.snsVerify ?? {
          fetchCertificate: createCachedCertificateFetcher(createHttpCertificateFetcher(), {
            ttlMs: 3_600_000,
            now: ctx.now,
          }),
        },
        // Only these topics are accepted (every message type); none when the list is empty.
        allowedTopicArns: ctx.config.intake.snsTopicArns,
        now: ctx.now,
        confirm: options.snsConfirm ?? confirmByHttpGet(),
        accept,
      });
    },
  ];
}
