import { openIncident } from '../../incidents/apply-alert-rules.js';
import { buildIncidentCard } from '../../incidents/card/card.js';
import { loadRunbooks } from '../../incidents/runbooks/loader.js';
import { selectRunbook } from '../../incidents/runbooks/matcher.js';
import { type CliIO, ExitCode } from '../io.js';
import { alertsFromFile } from '../offline.js';
import type { CliVerb } from '../verb.js';

export const cardVerb: CliVerb = {
  name: 'card',
  description:
    'Print the Block Kit JSON of the incident card an alert input would get (no Redis or Slack needed)',
  configure(command) {
    command.argument('<file>', 'any input `watchkeeper alert` accepts; - for stdin');
  },
  async run(io: CliIO, [file]) {
    const read = await alertsFromFile(String(file), io);
    if ('stderr' in read) {
      io.stderr.write(read.stderr);
      return ExitCode.BadInput;
    }
    const runbooks = await loadRunbooks();
    const cards = read.alerts.map((alert) => {
      const runbook = selectRunbook(runbooks, alert);
      // The incident this alert would open: the engine's own pure rule, with a placeholder id.
      const { incident } = openIncident('INC-PREVIEW', alert, io.now(), { runbookId: runbook?.id ?? 'none' });
      return buildIncidentCard(incident, runbook);
    });
    io.stdout.write(`${JSON.stringify(cards.length === 1 ? cards[0] : cards, null, 2)}\n`);
    return ExitCode.Ok;
  },
};
