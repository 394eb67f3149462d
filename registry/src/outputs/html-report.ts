import type { RegistryRow } from '../registry-row';
import { escapeHtml } from './escape-html';
import { renderTrajectorySvg } from './trajectory-svg';

export interface ReportSummary {
  readonly generatedAt: string;
  readonly asOf: string;
  readonly patients: number;
  readonly flagged: number;
  readonly byStatus: readonly { readonly key: string; readonly count: number }[];
  readonly byDrugClass: readonly { readonly key: string; readonly count: number }[];
  /** Data-quality counts (skipped lines by reason), no identifiers. */
  readonly skipped: readonly { readonly reason: string; readonly count: number }[];
  readonly shard?: string;
}

/** At most this many flagged patients get a trajectory chart; the rest are in the CSV/NDJSON. */
export const MAX_CHARTED_PATIENTS = 1000;

const STYLES = `
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
td.num { text-align: right; }
.item9 { color: #a40000; font-weight: 600; }
.muted { color: #5b6570; }
svg .series { fill: none; stroke: #1f3a5f; stroke-width: 1.5; }
svg circle { fill: #1f3a5f; }
svg .ref { stroke: #c9ced6; stroke-dasharray: 3 3; }
`;

function countTable(title: string, rows: readonly { readonly key: string; readonly count: number }[]): string {
  const body = rows.map((row) => `<tr><td>${escapeHtml(row.key)}</td><td class="num">${row.count}</td></tr>`).join('');
  return `<h2>${escapeHtml(title)}</h2><table><thead><tr><th>${escapeHtml(title.split(' by ')[1] ?? '')}</th><th>patients</th></tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReportHead(summary: ReportSummary): string {
  const skipped = summary.skipped.filter((item) => item.count > 0);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Tachywatch registry</title><style>${STYLES}</style></head><body>
<h1>Tachywatch registry</h1>
<p>Contains patient data: keep it where patient records may be kept. Each row is a <em>possible</em> pattern for a
clinician to review, never a diagnosis.</p>
<p class="muted">Assessed as of ${escapeHtml(summary.asOf)}; generated ${escapeHtml(summary.generatedAt)}${
    summary.shard ? `; shard ${escapeHtml(summary.shard)}` : ''
  }. ${summary.patients} patients, ${summary.flagged} flagged for review.</p>
${countTable('Patients by status', summary.byStatus)}
${countTable('Patients by drug class', summary.byDrugClass)}
${
  skipped.length > 0
    ? `<h2>Input skipped</h2><table><tbody>${skipped
        .map((item) => `<tr><td>${escapeHtml(item.reason)}</td><td class="num">${item.count}</td></tr>`)
        .join('')}</tbody></table>`
    : ''
}
<h2>Flagged patients, most urgent first</h2>
<table><thead><tr><th>patient</th><th>status</th><th>drug</th><th>PHQ-9</th><th>confounders</th><th>reason</th></tr></thead><tbody>
`;
}

export function renderReportRow(row: RegistryRow): string {
  const drug = [row.drug, row.dailyDoseMg !== undefined ? `${row.dailyDoseMg} mg/day` : undefined]
    .filter((part) => part !== undefined)
    .join(' ');
  return `<tr><td>${escapeHtml(row.patientId)}</td><td>${row.item9 ? '<span class="item9">item 9 positive</span><br>' : ''}${escapeHtml(
    row.status
  )}${row.meetsTrd ? '<br>TRD' : ''}</td><td>${escapeHtml(drug)}</td><td>${renderTrajectorySvg(row.phq9)}<br><span class="muted">${escapeHtml(
    row.phq9Path
  )}</span></td><td>${escapeHtml(row.confoundersPresent.join(', '))}</td><td>${escapeHtml(row.reason)}</td></tr>
`;
}

export function renderReportTail(charted: number, flagged: number): string {
  const note =
    flagged > charted
      ? `<p class="muted">The ${charted} most urgent of ${flagged} flagged patients are charted; all are in registry.csv.</p>`
      : '';
  return `</tbody></table>${note}</body></html>\n`;
}
