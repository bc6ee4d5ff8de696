import { z } from 'zod';

/**
 * The shape of owners.yaml (see deploy/owners.example.yaml for a commented example). The file is
 * read with YAML's failsafe schema, so every value arrives as text: account ids keep their
 * leading zeros and `Team: true` stays the string "true". An empty value (`channel:`) means unset.
 */

const ACCOUNT_ID = /^\d{12}$/;
// Slack channel names are lowercase, at most 80 characters; ids start with C (public) or G (private).
const CHANNEL = /^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{8,})$/;
// A user group's handle (`@payments-oncall`) or its id (`S0123ABCD`), which Slack can mention.
const USER_GROUP = /^(@?[a-z0-9][a-z0-9._-]{0,79}|S[A-Z0-9]{8,})$/;

const emptyIsUnset = (value: unknown) => (value === '' ? undefined : value);

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !/[\r\n]/.test(v), 'must be one line');

const accountId = z.string().regex(ACCOUNT_ID, 'must be a 12-digit AWS account id');

const contactFields = {
  channel: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .regex(CHANNEL, 'must be a Slack channel name like "#payments-oncall" or a channel id like "C0123ABCD"')
      .optional(),
  ),
  userGroup: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .regex(
        USER_GROUP,
        'must be a Slack user group handle like "@payments-oncall" or an id like "S0123ABCD"',
      )
      .optional(),
  ),
  escalationContact: z.preprocess(emptyIsUnset, text(200).optional()),
};

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1, 'must list at least one')]);

export const ownerRuleSchema = z
  .strictObject({
    /** A label for people reading answers: "rule 3 (payments buckets)". */
    name: z.preprocess(emptyIsUnset, text(100).optional()),
    arn: oneOrMany(
      z.string().regex(/^arn:/, 'must be an ARN or ARN pattern starting with "arn:"'),
    ).optional(),
    resource: oneOrMany(text(256)).optional(),
    account: oneOrMany(accountId).optional(),
    tags: z.record(z.string().min(1, 'tag keys must not be empty'), z.string()).optional(),
    team: text(100),
    ...contactFields,
  })
  .refine((rule) => rule.arn ?? rule.resource ?? rule.account ?? rule.tags, {
    message: 'says nothing to match: give at least one of arn, resource, account or tags',
  });

export const teamContactSchema = z.preprocess(
  (value) => (value === '' ? {} : value),
  z.strictObject(contactFields),
);

export const accountDefaultsSchema = z.preprocess(
  (value) => (value === '' ? {} : value),
  z.strictObject({
    alias: z.preprocess(emptyIsUnset, text(100).optional()),
    defaultTeam: z.preprocess(emptyIsUnset, text(100).optional()),
  }),
);

export const ownersFileSchema = z.preprocess(
  (value) => (value === '' || value === undefined || value === null ? {} : value),
  z.strictObject({
    teams: z.preprocess(emptyIsUnset, z.record(text(100), teamContactSchema).optional()),
    rules: z.preprocess(emptyIsUnset, z.array(ownerRuleSchema).optional()),
    accounts: z.preprocess(emptyIsUnset, z.record(accountId, accountDefaultsSchema).optional()),
  }),
);

export type OwnersFile = z.infer<typeof ownersFileSchema>;
export type OwnerRuleInput = z.infer<typeof ownerRuleSchema>;
