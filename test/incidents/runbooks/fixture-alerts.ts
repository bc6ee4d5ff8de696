import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Alert } from '../../../src/alerts/alert.js';
import { loadDetectionCatalog } from '../../../src/alerts/detections/catalog-loader.js';
import { detectionPort } from '../../../src/alerts/detections/normalizer-port.js';
import { normalize } from '../../../src/alerts/normalize.js';
import { readAlertInputs } from '../../../src/alerts/read-inputs.js';

/** Every alert the fixtures under test/fixtures/alerts normalize to, labelled by file and position. */

const ROOT = join(import.meta.dirname, '../../fixtures/alerts');
const NOW = new Date('2025-03-01T12:00:00.000Z');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.(json|ndjson|jsonl)$/.test(name) ? [path] : [];
    });
}

export interface FixtureAlert {
  readonly label: string;
  readonly alert: Alert;
}

export async function fixtureAlerts(): Promise<FixtureAlert[]> {
  const detections = detectionPort(await loadDetectionCatalog());
  const out: FixtureAlert[] = [];
  for (const file of files(ROOT)) {
    const inputs = readAlertInputs(readFileSync(file, 'utf8'));
    inputs.forEach((input, i) => {
      const result = normalize(
        { kind: 'unknown', receivedAt: NOW.toISOString(), origin: 'fixture', payload: input.value },
        { now: () => NOW, detections },
      );
      if (result.status !== 'normalized') return;
      result.alerts.forEach((alert, k) => {
        out.push({ label: `${relative(ROOT, file)} #${i + 1}.${k + 1}`, alert });
      });
    });
  }
  return out;
}
