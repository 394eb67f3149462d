import MarkdownIt, { type RendererRule } from 'markdown-it';

/** Link targets a card may use: the web only (no `javascript:`, `data:`, `file:` or relative URLs into the EHR). */
const SAFE_LINK = /^https?:\/\//i;
/** A card's headings sit under the card's own title: `#` becomes h3, and so on down to h6. */
const HEADING_OFFSET = 2;

/**
 * CommonMark with GFM tables and strikethrough, as CDS Hooks card details are written. Raw HTML is shown as text,
 * bare URLs stay text, and single line breaks are kept as the card's author wrote them.
 */
const markdown = new MarkdownIt('default', { html: false, linkify: false, breaks: true });

markdown.validateLink = (url) => SAFE_LINK.test(url.trim());

// markdown-it keeps a link whose target failed validateLink, or was empty (`[text]()`), with `href=""`: keep its text only.
markdown.core.ruler.push('drop_unsafe_links', (state) => {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const dropped: boolean[] = [];
    block.children = block.children.filter((token) => {
      if (token.type === 'link_open') {
        const drop = !SAFE_LINK.test(String(token.attrGet('href') ?? ''));
        dropped.push(drop);
        return !drop;
      }
      if (token.type === 'link_close') return !dropped.pop();
      return true;
    });
  }
});

markdown.core.ruler.push('demote_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'heading_open' && token.type !== 'heading_close') continue;
    const level = Number(token.tag.slice(1));
    token.tag = `h${Math.min(level + HEADING_OFFSET, 6)}`;
  }
});

const renderLinkOpen: RendererRule = (tokens, index, options, _env, self) => {
  const token = tokens[index];
  token?.attrSet('target', '_blank');
  token?.attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, index, options);
};
markdown.renderer.rules.link_open = renderLinkOpen;

// An image would load a URL chosen by the card's author as soon as the chart opens: show its alt text instead.
markdown.renderer.rules.image = (tokens, index, options, env, self) =>
  markdown.utils.escapeHtml(self.renderInlineAsText(tokens[index]?.children ?? [], options, env));

/** Renders a card's Markdown detail to HTML that can carry no markup, script or remote content of its own. */
export function toSafeHtml(source: string): string {
  return markdown.render(source).trimEnd();
}
