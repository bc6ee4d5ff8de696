import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { refusal } from '../../incidents/actions.js';
import type { AppContext } from '../../platform/context.js';
import { PermissionError, toUserMessage } from '../../platform/errors.js';
import { maskSecretsInText } from '../../platform/log/mask.js';
import type { ListenerRegistrar } from '../../platform/mounts.js';
import { plural } from '../../slack/blocks/text.js';
import type { Outbox } from '../../slack/outbox/index.js';
import { renderReportCsv } from '../output/render.js';
import { ACCESS_REVIEW_ACTION_IDS } from './ids.js';
import { loadReport } from './report-store.js';

/**
 * "Export CSV" on an access-review report: uploads the full report (every finding, not only the
 * ten in the message) as a CSV file in the report's thread. Responders and security admins only:
 * the report describes the account's weak spots; a refusal is audited (`refused.access-review.export`).
 * One upload per report, however many clicks.
 */
export function accessReviewExportListener(deps: { outbox: Outbox }): ListenerRegistrar {
  return (app: App, ctx: AppContext) => {
    app.action<BlockAction<ButtonAction>>(
      ACCESS_REVIEW_ACTION_IDS.exportCsv,
      async ({ ack, body, action, client }) => {
        await ack();
        const channel = body.channel?.id;
        const tell = async (text: string) => {
          if (!channel) return;
          await client.chat
            .postEphemeral({ channel, user: body.user.id, text })
            .catch((err: unknown) => ctx.logger.warn({ err }, 'could not post an ephemeral answer'));
        };
        try {
          const refused = await refusal(ctx, body.user.id, 'responder', 'access-review.export', undefined, {
            verb: 'export access-review reports',
            subject: `report ${action.value ?? ''}`,
          });
          if (refused) throw refused;
          const stored = await loadReport(ctx.redis, ctx.config.redis.prefix, action.value ?? '');
          if (!stored || !channel) {
            await tell(
              'This access-review report has expired (reports are kept 90 days): run /access-review again.',
            );
            return;
          }
          const date = stored.report.generatedAt.slice(0, 10);
          await deps.outbox.uploadFile({
            idempotencyKey: `access-review.${stored.id}.csv`,
            channel,
            filename: `access-review-${stored.accountId}-${date}.csv`,
            title: `IAM access review ${stored.accountId} ${date} (${plural(stored.report.findings.length, 'finding')})`,
            // Bytes pass the Slack client unmasked, so the export masks its own text.
            content: Buffer.from(maskSecretsInText(renderReportCsv(stored.report)), 'utf8'),
            ...(body.message?.ts ? { threadTs: body.message.ts } : {}),
          });
          await tell('Uploading the full report as CSV in the thread of the report (once per report).');
        } catch (error) {
          if (!(error instanceof PermissionError))
            ctx.logger.error({ err: error }, 'access-review export failed');
          await tell(toUserMessage(error));
        }
      },
    );
  };
}
