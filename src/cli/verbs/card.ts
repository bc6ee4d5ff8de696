import type { Alert } from '../../alerts/alert.js';
import { openIncident, recover } from '../../incidents/apply-alert-rules.js';
import { buildIncidentCard } from '../../incidents/card/card.js';
import { loadRunbooks } from '../../incidents/runbooks/loader.js';
import { selectRunbook } from '../../incidents/runbooks/matcher.js';
import { incidentsConfigSchema } from '../../platform/config/incidents.js';
import { type CliIO, ExitCode } from '../io.js';
import { alertsFromFile } from '../offline.js';
import type { CliVerb } from '../verb.js';

/**
 * What the bot does with an alarm's OK: it never opens an incident; it marks the alarm's open
 * incident recovered (and resolves it with `incidents.resolveOnAlarmOk`), and with none open it
 * does nothing. Said once on stderr, so stdout stays the card JSON.
 */
function recoveryNote(alert: Alert, resolves: boolean): string {
  const then = resolves
    ? 'marks it recovered and resolves it (incidents.resolveOnAlarmOk)'
    : 'marks it recovered; a person still resolves it (set incidents.resolveOnAlarmOk to resolve on OK)';
  return `${alert.title}: an OK transition never opens an incident. When this alarm's incident is open, Watchkeeper ${then}; with none open it does nothing. The card below is that incident after the OK.\n`;
}

export const cardVerb: CliVerb = {
  name: 'card',
  description:
    'Print the Block Kit JSON of the incident card an alert input would get (no Redis or Slack needed)',
  configure(command) {
    command.argument('<file>', 'any input `watchkeeper alert` accepts; - for stdin');
    command.option(
      '--resolve-on-alarm-ok',
      'show an alarm OK as your config would handle it with incidents.resolveOnAlarmOk: true',
    );
  },
  async run(io: CliIO, [file], options) {
    const read = await alertsFromFile(String(file), io);
    if ('stderr' in read) {
      io.stderr.write(read.stderr);
      return ExitCode.BadInput;
    }
    const runbooks = await loadRunbooks();
    const incidents = incidentsConfigSchema.parse({ resolveOnAlarmOk: options.resolveOnAlarmOk === true });
    const cards = read.alerts.map((alert) => {
      const runbook = selectRunbook(runbooks, alert);
      // The incident this alert would open: the engine's own pure rule, with a placeholder id.
      const { incident } = openIncident('INC-PREVIEW', alert, io.now(), { runbookId: runbook?.id ?? 'none' });
      if (alert.alarmState !== 'OK') return buildIncidentCard(incident, runbook);
      io.stderr.write(recoveryNote(alert, incidents.resolveOnAlarmOk));
      // The engine's own recovery rule, on the incident the alarm's ALARM would have opened.
      return buildIncidentCard(recover(incident, io.now(), incidents), runbook);
    });
    io.stdout.write(`${JSON.stringify(cards.length === 1 ? cards[0] : cards, null, 2)}\n`);
    return ExitCode.Ok;
  },
};
