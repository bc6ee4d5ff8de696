import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findCycles } from './cycles.js';
import { type ImportGraph, readImportGraph } from './import-graph.js';
import { checkAllRules } from './rules.js';

/**
 * Small synthetic source trees for proving the architecture checks can fail. A tree is written
 * to a fresh temporary folder, read with the same reader as the real tree, and removed again.
 */

export type Tree = Readonly<Record<string, string>>;

/**
 * A tiny tree that keeps every rule: platform at the bottom, aws on the SDK, slack on platform,
 * the sandbox on slack, src/main wiring commands and workflows, and the demo verb running it on the sandbox.
 */
export const CLEAN_TREE: Tree = {
  'src/platform/log.ts': 'export const log = 1;\n',
  'src/platform/config.ts': "import { log } from './log.js';\nexport const config = log;\n",
  'src/aws/client.ts': [
    "import { S3Client } from '@aws-sdk/client-s3';",
    "import type { Provider } from '@smithy/types';",
    "import { log } from '../platform/log.js';",
    'export const s3: [unknown, Provider<number> | undefined, number] = [S3Client, undefined, log];',
  ].join('\n'),
  'src/slack/post.ts': "import { config } from '../platform/config.js';\nexport const post = config;\n",
  'src/sandbox/stand-in.ts': "import { post } from '../slack/post.js';\nexport const standIn = post;\n",
  'src/cli/verbs/demo.ts': [
    "import { app } from '../../main/app.js';",
    "import { standIn } from '../../sandbox/stand-in.js';",
    'export const demo = [app, standIn];',
  ].join('\n'),
  'commands/owner.ts': "import { post } from '../src/slack/post.js';\nexport const owner = post;\n",
  'workflows/digest.ts': "import { s3 } from '../src/aws/client.js';\nexport const digest = s3;\n",
  'src/main/app.ts': [
    "import { owner } from '../../commands/owner.js';",
    "import { digest } from '../../workflows/digest.js';",
    'export const app = [owner, digest];',
  ].join('\n'),
};

/** Writes `tree` to a temporary folder, reads its import graph, and removes the folder. */
export function graphOf(tree: Tree): ImportGraph {
  const root = mkdtempSync(join(tmpdir(), 'wk-architecture-'));
  try {
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return readImportGraph(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * What the checks report for `tree`: one `rule: file:line 'specifier'` line per violation and
 * one `a → b → a` chain per cycle, so a test can assert the exact findings in one `toEqual`.
 */
export function findingsOf(tree: Tree): { violations: string[]; cycles: string[] } {
  const graph = graphOf(tree);
  return {
    violations: checkAllRules(graph).map(
      (v) => `${v.rule}: ${v.edge.from}:${v.edge.line} '${v.edge.specifier}'`,
    ),
    cycles: findCycles(graph).map(
      (c) => [...c.files, c.files[0]].join(' → ') + (c.typeOnly ? ' (type)' : ''),
    ),
  };
}
