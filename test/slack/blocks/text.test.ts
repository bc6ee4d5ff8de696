import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMrkdwn, visibleText } from '../../../src/sandbox/web/public/mrkdwn.js';
import {
  cleanLine,
  cleanText,
  clip,
  escapeCodeBlock,
  escapeMrkdwn,
  MARK_GUARD,
  mrkdwnCode,
  safeMrkdwn,
  safeMrkdwnLine,
  truncate,
  truncateMrkdwn,
} from '../../../src/slack/blocks/text.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const Z = MARK_GUARD;

/** What a reader sees of a mrkdwn text, rendered the way the sandbox emulates Slack. */
const seen = (markup: string) => visibleText(parseMrkdwn(markup));

/** Characters that mean something in mrkdwn, and the things they meet in AWS data. */
const MARKUP_HEAVY = fc.string({
  unit: fc.constantFrom(
    '*',
    '_',
    '~',
    '`',
    '&',
    '<',
    '>',
    ':',
    '/',
    '"',
    ' ',
    '-',
    '.',
    'a',
    'b',
    '1',
    '\n',
    '|',
    '!',
  ),
  maxLength: 60,
});

describe('escapeMrkdwn', () => {
  it('turns &, < and > into entities, so no mention or link can be injected', () => {
    expect(escapeMrkdwn('<!here> & <@U123>')).toBe('&lt;!here&gt; &amp; &lt;@U123&gt;');
  });

  it('guards *, _, ~ and backticks with zero-width spaces (Slack has no backslash escape)', () => {
    expect(escapeMrkdwn('"*" on "*"')).toBe(`"${Z}*${Z}" on "${Z}*${Z}"`);
    expect(escapeMrkdwn('`x`')).toBe(`${Z}\`${Z}x${Z}\`${Z}`);
    expect(escapeMrkdwn('~/.aws')).toBe(`${Z}~${Z}/.aws`);
  });

  it('leaves a mark between letters or digits bare: it cannot format, and the value stays searchable', () => {
    expect(escapeMrkdwn('deploy_bot_prod 2*3')).toBe('deploy_bot_prod 2*3');
  });

  it('guards a > that starts a line, which Slack would turn into a quote', () => {
    expect(escapeMrkdwn('> 5 hosts\n> 3')).toBe(`${Z}&gt; 5 hosts\n${Z}&gt; 3`);
  });

  it.each([
    ['"*" on "*"'],
    ['aws-portal:*, budgets:*'],
    ['(iam:*, *:*, iam:PassRole)'],
    ['_private_ ~temp~ `code`'],
    ['*.example.com and s3:Get*'],
  ])('shows %s exactly as written once rendered', (value) => {
    expect(seen(`*Finding:* ${escapeMrkdwn(value)}`)).toBe(`Finding: ${value}`);
  });

  it('shows any text exactly as written once rendered, whatever its mrkdwn characters', () => {
    fc.assert(
      fc.property(MARKUP_HEAVY, (value) => {
        expect(seen(safeMrkdwnLine(value))).toBe(cleanLine(value));
        expect(seen(`_Label:_ ${safeMrkdwnLine(value)} *end*`)).toBe(`Label: ${cleanLine(value)} end`);
      }),
    );
  });
});

describe('mrkdwnCode', () => {
  it('puts an identifier in a code span with only entities escaped (copied values stay exact)', () => {
    expect(mrkdwnCode('arn:aws:iam::aws:policy/*')).toBe('`arn:aws:iam::aws:policy/*`');
    expect(mrkdwnCode('a<b&c')).toBe('`a&lt;b&amp;c`');
  });

  it('shows a value with a backtick (which would end the span) as escaped text instead', () => {
    expect(mrkdwnCode('echo `id`')).toBe(escapeMrkdwn('echo `id`'));
    expect(seen(mrkdwnCode('echo `id`'))).toBe('echo `id`');
  });

  it('shows any identifier exactly once rendered', () => {
    fc.assert(
      fc.property(MARKUP_HEAVY, (value) => {
        expect(seen(`in ${mrkdwnCode(value)} now`)).toBe(`in ${cleanLine(value)} now`);
      }),
    );
  });
});

