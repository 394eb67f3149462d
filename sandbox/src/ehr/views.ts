import { formatDisplayDate, type Card, type PatientRecord } from '@tachywatch/shared';
import { buildPage, escapeHtml } from '../support/html';
import type { OrderableDrug } from './draft-order';
import { toSafeHtml } from './markdown';

export type CdsMode = 'prefetch' | 'fhir-authorization';

export interface ShownCard {
  readonly serviceId: string;
  readonly card: Card;
}

/** A card the clinician overrode: hidden from the chart, one click away. */
export interface SilencedCard extends ShownCard {
  readonly reason?: string;
  /** ISO date-time of the override. */
  readonly at: string;
}

const STYLES = `
.banner { display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; align-items: baseline; }
.banner h1 { margin: 0; font-size: 1.4rem; }
.apps { margin-left: auto; display: flex; gap: 0.5rem; align-items: baseline; }
.apps form { display: inline; }
.card { border-left: 6px solid #6b7280; padding: 0.4rem 0.75rem; margin: 0.5rem 0; background: #fafbfc; }
.card.warning { border-color: #b45309; } .card.critical { border-color: #b91c1c; } .card.info { border-color: #1d4ed8; }
.card h3 { margin: 0.15rem 0; font-size: 1rem; }
.card .detail { font-size: 0.875rem; line-height: 1.35; }
.card .detail p { margin: 0.2rem 0; }
.card .detail ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.card .source { font-size: 0.75rem; margin: 0.2rem 0; }
.indicator { text-transform: uppercase; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.05em; }
.hook { font-size: 0.75rem; margin-left: 0.5rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-top: 0.3rem; }
.actions form { display: inline; margin: 0; }
details.override { display: inline-block; }
details.override form { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin-top: 0.3rem; }
.notice { background: #ecfdf5; border: 1px solid #10b981; padding: 0.5rem 0.75rem; border-radius: 4px; }
.error { background: #fef2f2; border: 1px solid #ef4444; padding: 0.5rem 0.75rem; border-radius: 4px; }
.silenced { font-size: 0.875rem; margin: 0.3rem 0; }
iframe.app { width: 100%; height: 80vh; border: 1px solid #d7dbe0; background: #fff; }
nav.mode { font-size: 0.875rem; }
nav.mode a[aria-current="true"] { font-weight: 700; }
.patients li { margin: 0.3rem 0; }
.order-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
`;

export function renderShell(title: string, content: string): string {
  return buildPage(
    title,
    `<header class="bar"><strong>Tachywatch mini EHR</strong><span style="color:#e2e8f0">development sandbox — synthetic patients only</span><a href="/">Patients</a><a href="/panel">Panel</a></header>
<main>${content}</main>`,
    { styles: STYLES }
  );
}

export interface ListedPatient {
  readonly id: string;
  readonly name: string;
  /** The scenario the synthetic patient was made for. */
  readonly label?: string;
}

export function renderPatientList(patients: readonly ListedPatient[]): string {
  const rows = patients
    .map(
      (patient) =>
        `<li><a href="/patients/${encodeURIComponent(patient.id)}">${escapeHtml(patient.name)}</a>${
          patient.label ? ` — ${escapeHtml(patient.label)}` : ''
        } <span class="muted">${escapeHtml(patient.id)}</span></li>`
    )
    .join('\n');
  return renderShell(
    'Patients',
    `<section aria-labelledby="patients-title"><h1 id="patients-title">Patients</h1>
${patients.length === 0 ? '<p>No patients are loaded.</p>' : `<ul class="patients">${rows}</ul>`}</section>`
  );
}

function renderBanner(patientId: string, record: PatientRecord, withApps: boolean): string {
  const patient = record.patient;
  const apps = withApps
    ? `<nav class="apps" aria-label="Apps"><span class="muted">Apps:</span><form method="post" action="/patients/${encodeURIComponent(patientId)}/apps/tachywatch"><button type="submit">Tachywatch</button></form></nav>`
    : '';
  return `<section class="banner" aria-label="Patient banner"><h1>${escapeHtml(patient?.name ?? patientId)}</h1>
<span>${escapeHtml(patient?.gender ?? 'unknown')}</span><span>Born ${escapeHtml(patient?.birthDate ? formatDisplayDate(patient.birthDate) : 'unknown')}</span>
<span class="muted">id ${escapeHtml(patientId)}</span>${apps}</section>`;
}

export interface CardRenderOptions {
  /** Shown next to the indicator: which hook returned the card ("at selection", "at signing"). */
  readonly hookLabel?: string;
  /** Render without buttons (a silenced card shown on request). */
  readonly readOnly?: boolean;
}

