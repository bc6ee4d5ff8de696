import { describe, expect, it } from 'vitest';
import { emojify, parseMrkdwn, safeHref, visibleText } from '../../../src/sandbox/web/public/mrkdwn.js';

const Z = '\u200B';

describe('the page’s mrkdwn parser', () => {
  it('reads bold, italic, strike and code the way Slack does', () => {
    expect(parseMrkdwn('*Severity:* _high_ ~old~ `i-0abc`')).toEqual([
      { t: 'bold', c: [{ t: 'text', v: 'Severity:' }] },
      { t: 'text', v: ' ' },
      { t: 'italic', c: [{ t: 'text', v: 'high' }] },
      { t: 'text', v: ' ' },
      { t: 'strike', c: [{ t: 'text', v: 'old' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'i-0abc' },
    ]);
  });

  it('leaves underscores and stars inside words alone', () => {
    expect(parseMrkdwn('role/deploy_bot_prod and 2*3*4')).toEqual([
      { t: 'text', v: 'role/deploy_bot_prod and 2*3*4' },
    ]);
  });

  it('formats nothing inside ``` blocks and decodes Slack’s escapes there', () => {
    expect(parseMrkdwn('Figures:\n```\n*a* &lt;b&gt; &amp;\n```')).toEqual([
      { t: 'text', v: 'Figures:' },
      { t: 'br' },
      { t: 'pre', v: '*a* <b> &\n' },
    ]);
  });

  it('turns links, user, channel and user-group mentions into nodes', () => {
    expect(
      parseMrkdwn(
        '<https://console.aws.amazon.com/guardduty|Open in GuardDuty> <@U0DEMORESP> <#C0DEMOSEC1|security-incidents> <!subteam^S0SEC|@secops> <!here>',
      ),
    ).toEqual([
      { t: 'link', href: 'https://console.aws.amazon.com/guardduty', label: 'Open in GuardDuty' },
      { t: 'text', v: ' ' },
      { t: 'user', id: 'U0DEMORESP', label: undefined },
      { t: 'text', v: ' ' },
      { t: 'channel', id: 'C0DEMOSEC1', label: 'security-incidents' },
      { t: 'text', v: ' ' },
      { t: 'group', id: 'S0SEC', label: '@secops' },
      { t: 'text', v: ' ' },
      { t: 'special', name: 'here', label: undefined },
    ]);
  });

  it('never makes a link of a javascript: or data: URL', () => {
    expect(parseMrkdwn('<javascript:alert(1)|click me>')).toEqual([{ t: 'text', v: 'click me' }]);
    expect(safeHref('data:text/html,<script>')).toBeUndefined();
    expect(safeHref('https://example.com')).toBe('https://example.com');
  });

  it('keeps markup-looking text as text (the page only ever sets textContent)', () => {
    const nodes = parseMrkdwn('&lt;img src=x onerror=alert(1)&gt;');
    expect(nodes).toEqual([{ t: 'text', v: '<img src=x onerror=alert(1)>' }]);
  });

  it('reads > lines as a quote', () => {
    expect(parseMrkdwn('&gt; quoted\nplain')).toEqual([
      { t: 'quote', c: [{ t: 'text', v: 'quoted' }] },
      { t: 'text', v: 'plain' },
    ]);
  });

  it('shows known emoji shortcodes and leaves ARN-like text untouched', () => {
    expect(emojify(':red_circle: High')).toBe('🔴 High');
    expect(emojify('arn:aws:iam::123456789012:role/x')).toBe('arn:aws:iam::123456789012:role/x');
  });

  it('shows a mark with a zero-width space beside it as typed, as Slack does (it has no backslash escape)', () => {
    expect(parseMrkdwn(`"${Z}*${Z}" on "${Z}*${Z}"`)).toEqual([
      { t: 'text', v: `"${Z}*${Z}" on "${Z}*${Z}"` },
    ]);
    expect(parseMrkdwn(`${Z}_${Z}a${Z}_${Z} ${Z}~${Z}b${Z}~${Z}`)).toEqual([
      { t: 'text', v: `${Z}_${Z}a${Z}_${Z} ${Z}~${Z}b${Z}~${Z}` },
    ]);
  });

  it('does not let a guarded mark close an emphasis opened by real markup', () => {
    expect(parseMrkdwn(`*Actions:* iam:${Z}*${Z}, s3:${Z}*${Z}`)).toEqual([
      { t: 'bold', c: [{ t: 'text', v: 'Actions:' }] },
      { t: 'text', v: ` iam:${Z}*${Z}, s3:${Z}*${Z}` },
    ]);
  });

  it('never opens or closes a code span with a guarded backtick', () => {
    expect(parseMrkdwn(`${Z}\`${Z}id${Z}\`${Z}`)).toEqual([{ t: 'text', v: `${Z}\`${Z}id${Z}\`${Z}` }]);
    expect(parseMrkdwn(`\`a${Z}\`${Z}b\``)).toEqual([{ t: 'code', v: `a${Z}\`${Z}b` }]);
  });

  it('reads a guarded > at the start of a line as text, not a quote', () => {
    expect(parseMrkdwn(`${Z}&gt; 5`)).toEqual([{ t: 'text', v: `${Z}> 5` }]);
  });

  it('gives the visible text of a message without its markup or guards', () => {
    const nodes = parseMrkdwn(
      `*Policy* \`s3:*\` on "${Z}*${Z}"\n<https://example.com|open> <@U1> <#C1|sec>\n\`\`\`aws x\`\`\``,
    );
    expect(visibleText(nodes)).toBe('Policy s3:* on "*"\nopen @U1 #sec\naws x');
  });
});
