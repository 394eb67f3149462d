import { buildPage, escapeHtml } from '../support/html';

/** The standalone-launch patient picker: one button per patient, posting the pending request id back. */
export function buildPatientPickerPage(
  action: string,
  requestId: string,
  patients: readonly { readonly id: string; readonly name: string }[]
): string {
  const rows = patients
    .map(
      (patient) =>
        `<li><button type="submit" name="patient" value="${escapeHtml(patient.id)}">${escapeHtml(patient.name)}</button></li>`
    )
    .join('\n');
  return buildPage(
    'Select a patient',
    `<main><section><h1>Select a patient</h1>
<p class="muted">Standalone launch: choose the patient the app may access.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="request" value="${escapeHtml(requestId)}">
<ul>${rows}</ul></form></section></main>`
  );
}