describe('escapeCodeBlock', () => {
  it('escapes entities and breaks a ``` run that would end the block early', () => {
    expect(escapeCodeBlock('a && b ```x```')).toBe(`a &amp;&amp; b \`\`${Z}\`x\`\`${Z}\``);
    expect(seen(`\`\`\`${escapeCodeBlock('echo "*" ```')}\`\`\``)).toBe('echo "*" ```');
  });
});

describe('cleanText', () => {
  it('drops control and bidi-override characters and repairs lone surrogates', () => {
    expect(cleanText('a\u0000b\u202Ec\u2066d\nx\tz')).toBe('abcd\nx\tz');
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
  });
});

describe('truncate', () => {
  it('leaves short text alone and ends cut text with …', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello world', 6)).toBe('hello…');
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('ab😀😀', 4)).toBe('ab…');
    expect(truncate('ab😀😀', 5)).toBe('ab😀…');
  });

  it('fits any string into any limit without creating a lone surrogate', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 1, max: 300 }),
        (text, max) => {
          const out = truncate(text, max);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(LONE_SURROGATE.test(out)).toBe(false);
        },
      ),
    );
  });
});

/** Every `&` starts a complete entity and no raw `<` or `>` is left: escaped text cut cleanly. */
const WHOLE_ENTITIES_ONLY = (out: string) => !/[&<>]/.test(out.replace(/&(amp|lt|gt);/g, ''));

/** Untrusted text dense in what a cut can break: characters that escape to entities, and astral ones. */
const UNTRUSTED = fc.string({
  unit: fc.oneof(
    fc.constantFrom('&', '<', '>', '😀'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 200,
});

describe('clip', () => {
  it('leaves short text alone and cuts long text without an ellipsis', () => {
    expect(clip('hello', 5)).toBe('hello');
    expect(clip('hello world', 5)).toBe('hello');
  });

  it('never splits a surrogate pair', () => {
    expect(clip('ab😀', 3)).toBe('ab');
    expect(clip('ab😀c', 4)).toBe('ab😀');
  });

  it('never cuts inside an entity, and keeps a whole one', () => {
    expect(clip(escapeMrkdwn('ab&cd'), 4)).toBe('ab');
    expect(clip(escapeMrkdwn('ab<cd'), 3)).toBe('ab');
    expect(clip(escapeMrkdwn('a&b'), 6)).toBe('a&amp;');
  });

  it('cuts a bare ampersand in plain text like any other character', () => {
    expect(clip('AT&T rocks', 3)).toBe('AT&');
  });

  it('fits escaped untrusted text into any limit, with whole entities and code points only', () => {
    fc.assert(
      fc.property(UNTRUSTED, fc.integer({ min: 0, max: 300 }), (text, max) => {
        const out = clip(safeMrkdwn(text), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(LONE_SURROGATE.test(out)).toBe(false);
        expect(WHOLE_ENTITIES_ONLY(out)).toBe(true);
      }),
    );
  });
});

describe('truncate: entities', () => {
  it('never cuts inside an entity', () => {
    expect(truncate(escapeMrkdwn('ab&cd'), 5)).toBe('ab…');
    expect(truncate(escapeMrkdwn('ab>cd'), 4)).toBe('ab…');
    expect(truncate('a&#8203;b', 6)).toBe('a…');
  });

  it('keeps an entity the cut does not split, and a bare ampersand', () => {
    expect(truncate(escapeMrkdwn('a&bcd'), 7)).toBe('a&amp;…');
    expect(truncate('AT&T rocks', 4)).toBe('AT&…');
  });

  it('fits escaped untrusted text into any limit, with whole entities and code points only', () => {
    fc.assert(
      fc.property(UNTRUSTED, fc.integer({ min: 1, max: 300 }), (text, max) => {
        const out = truncate(safeMrkdwn(text), max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(LONE_SURROGATE.test(out)).toBe(false);
        expect(WHOLE_ENTITIES_ONLY(out)).toBe(true);
      }),
    );
  });
});

describe('truncateMrkdwn', () => {
  it('never cuts inside an entity', () => {
    const markup = escapeMrkdwn('a&b');
    expect(truncateMrkdwn(`${markup}ccccc`, 5)).toBe('a…');
  });

  it('never cuts inside a <link|label> sequence', () => {
    expect(truncateMrkdwn('see <https://example.com/x|the finding> now', 20)).toBe('see …');
  });

  it('closes a code block the cut left open', () => {
    const out = truncateMrkdwn(
      `step\n\`\`\`aws ec2 describe-instances --instance-ids i-1 --region eu-west-3\`\`\``,
      30,
    );
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out.split('```').length % 2).toBe(1);
  });

  it('never separates a guarded mark from its guards', () => {
    const markup = escapeMrkdwn('ab "*" cd');
    for (let max = 1; max <= markup.length; max++) {
      const out = truncateMrkdwn(markup, max);
      expect(out.replace(new RegExp(`${Z}\\*${Z}`, 'g'), '')).not.toContain('*');
    }
  });

  it('keeps escaped untrusted text within the limit, with whole entities only', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: 1, max: 400 }),
        (text, max) => {
          const out = truncateMrkdwn(safeMrkdwn(text), max);
          expect(out.length).toBeLessThanOrEqual(max);
          expect(LONE_SURROGATE.test(out)).toBe(false);
          // every & starts a complete entity; no raw < or > survives
          expect(out.replace(/&(amp|lt|gt);/g, '')).not.toMatch(/[&<>]/);
        },
      ),
    );
  });
});
