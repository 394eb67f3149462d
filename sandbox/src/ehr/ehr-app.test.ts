import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFixtures } from '@tachywatch/fixtures';
import { startSandbox, type RunningSandbox } from '../start';

let sandbox: RunningSandbox;

function getPatientId(name: string): string {
  return listFixtures().find((fixture) => fixture.name === name)?.patientId ?? '';
}

const CLASSIC = getPatientId('classic-ssri-tachyphylaxis');

beforeAll(async () => {
  sandbox = await startSandbox({ ports: { ehr: 0, fhir: 0, cds: 0, app: 0 }, buildApp: false, log: () => undefined });
}, 30_000);
afterAll(() => sandbox.close());

async function getChart(patientId: string, query = ''): Promise<string> {
  const response = await fetch(`${sandbox.urls.ehr}/patients/${patientId}${query}`);
  expect(response.status).toBe(200);
  return response.text();
}

function escapeForHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function getCardIds(html: string): string[] {
  return [...html.matchAll(/action="\/patients\/[^/]+\/cards\/([^/]+)\/launch"/g)].map((match) => match[1] ?? '');
}

describe('mini EHR', () => {
  it('renders the chart from FHIR and the same card with prefetch and with fhirAuthorization only', async () => {
    const withPrefetch = await getChart(CLASSIC);
    const withToken = await getChart(CLASSIC, '?mode=fhir-authorization');
    for (const html of [withPrefetch, withToken]) {
      expect(html).toContain('data-indicator="warning"');
      expect(html).toMatch(/PHQ-9 \d+ → \d+/);
    }
    expect(withPrefetch).toContain('<h2 id="phq9-title">PHQ-9 scores</h2>');
    const scores = withPrefetch.slice(withPrefetch.indexOf('id="phq9-title"'));
    expect(scores).toMatch(/<tr><td>\d{1,2} [A-Z][a-z]{2} \d{4}<\/td><td>\d+<\/td>/);
  });

  it('answers 404 for a patient that is not loaded and 400 for a malformed id', async () => {
    expect((await fetch(`${sandbox.urls.ehr}/patients/nobody`)).status).toBe(404);
    expect((await fetch(`${sandbox.urls.ehr}/patients/${encodeURIComponent('a b')}`)).status).toBe(400);
  });

  it('launches a smart link as an EHR launch carrying the patient and the card appContext', async () => {
    const html = await getChart(CLASSIC);
    const [cardId] = getCardIds(html);
    expect(cardId).toBeDefined();
    const launch = await fetch(`${sandbox.urls.ehr}/patients/${CLASSIC}/cards/${cardId ?? ''}/launch`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'link=0',
    });
    expect(launch.status).toBe(303);
    const page = await (await fetch(new URL(launch.headers.get('location') ?? '', sandbox.urls.ehr))).text();
    const src = /<iframe[^>]+src="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const appUrl = new URL(src);
    expect(`${appUrl.origin}${appUrl.pathname}`).toBe(sandbox.urls.app);
    expect(appUrl.searchParams.get('iss')).toBe(sandbox.urls.fhir);

    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = new URL('index.html', sandbox.urls.app).toString();
    const authorize = new URL(`${sandbox.urls.auth}/authorize`);
    for (const [key, value] of Object.entries({
      response_type: 'code',
      client_id: 'tachywatch-local',
      redirect_uri: redirectUri,
      scope: 'launch patient/Patient.rs',
      state: 's',
      aud: sandbox.urls.fhir,
      launch: appUrl.searchParams.get('launch') ?? '',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    })) {
      authorize.searchParams.set(key, value);
    }
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = (await (
      await fetch(`${sandbox.urls.auth}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          code_verifier: verifier,
          client_id: 'tachywatch-local',
          redirect_uri: redirectUri,
        }),
      })
    ).json()) as Record<string, unknown>;
    expect(token.patient).toBe(CLASSIC);
    expect(token.need_patient_banner).toBe(false);
    expect(typeof token.appContext).toBe('string');
  });

  it('selects an order with a GET that survives a reload, keeps the selection, signs once, and lists an MAOI', async () => {
    const chart = await getChart(CLASSIC);
    expect(chart).toMatch(/<option value="\d+">phenelzine [^<]*<\/option>/);
    const rxcui = /name="rxcui"><option value="(\d+)">/.exec(chart)?.[1] ?? '';
    const select = await fetch(`${sandbox.urls.ehr}/patients/${CLASSIC}/order?rxcui=${rxcui}&mode=prefetch`, {
      redirect: 'manual',
    });
    expect(select.status).toBe(303);
    const orderUrl = `${sandbox.urls.ehr}${select.headers.get('location') ?? ''}`;
    expect(orderUrl).toMatch(/\/order\?rxcui=\d+&draft=draft-[0-9a-f-]+&mode=prefetch$/);
    for (let reload = 0; reload < 2; reload += 1) {
      const page = await (await fetch(orderUrl)).text();
      expect(page).toContain('aria-label="Order cards"');
      expect(page).toContain(`<option value="${rxcui}" selected>`);
      expect(page.indexOf('aria-label="Order cards"')).toBeLessThan(page.indexOf('aria-label="CDS cards"'));
      expect(page).toContain('>Sign order</button>');
    }
    const draft = new URL(orderUrl).searchParams.get('draft') ?? '';
    const sign = await fetch(`${sandbox.urls.ehr}/patients/${CLASSIC}/order/sign`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rxcui, draft, mode: 'prefetch' }),
    });
    expect(sign.status).toBe(303);
    const signedUrl = `${sandbox.urls.ehr}${sign.headers.get('location') ?? ''}`;
    for (let reload = 0; reload < 2; reload += 1) {
      const page = await (await fetch(signedUrl)).text();
      expect(page).toContain('Order signed');
      expect(page).not.toContain('>Sign order</button>');
    }
    const unknown = await fetch(`${sandbox.urls.ehr}/patients/${CLASSIC}/order?rxcui=0`);
    expect(unknown.status).toBe(400);
    const unsigned = await fetch(`${sandbox.urls.ehr}/patients/${CLASSIC}/order/sign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rxcui, draft: '../x' }),
    });
    expect(unsigned.status).toBe(400);
  });

  it('shows each scenario label in the patient list and launches the app from any chart', async () => {
    const list = await (await fetch(sandbox.urls.ehr)).text();
    for (const fixture of listFixtures()) expect(list).toContain(escapeForHtml(fixture.title));
    const trd = getPatientId('trd-three-failed-trials');
    const launch = await fetch(`${sandbox.urls.ehr}/patients/${trd}/apps/tachywatch`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(launch.status).toBe(303);
    const frame = await (await fetch(`${sandbox.urls.ehr}${launch.headers.get('location') ?? ''}`)).text();
    const appUrl = new URL((/src="([^"]+)"/.exec(frame)?.[1] ?? '').replace(/&amp;/g, '&'));
    expect(`${appUrl.origin}${appUrl.pathname}`).toBe(sandbox.urls.app);
    expect(appUrl.searchParams.get('launch')).toBeTruthy();
    expect((await fetch(`${sandbox.urls.ehr}/patients/nobody/apps/tachywatch`, { method: 'POST' })).status).toBe(404);
  });

  it('silences an overridden card with its reason and date, and refuses to override a critical card without one', async () => {
    const item9 = getPatientId('positive-item-9');
    const chart = await getChart(item9);
    const critical =
      /data-indicator="critical"[\s\S]*?action="(\/patients\/[^"]+\/feedback)" aria-label="Override"/.exec(chart)?.[1];
    expect(critical).toBeDefined();
    const post = (action: string, body: Record<string, string>): Promise<Response> =>
      fetch(`${sandbox.urls.ehr}${action}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    expect((await post(critical ?? '', { outcome: 'overridden', reason: '' })).status).toBe(400);
    expect((await post(critical ?? '', { outcome: 'overridden', reason: '0' })).status).toBe(303);
    const after = await getChart(item9);
    expect(after).toMatch(/1 card silenced \(Suicide risk assessed today, \d{1,2} [A-Z][a-z]{2} \d{4}\) — show/);
    expect(after.match(/data-indicator="critical"/g)).toHaveLength(1);
  });

  it('sends accept feedback for a suggestion and shows a notice', async () => {
    const html = await getChart(CLASSIC);
    const match =
      /action="(\/patients\/[^"]+\/feedback)"><input type="hidden" name="outcome" value="accepted"><input type="hidden" name="suggestion" value="([^"]+)"/.exec(
        html
      );
    expect(match).not.toBeNull();
    const response = await fetch(`${sandbox.urls.ehr}${match?.[1] ?? ''}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ outcome: 'accepted', suggestion: match?.[2] ?? '' }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/patients/${CLASSIC}?notice=feedback-accepted`);
    const notice = await getChart(CLASSIC, '?notice=feedback-accepted');
    expect(notice).toContain('Feedback sent: suggestion accepted.');
  });

  it('refuses feedback for a card it did not show', async () => {
    const response = await fetch(`${sandbox.urls.ehr}/patients/${CLASSIC}/cards/unknown/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=overridden',
    });
    expect(response.status).toBe(404);
  });
});
