import { describe, expect, it } from 'vitest';
import { toSafeHtml } from './markdown';

describe('toSafeHtml', () => {
  it('escapes raw HTML so a card cannot inject markup', () => {
    const html = toSafeHtml('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('renders headings, emphasis, lists, code and tables', () => {
    const html = toSafeHtml(
      '### PHQ-9\n**19 → 4** then *12*\n\n- one\n- `two`\n\n| Date | Score |\n|---|---|\n| 2025-01-01 | 12 |'
    );
    expect(html).toContain('<h5>PHQ-9</h5>');
    expect(html).toContain('<strong>19 → 4</strong>');
    expect(html).toContain('<em>12</em>');
    expect(html).toContain('<ul><li>one</li><li><code>two</code></li></ul>');
    expect(html).toContain('<th>Date</th>');
    expect(html).toContain('<td>12</td>');
  });

  it('keeps http(s) links only', () => {
    expect(toSafeHtml('[source](https://example.org/a?b=1&c=2)')).toContain(
      '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">source</a>'
    );
    const unsafe = toSafeHtml('[click](javascript:alert(1))');
    expect(unsafe).not.toContain('href');
  });

  it('does not let a link URL break out of its attribute', () => {
    const html = toSafeHtml('[x](https://e.org/"onmouseover="alert(1))');
    expect(html).not.toContain('"onmouseover');
  });

  it('shows backslash-escaped punctuation as itself, and an escaped | stays inside its table cell', () => {
    const html = toSafeHtml('| Condition | Status |\n|---|---|\n| Hypo \\# STOP \\*now\\* \\| x | Present |');
    expect(html).toContain('<td>Hypo # STOP *now* | x</td><td>Present</td>');
    expect(toSafeHtml('\\# not a heading')).toBe('<p># not a heading</p>');
  });
});
