import { describe, expect, it } from 'vitest';
import { describeCycle, findCycles } from './cycles.js';
import { CLEAN_TREE, graphOf } from './fixture-tree.js';
import { checkPlatformIsGroundFloor, checkSandboxIsolated, describeViolations } from './rules.js';

/** What someone who breaks a rule reads: enough to find the import to fix without digging. */

describe('architecture failure messages', () => {
  it('name a broken rule by file:line, the import as written and the file it resolves to', () => {
    const graph = graphOf({
      ...CLEAN_TREE,
      'src/slack/ids.ts': 'export const ids = 1;\n',
      'src/platform/config.ts': "import { ids } from '../slack/ids.js';\nexport const config = ids;\n",
    });
    expect(describeViolations(checkPlatformIsGroundFloor(graph))).toBe(
      "src/platform/config.ts:1 imports '../slack/ids.js' → src/slack/ids.ts",
    );
  });

  it('name a cycle by its whole chain of files and the import behind each hop', () => {
    const graph = graphOf({
      ...CLEAN_TREE,
      'src/platform/log.ts':
        "import type { config } from './config.js';\nexport const log: typeof config = 1;\n",
    });
    expect(findCycles(graph).map(describeCycle)).toEqual([
      [
        'cycle through import type: src/platform/config.ts → src/platform/log.ts → src/platform/config.ts',
        "    src/platform/config.ts:1 imports './log.js' → src/platform/log.ts",
        "    src/platform/log.ts:1 imports './config.js' (import type) → src/platform/config.ts",
      ].join('\n'),
    ]);
  });
});

describe('the sandbox exception list', () => {
  it('is what lets the demo verb import src/sandbox/: without it the demo verb is reported', () => {
    expect(describeViolations(checkSandboxIsolated(graphOf(CLEAN_TREE), []))).toBe(
      "src/cli/verbs/demo.ts:2 imports '../../sandbox/stand-in.js' → src/sandbox/stand-in.ts",
    );
  });
});
