import { z } from 'zod';

/** Bodies the page posts. Ids are checked for shape here and for existence by each route. */

const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id (U…)');
const channelId = z.string().regex(/^[CDG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…, D… or G…)');
const viewId = z.string().regex(/^V[A-Z0-9]{2,}$/, 'must be a Slack view id (V…)');
const messageTs = z.string().regex(/^\d{1,12}\.\d{6}$/, 'must be a message ts like 1700000000.000100');
const shortText = z.string().max(3000);

export const commandBody = z.strictObject({
  userId,
  channelId,
  text: z
    .string()
    .max(4000)
    .regex(/^\/[a-z0-9_-]+(\s|$)/i, 'must start with a slash command, e.g. "/watchkeeper help"'),
});
export type CommandBody = z.output<typeof commandBody>;

/** What a user chose: an option value, user, channel or date (`value`), or several (`values`). */
const choice = {
  actionId: z.string().min(1).max(255),
  blockId: z.string().min(1).max(255).optional(),
  value: shortText.optional(),
  values: z.array(shortText).max(100).optional(),
};

/**
 * One object rather than a union, so a missing field is named in the error (a zod union only
 * says "Invalid input"); the target is a message (channelId + messageTs) or a modal (viewId).
 */
export const actionBody = z
  .strictObject({
    userId,
    channelId: channelId.optional(),
    messageTs: messageTs.optional(),
    viewId: viewId.optional(),
    ...choice,
  })
  .superRefine((body, ctx) => {
    const onMessage = body.channelId !== undefined || body.messageTs !== undefined;
    if (onMessage && body.viewId !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['viewId'],
        message: 'give either viewId or channelId + messageTs',
      });
    else if (!onMessage && body.viewId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['viewId'],
        message: 'required: viewId, or channelId + messageTs',
      });
    else if (onMessage && body.channelId === undefined)
      ctx.addIssue({ code: 'custom', path: ['channelId'], message: 'required with messageTs' });
    else if (onMessage && body.messageTs === undefined)
      ctx.addIssue({ code: 'custom', path: ['messageTs'], message: 'required with channelId' });
  })
  .transform(({ channelId: channel, messageTs: ts, viewId: view, ...rest }) =>
    view !== undefined
      ? { ...rest, viewId: view }
      : { ...rest, channelId: channel as string, messageTs: ts as string },
  );
export type ActionBody = z.output<typeof actionBody>;

/** One input's value as the page read it; the route turns it into Slack's `state.values` shape. */
export const inputValue = z.strictObject({
  value: z.string().max(3000).nullable().optional(),
  values: z.array(shortText).max(100).optional(),
});
export type InputValue = z.output<typeof inputValue>;

export const viewSubmitBody = z.strictObject({
  userId,
  viewId,
  values: z.record(z.string().max(255), z.record(z.string().max(255), inputValue)),
});
export type ViewSubmitBody = z.output<typeof viewSubmitBody>;

export const viewCloseBody = z.strictObject({ userId, viewId });
export type ViewCloseBody = z.output<typeof viewCloseBody>;

/** Without `user`: only what everyone sees (the page's first load, before it picks someone). */
export const stateQuery = z.strictObject({ user: userId.optional() });
