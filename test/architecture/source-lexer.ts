/**
 * A deliberately small TypeScript tokenizer, just good enough to find import statements.
 *
 * A plain regex over the raw text would be fooled by imports written inside comments, strings,
 * template literals or regular expressions. This lexer skips those, so the reader in
 * `import-reader.ts` only ever sees real code. It does not try to understand the language: it
 * yields names, string literals (with their text), numbers and single-character punctuation.
 *
 * Anything it cannot make sense of (an unterminated comment, string, template or regex) throws,
 * so a file it misreads fails the architecture tests loudly instead of hiding its imports.
 */

export type TokenKind = 'name' | 'string' | 'number' | 'punct' | 'template' | 'regex';

export interface Token {
  readonly kind: TokenKind;
  /** The name, the string literal's raw text (without quotes), or the punctuation character. */
  readonly value: string;
  /** 1-based line where the token starts. */
  readonly line: number;
}

/** Names after which a `/` starts a regular expression rather than a division. */
const KEYWORDS_BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

const NAME_START = /[A-Za-z_$\p{ID_Start}]/u;
const NAME_PART = /[\w$\p{ID_Continue}\u200c\u200d]/u;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  /** One entry per open `{`: 'brace' for a block or object, 'template' for a `${` substitution. */
  const braces: Array<'brace' | 'template'> = [];
  let i = 0;
  let line = 1;

  const fail = (what: string): never => {
    throw new Error(`source-lexer: ${what} starting on line ${line}`);
  };
  /** Advances over `source[from..to)`, counting newlines. */
  const skipTo = (to: number): void => {
    for (; i < to; i++) if (source[i] === '\n') line++;
  };
  const push = (kind: TokenKind, value: string, startLine: number): void => {
    tokens.push({ kind, value, line: startLine });
  };

  /** Reads template text from `i` up to the closing backtick or the next `${`. */
  const templateText = (startLine: number): void => {
    for (;;) {
      const c = source[i];
      if (c === undefined) fail('unterminated template literal');
      if (c === '\\') skipTo(i + 2);
      else if (c === '`') {
        i++;
        push('template', '', startLine);
        return;
      } else if (c === '$' && source[i + 1] === '{') {
        i += 2;
        push('template', '', startLine);
        braces.push('template');
        return;
      } else skipTo(i + 1);
    }
  };

  const regexAllowed = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (last === undefined) return true;
    if (last.kind === 'punct') return !(last.value === ')' || last.value === ']' || last.value === '}');
    return last.kind === 'name' && KEYWORDS_BEFORE_REGEX.has(last.value);
  };

  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    const startLine = line;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      skipTo(i + 1);
    } else if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      skipTo(end === -1 ? source.length : end);
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) fail('unterminated block comment');
      skipTo(end + 2);
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (source[j] !== c) {
        if (source[j] === undefined || source[j] === '\n') fail('unterminated string literal');
        j += source[j] === '\\' ? 2 : 1;
      }
      push('string', source.slice(i + 1, j), startLine);
      skipTo(j + 1);
    } else if (c === '`') {
      i++;
      templateText(startLine);
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (inClass || source[j] !== '/') {
        const r = source[j];
        if (r === undefined || r === '\n') fail('unterminated regular expression');
        if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        j += r === '\\' ? 2 : 1;
      }
      j++;
      while (j < source.length && NAME_PART.test(source[j] as string)) j++;
      push('regex', '', startLine);
      skipTo(j);
    } else if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < source.length && NAME_PART.test(source[j] as string)) j++;
      push('name', source.slice(i, j), startLine);
      i = j;
    } else if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < source.length && /[\w.]/.test(source[j] as string)) j++;
      push('number', source.slice(i, j), startLine);
      i = j;
    } else if (c === '{') {
      braces.push('brace');
      push('punct', c, startLine);
      i++;
    } else if (c === '}' && braces.pop() === 'template') {
      // Closes a `${…}` substitution: back to template text. (A plain `}` falls through below.)
      i++;
      templateText(startLine);
    } else {
      push('punct', c, startLine);
      i++;
    }
  }
  return tokens;
}
