import type { CommandDefinition } from '../src/slack/command.js';
import { accessReviewCommand } from './access-review.js';
import { digestCommand } from './digest.js';
import { incidentsCommand } from './incidents.js';
import { ownerCommand } from './owner.js';
import { watchkeeperCommand } from './watchkeeper.js';

/**
 * The only place slash command names are bound. The Slack app manifest
 * (deploy/slack-manifest.yaml) must list the same names; a test checks that it does.
 */
export const COMMANDS: readonly CommandDefinition[] = [
  watchkeeperCommand,
  ownerCommand,
  incidentsCommand,
  digestCommand,
  accessReviewCommand,
];
