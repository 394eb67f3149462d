import { escapeHtml } from './escape-html';

const WIDTH = 320;
const HEIGHT = 90;
const PAD = 6;
const MAX_SCORE = 27;

/** A PHQ-9 trajectory as inline SVG (no scripts, no external assets): scores over time, threshold lines at 10 and 5. */
export function renderTrajectorySvg(points: readonly { readonly date: string; readonly total: number }[]): string {
  if (points.length === 0) return '<span class="muted">no PHQ-9</span>';
  const times = points.map((point) => Date.parse(point.date));
  const first = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - first);
  const x = (time: number): number => PAD + ((time - first) / span) * (WIDTH - 2 * PAD);
  const y = (score: number): number =>
    PAD + (1 - Math.min(MAX_SCORE, Math.max(0, score)) / MAX_SCORE) * (HEIGHT - 2 * PAD);
  const path = points
    .map(
      (point, index) => `${index === 0 ? 'M' : 'L'}${x(times[index] ?? first).toFixed(1)},${y(point.total).toFixed(1)}`
    )
    .join(' ');
  const dots = points
    .map(
      (point, index) =>
        `<circle cx="${x(times[index] ?? first).toFixed(1)}" cy="${y(point.total).toFixed(1)}" r="2.5"><title>${escapeHtml(
          `${point.date}: ${point.total}`
        )}</title></circle>`
    )
    .join('');
  const line = (score: number, label: string): string =>
    `<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${y(score)}" y2="${y(score)}" class="ref"><title>${label}</title></line>`;
  return (
    `<svg role="img" aria-label="PHQ-9 trajectory" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `${line(10, 'PHQ-9 10 (moderate)')}${line(5, 'PHQ-9 5 (mild)')}<path d="${path}" class="series"/>${dots}</svg>`
  );
}
