import type { Card, PatientRecord } from '@tachywatch/shared';
import { buildPage, escapeHtml } from '../support/html';
import type { OrderableDrug } from './draft-order';
import { toSafeHtml } from './markdown';

export type CdsMode = 'prefetch' | 'fhir-authorization';

export interface ShownCard {
  readonly serviceId: string;
  readonly card: Card;
}

const STYLES = `
.banner { display: flex; gap: 2rem; align-items: baseline; }
.banner h1 { margin: 0; font-size: 1.4rem; }
.card { border-left: 6px solid #6b7280; padding: 0.5rem 0.75rem; margin: 0.75rem 0; background: #fafbfc; }
.card.warning { border-color: #d97706; } .card.critical { border-color: #b91c1c; } .card.info { border-color: #2563eb; }
.card h3 { margin: 0.2rem 0; font-size: 1.05rem; }
.indicator { text-transform: uppercase; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.05em; }
.card form { display: inline-block; margin: 0.25rem 0.5rem 0.25rem 0; }
.notice { background: #ecfdf5; border: 1px solid #10b981; padding: 0.5rem 0.75rem; border-radius: 4px; }
.error { background: #fef2f2; border: 1px solid #ef4444; padding: 0.5rem 0.75rem; border-radius: 4px; }
iframe.app { width: 100%; height: 80vh; border: 1px solid #d7dbe0; background: #fff; }
nav.mode a[aria-current="true"] { font-weight: 700; }
`;

export function renderShell(title: string, content: string): string {
  return buildPage(
    title,
    `<header class="bar"><strong>Tachywatch mini EHR</strong><span class="muted" style="color:#cbd5e1">development sandbox — synthetic patients only</span><a href="/">Patients</a><a href="/panel">Panel</a></header>
<main>${content}</main>`,
    { styles: STYLES }
  );
}

export function renderPatientList(patients: readonly { id: string; name: string }[]): string {
  const rows = patients
    .map(
      (patient) =>
        `<li><a href="/patients/${encodeURIComponent(patient.id)}">${escapeHtml(patient.name)}</a> <span class="muted">${escapeHtml(patient.id)}</span></li>`
    )
    .join('\n');
  return renderShell(
    'Patients',
    `<section aria-labelledby="patients-title"><h1 id="patients-title">Patients</h1>
${patients.length === 0 ? '<p>No patients are loaded.</p>' : `<ul class="patients">${rows}</ul>`}</section>`
  );
}

function renderBanner(patientId: string, record: PatientRecord): string {
  const patient = record.patient;
  return `<section class="banner" aria-label="Patient banner"><h1>${escapeHtml(patient?.name ?? patientId)}</h1>
<span>${escapeHtml(patient?.gender ?? 'unknown')}</span><span>Born ${escapeHtml(patient?.birthDate ?? 'unknown')}</span>
<span class="muted">id ${escapeHtml(patientId)}</span></section>`;
}

function renderCard(patientId: string, shown: ShownCard): string {
  const { card } = shown;
  const uuid = card.uuid;
  const base = `/patients/${encodeURIComponent(patientId)}/cards/${encodeURIComponent(uuid ?? '')}`;
  const source = card.source.url
    ? `<a href="${escapeHtml(card.source.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(card.source.label)}</a>`
    : escapeHtml(card.source.label);
  const suggestions = (card.suggestions ?? [])
    .map((suggestion) =>
      uuid && suggestion.uuid
        ? `<form method="post" action="${base}/feedback"><input type="hidden" name="outcome" value="accepted"><input type="hidden" name="suggestion" value="${escapeHtml(suggestion.uuid)}"><button type="submit">${escapeHtml(suggestion.label)}</button></form>`
        : `<span>${escapeHtml(suggestion.label)}</span>`
    )
    .join('');
  const links = (card.links ?? [])
    .map((link, index) =>
      link.type === 'smart'
        ? `<form method="post" action="${base}/launch"><input type="hidden" name="link" value="${index}"><button type="submit">${escapeHtml(link.label)}</button></form>`
        : `<a href="${escapeHtml(link.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(link.label)}</a>`
    )
    .join(' ');
  const reasons = (card.overrideReasons ?? [])
    .map((reason, index) => `<option value="${index}">${escapeHtml(reason.display)}</option>`)
    .join('');
  const override = uuid
    ? `<form method="post" action="${base}/feedback" aria-label="Override">
<input type="hidden" name="outcome" value="overridden">
<label>Override reason <select name="reason"><option value="">(none)</option>${reasons}</select></label>
<label>Comment <input name="comment" maxlength="500"></label>
<button type="submit">Override</button></form>`
    : '';
  return `<article class="card ${escapeHtml(card.indicator)}" aria-label="CDS card" data-indicator="${escapeHtml(card.indicator)}">
<span class="indicator">${escapeHtml(card.indicator)}</span>
<h3>${escapeHtml(card.summary)}</h3>
${card.detail ? `<div class="detail">${toSafeHtml(card.detail)}</div>` : ''}
<p class="muted">Source: ${source}</p>
${suggestions ? `<div class="suggestions">${suggestions}</div>` : ''}
${links ? `<div class="links">${links}</div>` : ''}
${override}
</article>`;
}

