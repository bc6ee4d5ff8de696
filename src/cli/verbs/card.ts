import { loadRunbooks } from '../../runbooks/loader.js';
import { selectRunbook } from '../../runbooks/matcher.js';
import { buildIncidentCard } from '../../slack/card/card.js';
import { incidentPreviewFromAlert } from '../incident-preview.js';
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
      return buildIncidentCard(incidentPreviewFromAlert(alert, io.now(), runbook?.id ?? 'none'), runbook);
    });
    io.stdout.write(`${JSON.stringify(cards.length === 1 ? cards[0] : cards, null, 2)}\n`);
    return ExitCode.Ok;
  },
};
