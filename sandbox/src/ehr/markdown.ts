import { escapeHtml } from '../support/html';

/**
 * Renders the Markdown subset CDS cards use (headings, paragraphs, lists, GFM tables, bold, italics, code, links) to
 * HTML. Every character of the source is escaped first, so raw HTML in a card shows as text; links keep only
 * http(s) URLs.
 */
export function toSafeHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const html: string[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  let table: string[][] | undefined;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) html.push(`<p>${paragraph.map(renderInline).join('<br>')}</p>`);
    paragraph = [];
  };
  const flushList = (): void => {
    if (list) {
      const tag = list.ordered ? 'ol' : 'ul';
      html.push(`<${tag}>${list.items.map((item) => `<li>${renderInline(item)}</li>`).join('')}</${tag}>`);
    }
    list = undefined;
  };
  const flushTable = (): void => {
    if (table && table.length > 0) {
      const [head = [], ...body] = table;
      const headHtml = head.map((cell) => `<th>${renderInline(cell)}</th>`).join('');
      const bodyHtml = body
        .map((row) => `<tr>${row.map((cell) => `<td>${renderInline(cell)}</td>`).join('')}</tr>`)
        .join('');
      html.push(`<table><thead><tr>${headHtml}</tr></thead><tbody>${bodyHtml}</tbody></table>`);
    }
    table = undefined;
  };
  const flushAll = (): void => {
    flushParagraph();
    flushList();
    flushTable();
  };

  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') {
      flushAll();
      continue;
    }
    if (trimmed.startsWith('|') && trimmed.endsWith('|')) {
      flushParagraph();
      flushList();
      const cells = trimmed
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      if (cells.every((cell) => /^:?-{2,}:?$/.test(cell))) continue;
      table = [...(table ?? []), cells];
      continue;
    }
    flushTable();
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    if (heading) {
      flushParagraph();
      flushList();
      const level = Math.min((heading[1] ?? '#').length + 2, 6);
      html.push(`<h${level}>${renderInline(heading[2] ?? '')}</h${level}>`);
      continue;
    }
    const bullet = /^[-*+]\s+(.*)$/.exec(trimmed);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(trimmed);
    const item = bullet ?? numbered;
    if (item) {
      flushParagraph();
      const ordered = numbered !== null && bullet === null;
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, items: [] };
      list.items.push(item[1] ?? '');
      continue;
    }
    flushList();
    paragraph.push(trimmed);
  }
  flushAll();
  return html.join('\n');
}

/** A CommonMark backslash escape: the punctuation character stands for itself. */
const BACKSLASH_ESCAPE = /\\([!-/:-@[-`{-~])/g;

function renderInline(text: string): string {
  const escapes: string[] = [];
  const unescaped = text.replace(BACKSLASH_ESCAPE, (_match, character: string) => {
    escapes.push(escapeHtml(character));
    return `\uE001${escapes.length - 1}\uE001`;
  });
  const codeSpans: string[] = [];
  let html = escapeHtml(unescaped).replace(/`([^`]+)`/g, (_match, code: string) => {
    codeSpans.push(`<code>${code}</code>`);
    return `\uE000${codeSpans.length - 1}\uE000`;
  });
  html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (match, label: string, url: string) =>
    /^https?:\/\//i.test(url) ? `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>` : label
  );
  html = html
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/__([^_]+)__/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_([^_\s][^_]*)_(?!\w)/g, '$1<em>$2</em>');
  return html
    .replace(/\uE000(\d+)\uE000/g, (_match, index: string) => codeSpans[Number(index)] ?? '')
    .replace(/\uE001(\d+)\uE001/g, (_match, index: string) => escapes[Number(index)] ?? '');
}