/**
 * One card: indicator and summary, the short detail, then the actions on one row (suggestions, app links and the
 * override, folded), so the actions of a short card sit inside the first screen.
 */
export function renderCard(patientId: string, shown: ShownCard, options: CardRenderOptions = {}): string {
  const { card } = shown;
  const uuid = card.uuid;
  const base = `/patients/${encodeURIComponent(patientId)}/cards/${encodeURIComponent(uuid ?? '')}`;
  const interactive = uuid !== undefined && !options.readOnly;
  const source = card.source.url
    ? `<a href="${escapeHtml(card.source.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(card.source.label)}</a>`
    : escapeHtml(card.source.label);
  const suggestions = (card.suggestions ?? []).map((suggestion) =>
    interactive && suggestion.uuid
      ? `<form method="post" action="${base}/feedback"><input type="hidden" name="outcome" value="accepted"><input type="hidden" name="suggestion" value="${escapeHtml(suggestion.uuid)}"><button type="submit">${escapeHtml(suggestion.label)}</button></form>`
      : `<span>${escapeHtml(suggestion.label)}</span>`
  );
  const links = (card.links ?? []).map((link, index) =>
    link.type === 'smart'
      ? interactive
        ? `<form method="post" action="${base}/launch"><input type="hidden" name="link" value="${index}"><button type="submit">${escapeHtml(link.label)}</button></form>`
        : ''
      : `<a href="${escapeHtml(link.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(link.label)}</a>`
  );
  const critical = card.indicator === 'critical';
  const reasons = (card.overrideReasons ?? [])
    .map((reason, index) => `<option value="${index}">${escapeHtml(reason.display)}</option>`)
    .join('');
  // A critical card can only be overridden with one of its own reasons (CDS Hooks: the card's overrideReasons).
  const override = interactive
    ? `<details class="override"><summary>Override…</summary><form method="post" action="${base}/feedback" aria-label="Override">
<input type="hidden" name="outcome" value="overridden">
<label>Reason <select name="reason"${critical ? ' required' : ''}>${critical ? '<option value="" disabled selected>Choose a reason</option>' : '<option value="">(none)</option>'}${reasons}</select></label>
<label>Comment <input name="comment" maxlength="500"></label>
<button type="submit">Override</button></form></details>`
    : '';
  const actions = [...suggestions, ...links, override].filter((html) => html !== '').join('');
  return `<article class="card ${escapeHtml(card.indicator)}" aria-label="CDS card" data-indicator="${escapeHtml(card.indicator)}">
<span class="indicator">${escapeHtml(card.indicator)}</span>${options.hookLabel ? `<span class="hook muted">${escapeHtml(options.hookLabel)}</span>` : ''}
<h3>${escapeHtml(card.summary)}</h3>
${card.detail ? `<div class="detail">${toSafeHtml(card.detail)}</div>` : ''}
<p class="muted source">Source: ${source}</p>
${actions ? `<div class="actions">${actions}</div>` : ''}
</article>`;
}

function renderSilenced(patientId: string, silenced: readonly SilencedCard[]): string {
  if (silenced.length === 0) return '';
  const items = silenced
    .map((item) => {
      const why = [item.reason ?? 'no reason given', formatDisplayDate(item.at.slice(0, 10))].join(', ');
      return `<details class="silenced"><summary>1 card silenced (${escapeHtml(why)}) — show</summary>${renderCard(
        patientId,
        item,
        { readOnly: true }
      )}</details>`;
    })
    .join('\n');
  return `<div aria-label="Silenced cards">${items}</div>`;
}

/** An order being entered: the draft, what order-select said, and (after signing) what order-sign added. */
export interface OrderInProgress {
  readonly drug: OrderableDrug;
  readonly draftId: string;
  readonly selectCards: readonly ShownCard[];
  /** Present once the order was signed. */
  readonly signCards?: readonly ShownCard[];
}

function renderOrderInProgress(patientId: string, order: OrderInProgress, mode: CdsMode): string {
  const path = `/patients/${encodeURIComponent(patientId)}`;
  const select = order.selectCards.map((shown) => renderCard(patientId, shown, { hookLabel: 'at selection' }));
  const sign = (order.signCards ?? []).map((shown) => renderCard(patientId, shown, { hookLabel: 'at signing' }));
  const signed = order.signCards
    ? `<p role="status">Order signed (sandbox: nothing is saved).${
        sign.length === 0 ? ' No new cards at signing.' : ''
      }</p>`
    : `<form method="post" action="${path}/order/sign"><input type="hidden" name="rxcui" value="${escapeHtml(order.drug.rxcui)}"><input type="hidden" name="draft" value="${escapeHtml(order.draftId)}"><input type="hidden" name="mode" value="${mode}"><button type="submit">Sign order</button></form>`;
  return `<section aria-labelledby="order-progress-title"><h2 id="order-progress-title">Order: ${escapeHtml(order.drug.display)}</h2>
<div class="cards" aria-label="Order cards">${[...select, ...sign].join('\n') || '<p class="muted">No order cards.</p>'}</div>
${signed}</section>`;
}

