import { describe, expect, it } from 'vitest';
import { CLEAN_TREE, findingsOf, graphOf, type Tree } from './fixture-tree.js';

/**
 * The architecture checks, run over small synthetic trees that each break one rule once. Each
 * test asserts the checks report exactly that violation and nothing else, which proves the
 * tests over the real tree in `architecture.test.ts` can fail.
 */

const NOTHING = { violations: [], cycles: [] };

/** CLEAN_TREE with some files added or replaced. */
const breaking = (changes: Tree): Tree => ({ ...CLEAN_TREE, ...changes });

describe('the architecture checks', () => {
  it('find nothing wrong in a tree that keeps every rule', () => {
    expect(findingsOf(CLEAN_TREE)).toEqual(NOTHING);
  });

  describe('rule 1: no import cycles', () => {
    it('report a cycle as the chain of files that forms it', () => {
      const tree = breaking({
        'src/platform/log.ts': "import { config } from './config.js';\nexport const log = 1;\n",
      });
      expect(findingsOf(tree)).toEqual({
        violations: [],
        cycles: ['src/platform/config.ts → src/platform/log.ts → src/platform/config.ts'],
      });
    });

    it('count import type, export … from and dynamic import() as imports', () => {
      const tree = breaking({
        'src/platform/a.ts': "import type { B } from './b.js';\nexport type A = B;\n",
        'src/platform/b.ts': "export { c as B } from './c.js';\n",
        'src/platform/c.ts': "export const c = async () => (await import('./a.js')).toString();\n",
      });
      expect(findingsOf(tree)).toEqual({
        violations: [],
        cycles: ['src/platform/a.ts → src/platform/b.ts → src/platform/c.ts → src/platform/a.ts (type)'],
      });
    });

    it('report a file that imports itself', () => {
      const tree = breaking({ 'src/slack/self.ts': "export * from './self.js';\n" });
      expect(findingsOf(tree)).toEqual({ violations: [], cycles: ['src/slack/self.ts → src/slack/self.ts'] });
    });
  });

  const ruleBreaks: Array<[string, Tree, string | string[]]> = [
    [
      'rule 2: report src/platform/ importing another src/ folder',
      {
        'src/slack/ids.ts': 'export const ids = 1;\n',
        'src/platform/config.ts': "import { ids } from '../slack/ids.js';\nexport const config = ids;\n",
      },
      [
        "platform-is-ground-floor: src/platform/config.ts:1 '../slack/ids.js'",
        "folders-import-downwards: src/platform/config.ts:1 '../slack/ids.js'",
      ],
    ],
    [
      'rules 2 and 3: report src/platform/ importing a type from workflows/ under both rules',
      {
        'workflows/names.ts': 'export type Name = string;\n',
        'src/platform/log.ts':
          "\nimport type { Name } from '../../workflows/names.js';\nexport type L = Name;\n",
      },
      [
        "platform-is-ground-floor: src/platform/log.ts:2 '../../workflows/names.js'",
        "entry-points-only-from-main: src/platform/log.ts:2 '../../workflows/names.js'",
      ],
    ],
    [
      'rule 3: report a src/ folder other than src/main/ importing commands/',
      { 'src/slack/wire.ts': "import { owner } from '../../commands/owner.js';\nexport const w = owner;\n" },
      "entry-points-only-from-main: src/slack/wire.ts:1 '../../commands/owner.js'",
    ],
    [
      'rule 3: report a src/ folder other than src/main/ importing workflows/',
      { 'src/cli/run.ts': "export const run = () => import('../../workflows/digest.js');\n" },
      "entry-points-only-from-main: src/cli/run.ts:1 '../../workflows/digest.js'",
    ],
    [
      'rule 3: report commands/ importing workflows/',
      {
        'commands/digest.ts': "import { digest } from '../workflows/digest.js';\nexport const d = digest;\n",
      },
      "commands-and-workflows-apart: commands/digest.ts:1 '../workflows/digest.js'",
    ],
    [
      'rule 3: report workflows/ importing commands/',
      { 'workflows/owner.ts': "export { owner } from '../commands/owner.js';\n" },
      "commands-and-workflows-apart: workflows/owner.ts:1 '../commands/owner.js'",
    ],
    [
      'rule 4: report a src/ file other than the demo verb importing src/sandbox/',
      {
        'src/cli/verbs/start.ts':
          "import { standIn } from '../../sandbox/stand-in.js';\nexport const s = standIn;\n",
      },
      "sandbox-is-isolated: src/cli/verbs/start.ts:1 '../../sandbox/stand-in.js'",
    ],
    [
      'rule 4: report commands/ importing src/sandbox/',
      {
        'commands/demo.ts':
          "import type { standIn } from '../src/sandbox/stand-in.js';\nexport type D = typeof standIn;\n",
      },
      "sandbox-is-isolated: commands/demo.ts:1 '../src/sandbox/stand-in.js'",
    ],
    [
      'rule 6: report a src/ folder importing one above it',
      {
        'src/slack/owner.ts':
          "import { standIn } from '../sandbox/stand-in.js';\nexport const o = standIn;\n",
      },
      [
        "folders-import-downwards: src/slack/owner.ts:1 '../sandbox/stand-in.js'",
        "sandbox-is-isolated: src/slack/owner.ts:1 '../sandbox/stand-in.js'",
      ],
    ],
    [
      'rule 6: report an import between src/ folders when one has no floor in the layer list',
      { 'src/reports/weekly.ts': "import { post } from '../slack/post.js';\nexport const w = post;\n" },
      "folders-import-downwards: src/reports/weekly.ts:1 '../slack/post.js'",
    ],
    [
      'rule 5: report @aws-sdk/* imported outside src/aws/',
      { 'workflows/s3.ts': "import { S3Client } from '@aws-sdk/client-s3';\nexport const c = S3Client;\n" },
      "aws-sdk-only-in-src-aws: workflows/s3.ts:1 '@aws-sdk/client-s3'",
    ],
    [
      'rule 5: report a type-only @smithy/* import outside src/aws/',
      {
        'src/platform/retry.ts':
          "import type { Provider } from '@smithy/types';\nexport type P = Provider<1>;\n",
      },
      "aws-sdk-only-in-src-aws: src/platform/retry.ts:1 '@smithy/types'",
    ],
  ];

  it.each(ruleBreaks)('%s', (_name, changes, expected) => {
    expect(findingsOf(breaking(changes))).toEqual({ violations: [expected].flat(), cycles: [] });
  });

  it('fail loudly when a relative import resolves to no file', () => {
    const tree = breaking({
      'src/slack/broken.ts': "import { gone } from './gone.js';\nexport const b = gone;\n",
    });
    expect(() => graphOf(tree)).toThrow("src/slack/broken.ts imports './gone.js', which resolves to no file");
  });

  it('resolve ./x.js to x.ts and ./dir/index.js to dir/index.ts', () => {
    const graph = graphOf(
      breaking({
        'src/slack/blocks/index.ts': "export { post } from '../post.js';\n",
        'src/slack/use.ts': "import { post } from './blocks/index.js';\nexport const u = post;\n",
      }),
    );
    const resolved = graph.imports
      .filter((e) => e.from.startsWith('src/slack/'))
      .map((e) => `${e.from} → ${e.target}`);
    expect(resolved).toEqual([
      'src/slack/blocks/index.ts → src/slack/post.ts',
      'src/slack/post.ts → src/platform/config.ts',
      'src/slack/use.ts → src/slack/blocks/index.ts',
    ]);
  });
});
