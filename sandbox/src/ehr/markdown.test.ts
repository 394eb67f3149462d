import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSafeHtml } from './markdown';

/** The elements a card's detail may produce: Markdown's own, nothing a card could smuggle in. */
const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'em',
  's',
  'code',
  'pre',
  'blockquote',
  'hr',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
]);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'target', 'rel', 'start', 'style']);

/** Every start tag with its attributes, read from the HTML (markdown-it quotes every attribute value with `"`). */
function readTags(html: string): { name: string; attributes: Map<string, string> }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>]+="[^"]*")*)\s*\/?>/g)].map((match) => ({
    name: (match[1] ?? '').toLowerCase(),
    attributes: new Map(
      [...(match[2] ?? '').matchAll(/([^\s=]+)="([^"]*)"/g)].map((attribute) => [
        (attribute[1] ?? '').toLowerCase(),
        attribute[2] ?? '',
      ])
    ),
  }));
}

/** The rendered detail is inert: only Markdown's elements, only safe attributes, links only to the web in a new tab. */
function expectInert(html: string): void {
  // Any `<` that does not open one of the tags read above would be markup the reader cannot account for.
  expect(html.replace(/<\/?[a-zA-Z][\w-]*(?:\s+[^\s=>]+="[^"]*")*\s*\/?>/g, '')).not.toContain('<');
  for (const tag of readTags(html)) {
    expect(ALLOWED_TAGS).toContain(tag.name);
    for (const [name, value] of tag.attributes) {
      expect(ALLOWED_ATTRIBUTES).toContain(name);
      if (name === 'style') expect(value).toMatch(/^text-align:(left|center|right)$/);
    }
    if (tag.name === 'a') {
      expect(tag.attributes.get('href')).toMatch(/^https?:\/\//i);
      expect(tag.attributes.get('target')).toBe('_blank');
      expect(tag.attributes.get('rel')).toBe('noopener noreferrer');
    }
  }
}

const compact = (html: string): string => html.replace(/>\n</g, '><');

describe('toSafeHtml', () => {
  it('renders headings (under the card title), emphasis, lists, code and tables', () => {
    const html = compact(
      toSafeHtml(
        '### PHQ-9\n**19 → 4** then *12*\n\n- one\n- `two`\n\n| Date | Score |\n|---|---|\n| 2025-01-01 | 12 |\n\n###### deep'
      )
    );
    expect(html).toContain('<h5>PHQ-9</h5>');
    expect(html).toContain('<strong>19 → 4</strong>');
    expect(html).toContain('<em>12</em>');
    expect(html).toContain('<ul><li>one</li><li><code>two</code></li></ul>');
    expect(html).toContain('<th>Date</th>');
    expect(html).toContain('<td>12</td>');
    expect(html).toContain('<h6>deep</h6>');
    expectInert(html);
  });

  it('keeps a single line break the author wrote', () => {
    expect(toSafeHtml('first line\nsecond line')).toBe('<p>first line<br>\nsecond line</p>');
  });

  it('shows backslash-escaped punctuation as itself, and an escaped | stays inside its table cell', () => {
    const html = compact(toSafeHtml('| Condition | Status |\n|---|---|\n| Hypo \\# STOP \\*now\\* \\| x | Present |'));
    expect(html).toContain('<td>Hypo # STOP *now* | x</td><td>Present</td>');
    expect(toSafeHtml('\\# not a heading')).toBe('<p># not a heading</p>');
  });

  it('opens http(s) links in a new tab without giving the page a handle on the EHR', () => {
    expect(toSafeHtml('[source](https://example.org/a?b=1&c=2)')).toBe(
      '<p><a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">source</a></p>'
    );
    expect(toSafeHtml('<http://example.org/x>')).toContain('href="http://example.org/x"');
  });

  it('leaves bare URLs as text', () => {
    expect(toSafeHtml('see https://example.org and www.example.org')).toBe(
      '<p>see https://example.org and www.example.org</p>'
    );
  });

  describe('hostile card text', () => {
    it.each([
      ['a script element', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
      ['a script block', '<script>\nalert(1)\n</script>', '&lt;script&gt;'],
      ['an image with an error handler', 'x <img src=x onerror=alert(1)> y', '&lt;img src=x onerror=alert(1)&gt;'],
      ['an iframe', '<iframe src="https://evil.example"></iframe>', '&lt;iframe'],
      ['a raw anchor', '<a href="javascript:alert(1)">click</a>', '&lt;a href=&quot;javascript:alert(1)&quot;&gt;'],
      ['a styled div', '<div style="position:fixed" onclick="alert(1)">x</div>', '&lt;div'],
      ['an HTML comment', '<!-- hidden -->', '&lt;!-- hidden --&gt;'],
    ])('shows %s as text', (_name, source, shown) => {
      const html = toSafeHtml(source);
      expect(html).toContain(shown);
      expectInert(html);
    });

    it.each([
      ['javascript:', '[click](javascript:alert(1))', 'click'],
      ['mixed-case javascript:', '[click](JaVaScRiPt:alert(1))', 'click'],
      ['entity-encoded javascript:', '[click](&#106;avascript:alert(1))', 'click'],
      ['percent-encoded javascript:', '[click](%6Aavascript:alert(1))', 'click'],
      ['javascript: in an autolink', '<javascript:alert(1)>', '&lt;javascript:alert(1)&gt;'],
      ['javascript: in a reference definition', '[click][x]\n\n[x]: javascript:alert(1)', 'click'],
      ['vbscript:', '[click](vbscript:msgbox(1))', 'click'],
      ['data:', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'click'],
      ['file:', '[click](file:///etc/passwd)', 'click'],
      ['relative', '[sign the order](/patients/p1/order/sign)', 'sign the order'],
      ['protocol-relative', '[click](//evil.example/x)', 'click'],
      ['empty', '[click]()', 'click'],
      ['empty, with no text', 'see [](): here', 'see : here'],
    ])('drops the link of a %s URL, keeping its text', (_name, source, shown) => {
      const html = toSafeHtml(source);
      expect(html).not.toContain('<a');
      expect(html).not.toContain('href');
      expect(html).toContain(shown);
      expectInert(html);
    });

    it('does not let a link title or URL break out of its attribute', () => {
      for (const source of [
        '[x](https://e.org/"onmouseover="alert(1))',
        '[x](https://e.org "a" onmouseover="alert(1)")',
        '[x](<https://e.org/" onmouseover="alert(1)>)',
      ]) {
        const html = toSafeHtml(source);
        const attributes = readTags(html).flatMap((tag) => [...tag.attributes.keys()]);
        expect(attributes.filter((name) => name.startsWith('on'))).toEqual([]);
        expectInert(html);
      }
    });

    it('shows an image as its alt text and never loads it', () => {
      for (const source of [
        '![PHQ-9 chart](https://tracker.example/pixel.png)',
        '[![PHQ-9 chart](https://tracker.example/pixel.png)](https://example.org)',
        '![PHQ-9 chart](javascript:alert(1))',
        '![PHQ-9 chart][img]\n\n[img]: https://tracker.example/pixel.png',
      ]) {
        const html = toSafeHtml(source);
        expect(html).not.toContain('<img');
        expect(html).not.toContain('tracker.example');
        expect(html).toContain('PHQ-9 chart');
        expectInert(html);
      }
    });

    it('escapes the alt text of an image', () => {
      const html = toSafeHtml('![<script>alert(1)</script>](https://e.org/x.png)');
      expect(html).toContain('&lt;script&gt;');
      expectInert(html);
    });

    it('renders any mixture of Markdown and hostile fragments inert', () => {
      const fragment = fc.constantFrom(
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '[a](javascript:alert(1))',
        '[b](https://example.org/x)',
        '![c](https://tracker.example/p.png)',
        '<https://example.org>',
        '<javascript:alert(1)>',
        '**bold**',
        '`code`',
        '\n\n',
        '\n',
        '| a | b |\n|---|---|\n| 1 | 2 |\n',
        '# h\n',
        '- item\n',
        '"',
        "'",
        '<',
        '>',
        '&',
        '\\',
        '](',
        ')'
      );
      fc.assert(
        fc.property(fc.array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 12 }), (parts) => {
          expectInert(toSafeHtml(parts.join('')));
        }),
        { numRuns: 300 }
      );
    });
  });
});
