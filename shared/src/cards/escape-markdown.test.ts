import fc from 'fast-check';
import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from './card-parts';

/** CommonMark with GFM tables and strikethrough, and autolinking of bare URLs, `www.` and domains (linkify). */
const markdown = new MarkdownIt('default', { linkify: true, html: true });

/** C0 and C1 controls (CR, LF, VT, FF, NEL among them) and the Unicode line and paragraph separators. */
function isBreakingOrControl(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/** What the reader must see: the text with its line breaks and controls as single spaces, trimmed. */
function expectedText(text: string): string {
  return Array.from(text, (character) => (isBreakingOrControl(character) ? ' ' : character))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function inlineChildren(tokens: readonly Token[]): Token[][] {
  return tokens.filter((token) => token.type === 'inline').map((token) => token.children ?? []);
}

/** The cell's content must be one plain text node with exactly the expected characters (or nothing). */
function expectOneTextNode(children: readonly Token[], expected: string): void {
  if (expected === '') {
    expect(children.filter((child) => child.type !== 'text' || child.content !== '')).toEqual([]);
    return;
  }
  expect(children.map((child) => child.type)).toEqual(['text']);
  expect(children[0]?.content).toBe(expected);
}

function renderInTable(text: string): Token[] {
  return markdown.parse(`| Finding | Value |\n| --- | --- |\n| Condition | ${escapeMarkdown(text)} |\n`, {});
}

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '\r',
        '\n',
        '\r\n',
        '\u2028',
        '\u2029',
        '\u0085',
        '\u000b',
        '\u000c',
        '\t',
        '    ',
        '#',
        '# ',
        '-',
        '- ',
        '+ ',
        '1. ',
        '2) ',
        '=',
        '---',
        '***',
        '___',
        '>',
        '|',
        '\\',
        '`',
        '```',
        '~~',
        '~~~',
        '*',
        '_',
        '[',
        ']',
        '(',
        ')',
        '![',
        '<',
        '>',
        '<b>',
        '<script>',
        '&amp;',
        '&#10;',
        '&lt;',
        'https://evil.example/x',
        'http://x.y',
        'www.evil.example',
        'evil.com',
        'mail@evil.com',
        'example\u3002com',
        ':',
        '.',
        'STOP SERTRALINE NOW',
        'Hypothyroidism',
        ' ',
        'a',
        '9',
        '\u00a0',
        '\u0000'
      ),
      { maxLength: 14 }
    )
    .map((parts) => parts.join(''))
);

describe('escapeMarkdown', () => {
  it('a lone \\r cannot start a heading or break the table (the reported injection)', () => {
    const tokens = renderInTable('Hypothyroidism\r\r# STOP SERTRALINE NOW');
    expect(tokens.some((token) => token.type === 'heading_open')).toBe(false);
    expect(tokens.filter((token) => token.type === 'tr_open')).toHaveLength(2);
    expectOneTextNode(inlineChildren(tokens)[3] ?? [], 'Hypothyroidism # STOP SERTRALINE NOW');
  });

  it.each([['\u2028'], ['\u2029'], ['\u0085'], ['\n'], ['\r\n']])('treats %j as white space', (terminator) => {
    expect(escapeMarkdown(`a${terminator}# b`)).toBe('a \\# b');
  });

  it.each([['https://evil.example/x'], ['www.evil.example'], ['see evil.com now']])(
    'neutralises the autolink in %s',
    (text) => {
      const children = inlineChildren(renderInTable(text))[3] ?? [];
      expect(children.some((child) => child.type === 'link_open')).toBe(false);
      expectOneTextNode(children, text);
    }
  );

  it('keeps ordinary clinical text readable (no escapes where none are needed)', () => {
    expect(escapeMarkdown('sertraline 2.5 mg, PHQ-9 14 (2025-03-04); version 2026.1.0')).toBe(
      'sertraline 2.5 mg, PHQ-9 14 (2025-03-04); version 2026.1.0'
    );
  });

  it('property: any text stays one text node, with the same characters, in its table cell', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const tokens = renderInTable(text);
        expect(tokens.filter((token) => token.type === 'tr_open')).toHaveLength(2);
        expect(tokens.filter((token) => token.type === 'td_open')).toHaveLength(2);
        const cells = inlineChildren(tokens);
        expect(cells).toHaveLength(4);
        expectOneTextNode(cells[3] ?? [], expectedText(text));
      }),
      { numRuns: 3000 }
    );
  });

  it('property: any text stays one paragraph of one text node when it starts a line', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const expected = expectedText(text);
        const tokens = markdown.parse(`${escapeMarkdown(text)}\n`, {});
        if (expected === '') {
          expect(tokens).toEqual([]);
          return;
        }
        expect(tokens.map((token) => token.type)).toEqual(['paragraph_open', 'inline', 'paragraph_close']);
        expectOneTextNode(inlineChildren(tokens)[0] ?? [], expected);
      }),
      { numRuns: 3000 }
    );
  });
});