export interface ChartView {
  readonly patientId: string;
  readonly record: PatientRecord;
  readonly mode: CdsMode;
  readonly cards: readonly ShownCard[];
  readonly cdsError?: string;
  readonly notice?: string;
  readonly orderCards?: readonly ShownCard[];
  readonly orderable: readonly OrderableDrug[];
}

export function renderChart(view: ChartView): string {
  const { patientId, record } = view;
  const path = `/patients/${encodeURIComponent(patientId)}`;
  const medications = record.medications
    .map(
      (event) =>
        `<tr><td>${escapeHtml(event.text)}</td><td>${escapeHtml(event.source)}</td><td>${escapeHtml(event.status)}</td><td>${escapeHtml(event.start ?? '')}</td><td>${escapeHtml(event.end ?? '')}</td></tr>`
    )
    .join('');
  const scores = [...record.phq9]
    .sort((a, b) => (a.date < b.date ? 1 : -1))
    .map(
      (score) =>
        `<tr><td>${escapeHtml(score.date)}</td><td>${escapeHtml(score.total)}</td><td>${escapeHtml(score.item9 ?? '')}</td><td>${escapeHtml(score.instrument)}</td></tr>`
    )
    .join('');
  const modeLink = (mode: CdsMode, label: string): string =>
    `<a href="${path}?mode=${mode}" aria-current="${view.mode === mode}">${label}</a>`;
  const cards = view.cards.map((shown) => renderCard(patientId, shown)).join('\n');
  const orderCards = (view.orderCards ?? []).map((shown) => renderCard(patientId, shown)).join('\n');
  const options = view.orderable
    .map((drug) => `<option value="${escapeHtml(drug.rxcui)}">${escapeHtml(drug.display)}</option>`)
    .join('');
  return renderShell(
    `Chart — ${record.patient?.name ?? patientId}`,
    `${renderBanner(patientId, record)}
${view.notice ? `<p class="notice" role="status">${escapeHtml(view.notice)}</p>` : ''}
<section aria-labelledby="cds-title"><h2 id="cds-title">Decision support</h2>
<nav class="mode">CDS data: ${modeLink('prefetch', 'Prefetch')} · ${modeLink('fhir-authorization', 'No prefetch, fhirAuthorization token')}</nav>
${view.cdsError ? `<p class="error" role="alert">${escapeHtml(view.cdsError)}</p>` : ''}
<div class="cards" aria-label="CDS cards">${cards || '<p class="muted">No cards.</p>'}</div></section>
<section aria-labelledby="meds-title"><h2 id="meds-title">Medications</h2>
<table><thead><tr><th>Medication</th><th>Record</th><th>Status</th><th>Start</th><th>End</th></tr></thead><tbody>${medications || '<tr><td colspan="5">None recorded</td></tr>'}</tbody></table></section>
<section aria-labelledby="phq9-title"><h2 id="phq9-title">PHQ-9 scores</h2>
<table><thead><tr><th>Date</th><th>Total</th><th>Item 9</th><th>Instrument</th></tr></thead><tbody>${scores || '<tr><td colspan="4">None recorded</td></tr>'}</tbody></table></section>
<section aria-labelledby="order-title"><h2 id="order-title">Order an antidepressant</h2>
<form method="post" action="${path}/order"><label>Medication <select name="rxcui">${options}</select></label>
<input type="hidden" name="mode" value="${view.mode}"><button type="submit">Select and sign order</button></form>
<p class="muted">Fires order-select, then order-sign, with a draft MedicationRequest. Nothing is saved.</p>
${view.orderCards ? `<div class="cards" aria-label="Order cards">${orderCards || '<p class="muted">No order cards.</p>'}</div>` : ''}
</section>`
  );
}

export function renderAppFrame(patientId: string, record: PatientRecord, appUrl: string): string {
  return renderShell(
    `App — ${record.patient?.name ?? patientId}`,
    `${renderBanner(patientId, record)}
<p><a href="/patients/${encodeURIComponent(patientId)}">Back to the chart</a></p>
<iframe class="app" name="smart-app" title="Tachywatch app" sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads" src="${escapeHtml(appUrl)}"></iframe>`
  );
}

export function renderError(message: string): string {
  return renderShell('Error', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
