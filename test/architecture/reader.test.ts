import { describe, expect, it } from 'vitest';
import { readImports } from './import-reader.js';

/** The import reader that the architecture checks stand on, over in-memory sources. */

/** `line form specifier` (plus ` type` for import type), one per import found. */
const found = (source: string): string[] =>
  readImports(source).map((r) => `${r.line} ${r.form} ${r.specifier}${r.typeOnly ? ' type' : ''}`);

describe('the import reader', () => {
  it('reads every static import and re-export form, with the line of its keyword', () => {
    const source = [
      "import a from './a.js';",
      "import b, { c as d, type E } from './b.js';",
      "import * as f from './f.js';",
      "import type { G } from './g.js';",
      "import './side-effect.js';",
      "export { h } from './h.js';",
      "export type { I } from './i.js';",
      "export * from './j.js';",
      "export * as k from './k.js';",
      "import type from './default-named-type.js';",
    ].join('\n');
    expect(found(source)).toEqual([
      '1 import ./a.js',
      '2 import ./b.js',
      '3 import ./f.js',
      '4 import ./g.js type',
      '5 side-effect ./side-effect.js',
      '6 export ./h.js',
      '7 export ./i.js type',
      '8 export ./j.js',
      '9 export ./k.js',
      '10 import ./default-named-type.js',
    ]);
  });

  it('reads an import statement spread over several lines, with comments inside', () => {
    const source =
      'import {\n  a, // the a\n  /* b */ b,\n} from "./ab.js";\nexport {\n  c,\n} from \'./c.js\'';
    expect(found(source)).toEqual(['1 import ./ab.js', '5 export ./c.js']);
  });

  it('reads dynamic import() with a string literal, and skips one with a computed specifier', () => {
    const source =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
      "const m = await import('./m.js');\nconst n = await import(`./${name}.js`);\nimport(path);";
    expect(found(source)).toEqual(['1 dynamic ./m.js']);
  });

  it('ignores imports written in comments, strings, templates and regular expressions', () => {
    const source = [
      "// import a from './comment.js';",
      "/* export * from './block-comment.js'; */",
      'const s = "import(\'./string.js\')";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
      "const t = `\nimport b from './template.js';\n${x}`;",
      "const r = /import c from '.\\/regex.js'/;",
      "const q = /'/; import d from './after-regex.js';",
      'const o = { import: 1 }; o.import; import.meta.url; export const e = 1; export { e as f };',
    ].join('\n');
    expect(found(source)).toEqual(['8 import ./after-regex.js']);
  });

  it('keeps reading after a template literal with nested templates and braces', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text under test
    const source = "const t = `a ${`b ${{ c: 1 }.c}`} d`;\nimport e from './e.js';";
    expect(found(source)).toEqual(['2 import ./e.js']);
  });

  it('reads package specifiers as well as relative ones', () => {
    expect(found("import { S3Client } from '@aws-sdk/client-s3';")).toEqual(['1 import @aws-sdk/client-s3']);
  });

  it('throws on an import statement it does not understand instead of skipping it', () => {
    expect(() => found("import fs = require('node:fs');")).toThrow('unrecognised import statement on line 1');
  });

  it('throws on an unterminated string or comment instead of skipping the rest of the file', () => {
    expect(() => found("const s = 'oops\nimport a from './a.js';")).toThrow('unterminated string literal');
    expect(() => found("/* never closed\nimport a from './a.js';")).toThrow('unterminated block comment');
  });
});
