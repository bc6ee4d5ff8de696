import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeCycle, findCycles } from './cycles.js';
import { type ImportGraph, readImportGraph } from './import-graph.js';
import {
  checkAwsSdkOnlyInSrcAws,
  checkCommandsAndWorkflowsApart,
  checkEntryPointsOnlyFromMain,
  checkFoldersImportDownwards,
  checkPlatformIsGroundFloor,
  checkSandboxIsolated,
  describeViolations,
  SANDBOX_IMPORTERS,
  SRC_LAYERS,
  type Violation,
} from './rules.js';

/**
 * The architecture of the production tree (src/, commands/, workflows/), read from its imports.
 * Every failure lists the offending file:line and import; fix the import, not the rule.
 * `checker.test.ts` proves each of these checks does fail when its rule is broken.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const graph: ImportGraph = readImportGraph(root);

function expectNone(violations: readonly Violation[], rule: string): void {
  expect(describeViolations(violations), `${rule} — these imports break it`).toBe('');
}

describe('the production import graph', () => {
  it('is read from every production file, with every relative import resolved to a file', () => {
    // readImportGraph throws on any relative import that resolves to no file.
    expect(graph.files.length).toBeGreaterThan(100);
    for (const dir of ['src/main/', 'src/platform/', 'commands/', 'workflows/']) {
      expect(
        graph.files.some((f) => f.startsWith(dir)),
        `files under ${dir}`,
      ).toBe(true);
    }
    expect(graph.imports.filter((e) => e.target !== undefined).length).toBeGreaterThan(graph.files.length);
  });

  it('contains every import that a plain line-by-line scan of the sources finds', () => {
    // An independent, cruder reader: lines that start with import/export/} and end in `from '…'`.
    const lineScan = /^\s*(?:import|export|\}).*?\bfrom\s*(['"])(.+?)\1\s*;?\s*$|^\s*import\s*(['"])(.+?)\3/;
    const missed: string[] = [];
    for (const file of graph.files) {
      const read = new Set(graph.imports.filter((e) => e.from === file).map((e) => e.specifier));
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((text, k) => {
          const match = lineScan.exec(text);
          const specifier = match?.[2] ?? match?.[4];
          if (specifier !== undefined && !read.has(specifier)) missed.push(`${file}:${k + 1} '${specifier}'`);
        });
    }
    expect(missed.join('\n'), 'imports the reader did not see').toBe('');
  });
});

describe('production code', () => {
  it('has no import cycles, counting import type, export … from and dynamic import()', () => {
    const report = findCycles(graph).map(describeCycle).join('\n');
    expect(report, 'import cycles — break each chain at one of its imports').toBe('');
  });

  it('has no import cycles made of runtime imports alone', () => {
    const runtime: ImportGraph = { ...graph, imports: graph.imports.filter((e) => !e.typeOnly) };
    const report = findCycles(runtime).map(describeCycle).join('\n');
    expect(report, 'runtime import cycles — these load modules in a loop').toBe('');
  });

  it('keeps src/platform/ a ground floor: it imports nothing outside src/platform/', () => {
    expectNone(checkPlatformIsGroundFloor(graph), 'src/platform/** may only import src/platform/**');
  });

  it(`layers src/ folders (${SRC_LAYERS.join(' < ')}): no folder imports one above it`, () => {
    expectNone(checkFoldersImportDownwards(graph), 'a src/ folder may only import folders below it');
  });

  it('imports commands/ and workflows/ from src/ only in src/main/ (the composition root)', () => {
    expectNone(checkEntryPointsOnlyFromMain(graph), 'only src/main/** may import commands/ or workflows/');
  });

  it('keeps commands/ and workflows/ from importing each other', () => {
    expectNone(checkCommandsAndWorkflowsApart(graph), 'commands/ and workflows/ must not import each other');
  });

  it(`imports src/sandbox/ only from inside it and from ${SANDBOX_IMPORTERS.join(', ')}`, () => {
    expectNone(checkSandboxIsolated(graph), 'src/sandbox/ is off limits to production code');
  });

  it('imports the AWS SDK (@aws-sdk/*, @smithy/*) only under src/aws/', () => {
    expectNone(checkAwsSdkOnlyInSrcAws(graph), 'only src/aws/** may import the AWS SDK');
  });
});
