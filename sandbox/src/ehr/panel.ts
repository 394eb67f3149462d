import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AuthServer } from '../auth/auth-server';
import { escapeHtml } from '../support/html';
import { buildEhrLaunchUrl } from './app-launch';
import { PATIENT_ID } from './ehr-context';
import { renderShell } from './views';

/** How many registry rows the Panel page lists (the file is sorted most urgent first). */
export const PANEL_MAX_ROWS = 500;
const MAX_LINE_CHARS = 1_000_000;

/** The registry row fields the Panel shows (the rest of the row is ignored). */
const PanelRowSchema = z.object({
  patientId: z.string().regex(PATIENT_ID),
  status: z.string().max(100),
  item9: z.boolean(),
  drug: z.string().max(200).optional(),
  dailyDoseMg: z.number().optional(),
  phq9Path: z.string().max(2000),
  confoundersPresent: z.array(z.string().max(100)).max(50),
  meetsTrd: z.boolean(),
  reason: z.string().max(2000),
});
type PanelRow = z.infer<typeof PanelRowSchema>;

export interface PanelOptions {
  /** The registry NDJSON (`npm run registry -- … --out <dir>` writes `<dir>/registry.ndjson`). */
  readonly registryFile: string;
  /** The SMART app's launch URL (EHR launch: `iss` and `launch` are added). */
  readonly appLaunchUrl: string;
  readonly getFhirOrigin: () => string;
  readonly auth: AuthServer;
  readonly userId: string;
}

async function readPanelRows(file: string): Promise<{ rows: PanelRow[]; total: number; skipped: number }> {
  const rows: PanelRow[] = [];
  let total = 0;
  let skipped = 0;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    total += 1;
    if (rows.length >= PANEL_MAX_ROWS) continue;
    let parsed: ReturnType<typeof PanelRowSchema.safeParse> | undefined;
    try {
      parsed = line.length <= MAX_LINE_CHARS ? PanelRowSchema.safeParse(JSON.parse(line)) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) rows.push(parsed.data);
    else skipped += 1;
  }
  return { rows, total, skipped };
}

function renderPanel(file: string, data: { rows: PanelRow[]; total: number; skipped: number } | undefined): string {
  const intro = `<p>The population registry, most urgent first: each row is a <em>possible</em> pattern for review.</p>`;
  if (!data) {
    return `${intro}<p>No registry yet. Build one from this sandbox's Bulk Data export (see the README, "Population
registry"): <code>npm run registry -- --from http://127.0.0.1:4001/fhir --group tachywatch-panel --out .data/registry …</code></p>
<p class="muted">Looked for ${escapeHtml(file)}</p>`;
  }
  const body = data.rows
    .map((row) => {
      const drug = [row.drug, row.dailyDoseMg !== undefined ? `${row.dailyDoseMg} mg/day` : undefined]
        .filter(Boolean)
        .join(' ');
      return `<tr><td><a href="/patients/${encodeURIComponent(row.patientId)}">${escapeHtml(row.patientId)}</a></td>
<td>${row.item9 ? '<strong style="color:#a40000">item 9 positive</strong><br>' : ''}${escapeHtml(row.status)}${row.meetsTrd ? '<br>TRD' : ''}</td>
<td>${escapeHtml(drug)}</td><td>${escapeHtml(row.phq9Path)}</td><td>${escapeHtml(row.confoundersPresent.join(', '))}</td>
<td>${escapeHtml(row.reason)}</td>
<td><form method="post" action="/panel/launch" target="_blank"><input type="hidden" name="patient" value="${escapeHtml(row.patientId)}"><button type="submit">Open in Tachywatch</button></form></td></tr>`;
    })
    .join('\n');
  const notes = [
    data.total > data.rows.length + data.skipped ? `Showing the ${data.rows.length} most urgent of ${data.total}.` : '',
    data.skipped > 0 ? `${data.skipped} unreadable row(s) skipped.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `${intro}${notes ? `<p class="muted">${escapeHtml(notes)}</p>` : ''}
<table><thead><tr><th>patient</th><th>status</th><th>drug</th><th>PHQ-9</th><th>confounders</th><th>reason</th><th>app</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

/**
 * The mini EHR's Panel page: lists a registry file written by the population registry, with an EHR launch of the
 * SMART app per row (a new tab, with the patient banner since it is outside the chart).
 */
export function registerPanelRoutes(app: Express, options: PanelOptions): void {
  app.get('/panel', async (_req: Request, res: Response) => {
    const data = existsSync(options.registryFile) ? await readPanelRows(options.registryFile) : undefined;
    const content = `<section aria-labelledby="panel-title"><h1 id="panel-title">Panel</h1>${renderPanel(options.registryFile, data)}</section>`;
    res.type('html').send(renderShell('Panel', content));
  });
  app.post('/panel/launch', express.urlencoded({ extended: false, limit: '4kb' }), (req: Request, res: Response) => {
    const patient = (req.body as Record<string, unknown>).patient;
    const known = typeof patient === 'string' && PATIENT_ID.test(patient);
    if (!known) {
      res.status(400).type('text').send('Choose a patient from the panel');
      return;
    }
    const launch = options.auth.mintLaunch({ patient, user: options.userId, needPatientBanner: true });
    res.redirect(303, buildEhrLaunchUrl(options.appLaunchUrl, `${options.getFhirOrigin()}/fhir`, launch));
  });
}