export interface ChartView {
  readonly patientId: string;
  readonly record: PatientRecord;
  readonly mode: CdsMode;
  readonly cards: readonly ShownCard[];
  readonly silenced?: readonly SilencedCard[];
  readonly cdsError?: string;
  readonly notice?: string;
  readonly order?: OrderInProgress;
  readonly orderable: readonly OrderableDrug[];
}

export function renderChart(view: ChartView): string {
  const { patientId, record } = view;
  const path = `/patients/${encodeURIComponent(patientId)}`;
  const medications = record.medications
    .map(
      (event) =>
        `<tr><td>${escapeHtml(event.text)}</td><td>${escapeHtml(event.source)}</td><td>${escapeHtml(event.status)}</td><td>${escapeHtml(event.start ? formatDisplayDate(event.start) : '')}</td><td>${escapeHtml(event.end ? formatDisplayDate(event.end) : '')}</td></tr>`
    )
    .join('');
  const scores = [...record.phq9]
    .sort((a, b) => (a.date < b.date ? 1 : -1))
    .map(
      (score) =>
        `<tr><td>${escapeHtml(formatDisplayDate(score.date))}</td><td>${escapeHtml(score.total)}</td><td>${escapeHtml(score.item9 ?? '')}</td><td>${escapeHtml(score.instrument)}</td></tr>`
    )
    .join('');
  const modeLink = (mode: CdsMode, label: string): string =>
    `<a href="${path}?mode=${mode}" aria-current="${view.mode === mode}">${label}</a>`;
  const cards = view.cards.map((shown) => renderCard(patientId, shown)).join('\n');
  const options = view.orderable
    .map(
      (drug) =>
        `<option value="${escapeHtml(drug.rxcui)}"${drug.rxcui === view.order?.drug.rxcui ? ' selected' : ''}>${escapeHtml(drug.display)}</option>`
    )
    .join('');
  return renderShell(
    `Chart — ${record.patient?.name ?? patientId}`,
    `${renderBanner(patientId, record, true)}
${view.notice ? `<p class="notice" role="status">${escapeHtml(view.notice)}</p>` : ''}
${view.order ? renderOrderInProgress(patientId, view.order, view.mode) : ''}
<section aria-labelledby="cds-title"><h2 id="cds-title">Decision support</h2>
${view.cdsError ? `<p class="error" role="alert">${escapeHtml(view.cdsError)}</p>` : ''}
<div class="cards" aria-label="CDS cards">${cards || '<p class="muted">No cards.</p>'}</div>
${renderSilenced(patientId, view.silenced ?? [])}
<nav class="mode" aria-label="CDS data mode">CDS data: ${modeLink('prefetch', 'Prefetch')} · ${modeLink('fhir-authorization', 'No prefetch, fhirAuthorization token')}</nav></section>
<section aria-labelledby="order-title"><h2 id="order-title">Order an antidepressant</h2>
<form class="order-form" method="get" action="${path}/order"><label>Medication <select name="rxcui">${options}</select></label>
<input type="hidden" name="mode" value="${view.mode}"><button type="submit">Select</button></form>
<p class="muted">Select fires order-select with a draft MedicationRequest; Sign order then fires order-sign. Nothing is saved.</p>
</section>
<section aria-labelledby="meds-title"><h2 id="meds-title">Medications</h2>
<table><thead><tr><th>Medication</th><th>Record</th><th>Status</th><th>Start</th><th>End</th></tr></thead><tbody>${medications || '<tr><td colspan="5">None recorded</td></tr>'}</tbody></table></section>
<section aria-labelledby="phq9-title"><h2 id="phq9-title">PHQ-9 scores</h2>
<table><thead><tr><th>Date</th><th>Total</th><th>Item 9</th><th>Instrument</th></tr></thead><tbody>${scores || '<tr><td colspan="4">None recorded</td></tr>'}</tbody></table></section>`
  );
}

export function renderAppFrame(patientId: string, record: PatientRecord, appUrl: string): string {
  return renderShell(
    `App — ${record.patient?.name ?? patientId}`,
    `${renderBanner(patientId, record, false)}
<p><a href="/patients/${encodeURIComponent(patientId)}">Back to the chart</a></p>
<iframe class="app" name="smart-app" title="Tachywatch app" sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads" src="${escapeHtml(appUrl)}"></iframe>`
  );
}

export function renderError(message: string): string {
  return renderShell('Error', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
