const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string | number | undefined | null): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** A minimal HTML document shell; `body` must already be escaped. */
export function buildPage(title: string, body: string, options: { styles?: string } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f5f6f8; }
header.bar { background: #1f3a5f; color: #fff; padding: 0.6rem 1rem; display: flex; gap: 1rem; align-items: baseline; }
header.bar a { color: #fff; }
main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
section { background: #fff; border: 1px solid #d7dbe0; border-radius: 6px; padding: 0.75rem 1rem; margin-bottom: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e5e7eb; }
button { cursor: pointer; }
.muted { color: #5b6570; }
${options.styles ?? ''}
</style>
</head>
<body>
${body}
</body>
</html>`;
}
