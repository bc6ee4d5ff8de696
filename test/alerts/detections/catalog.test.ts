import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/alerts/detections/catalog.js';
import {
  defaultDetectionsDirectory,
  loadDetectionCatalog,
} from '../../../src/alerts/detections/catalog-loader.js';
import { detectionSchema } from '../../../src/alerts/detections/schema.js';
import { InputError } from '../../../src/platform/errors.js';

const VALID = {
  id: 'custom-stop-logging',
  title: 'Trail stopped',
  description: 'Someone stopped a trail.',
  control: 'Custom.1',
  severity: 'high',
  filterPattern: '{ $.eventName = StopLogging }',
  metricName: 'custom_stop_logging',
  runbookId: 'runbook-custom-stop-logging',
};

function yaml(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}: '${v.replaceAll("'", "''")}'`)
    .join('\n');
}

async function loadError(run: () => Promise<unknown>): Promise<InputError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the catalog to be rejected');
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wk-detections-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detectionSchema', () => {
  it('fills in the CISBenchmark namespace when none is given', () => {
    expect(detectionSchema.parse(VALID).metricNamespace).toBe('CISBenchmark');
  });

  it('rejects unknown fields so a typo does not pass silently', () => {
    expect(detectionSchema.safeParse({ ...VALID, severty: 'low' }).success).toBe(false);
  });
});

describe('loadDetectionCatalog', () => {
  it('finds workflows/detections at the package root by default', () => {
    expect(defaultDetectionsDirectory().endsWith(join('workflows', 'detections'))).toBe(true);
  });

  it('loads *.yaml files from the given directory, sorted by name, with their pattern parsed', async () => {
    await writeFile(join(dir, 'b-second.yaml'), yaml({ ...VALID, id: 'b-second' }));
    await writeFile(join(dir, 'a-first.yml'), yaml({ ...VALID, id: 'a-first' }));
    await writeFile(join(dir, 'README.md'), '# not a detection');
    const catalog = await loadDetectionCatalog({ directory: dir });
    expect(catalog.detections.map((d) => d.id)).toEqual(['a-first', 'b-second']);
    expect(catalog.byId.get('a-first')?.pattern.expression.kind).toBe('comparison');
    expect(catalog.byId.get('a-first')?.source).toBe(join(dir, 'a-first.yml'));
  });

  it('names the file and the field of each invalid definition, all at once', async () => {
    await writeFile(
      join(dir, 'bad-severity.yaml'),
      yaml({ ...VALID, id: 'bad-severity', severity: 'urgent' }),
    );
    await writeFile(join(dir, 'no-title.yaml'), yaml({ ...VALID, id: 'no-title', title: '' }));
    const error = await loadError(() => loadDetectionCatalog({ directory: dir }));
    expect(error.problems.map((p) => p.path)).toEqual([
      `${join(dir, 'bad-severity.yaml')}: severity`,
      `${join(dir, 'no-title.yaml')}: title`,
    ]);
  });

  it('fails on a bad filter pattern, naming the file and the column', async () => {
    await writeFile(
      join(dir, 'broken.yaml'),
      yaml({ ...VALID, id: 'broken', filterPattern: '{ $.eventName = }' }),
    );
    const error = await loadError(() => loadDetectionCatalog({ directory: dir }));
    expect(error.problems).toEqual([
      {
        path: `${join(dir, 'broken.yaml')}: filterPattern`,
        message: "column 17: expected a value after '=', found '}'",
      },
    ]);
  });

  it('rejects a file whose id differs from its name, and YAML that does not parse', async () => {
    await writeFile(join(dir, 'named-wrong.yaml'), yaml({ ...VALID, id: 'other-id' }));
    await writeFile(join(dir, 'not-yaml.yaml'), 'id: [unclosed');
    const error = await loadError(() => loadDetectionCatalog({ directory: dir }));
    expect(error.problems.map((p) => p.path)).toEqual([
      `${join(dir, 'named-wrong.yaml')}: id`,
      join(dir, 'not-yaml.yaml'),
    ]);
    expect(error.problems[1]?.message).toMatch(/^not valid YAML/);
  });

  it('adds user detections from config after the files and rejects a duplicate id', async () => {
    await writeFile(join(dir, 'custom-stop-logging.yaml'), yaml(VALID));
    const error = await loadError(() =>
      loadDetectionCatalog({
        directory: dir,
        extra: [{ source: 'config detections[0]', definition: VALID }],
      }),
    );
    expect(error.problems).toEqual([
      {
        path: 'config detections[0]: id',
        message: `duplicate detection id custom-stop-logging (also defined in ${join(dir, 'custom-stop-logging.yaml')})`,
        fix: 'give each detection its own id',
      },
    ]);
  });

  it('says which directory could not be read', async () => {
    const error = await loadError(() => loadDetectionCatalog({ directory: join(dir, 'missing') }));
    expect(error.message).toContain(join(dir, 'missing'));
    expect(error.message).toContain('ENOENT');
  });
});

describe('buildCatalog', () => {
  it('keeps user detections in order and indexes them by id', () => {
    const catalog = buildCatalog([
      { source: 'config detections[0]', definition: VALID },
      { source: 'config detections[1]', definition: { ...VALID, id: 'second', metricNamespace: 'Security' } },
    ]);
    expect(catalog.detections.map((d) => d.id)).toEqual(['custom-stop-logging', 'second']);
    expect(catalog.byId.get('second')?.metricNamespace).toBe('Security');
  });

  it('rejects a reserved AWS/ namespace', () => {
    expect(() =>
      buildCatalog([{ source: 'x', definition: { ...VALID, metricNamespace: 'AWS/Logs' } }]),
    ).toThrow(/metricNamespace: must not start with AWS\//);
  });
});
