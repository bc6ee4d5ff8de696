import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Alert } from '../../../src/alerts/alert.js';
import { loadDetectionCatalog } from '../../../src/alerts/detections/catalog-loader.js';
import { detectionPort } from '../../../src/alerts/detections/normalizer-port.js';
import { normalize } from '../../../src/alerts/normalize.js';
import { readAlertInputs } from '../../../src/alerts/read-inputs.js';
import { openIncident } from '../../../src/incidents/apply-alert-rules.js';
import type { Incident } from '../../../src/incidents/incident.js';

/**
 * Every alert the project's fixtures hold: each JSON / JSON-lines file under test/fixtures, read
 * the way `watchkeeper alert` reads it and normalized with the shipped detection catalog. Files
 * that are not alert inputs (configs, IAM data, Slack payloads) normalize to nothing and are skipped.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const NOW = new Date('2025-06-01T10:00:00.000Z');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(json|ndjson|jsonl)$/.test(name) ? [path] : [];
  });
}

export interface FixtureAlert {
  /** `alerts/guardduty/dns.json #1`. */
  readonly name: string;
  readonly alert: Alert;
}

export async function fixtureAlerts(): Promise<FixtureAlert[]> {
  const detections = detectionPort(await loadDetectionCatalog());
  const found: FixtureAlert[] = [];
  for (const path of files(FIXTURES)) {
    let inputs: ReturnType<typeof readAlertInputs>;
    try {
      inputs = readAlertInputs(readFileSync(path, 'utf8'));
    } catch {
      continue;
    }
    for (const input of inputs) {
      const result = normalize(
        { kind: 'unknown', receivedAt: NOW.toISOString(), origin: 'fixture', payload: input.value },
        { now: () => NOW, detections, insufficientData: 'alert' },
      );
      if (result.status !== 'normalized') continue;
      result.alerts.forEach((alert, k) => {
        found.push({
          name: `${relative(FIXTURES, path)} line ${input.line}${input.index === undefined ? '' : ` item ${input.index}`} #${k + 1}`,
          alert,
        });
      });
    }
  }
  return found;
}

/**
 * The incident an alert opens, as the engine stores it, with its key facts and vendor-sample
 * mark carried over (what the incident engine copies from the alert).
 */
export function incidentOf(alert: Alert, runbookId: string, id = 'INC-FIXTURE1'): Incident {
  const { incident } = openIncident(id, alert, NOW, {
    runbookId,
    owner: { team: 'payments-platform', source: 'tag:owner' },
    accountAlias: 'payments-production',
  });
  return {
    ...incident,
    ...(alert.facts ? { facts: alert.facts } : {}),
    ...(alert.vendorSample ? { vendorSample: true } : {}),
  };
}
