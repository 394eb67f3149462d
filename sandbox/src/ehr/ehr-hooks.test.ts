import express from 'express';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResourceStore } from '@tachywatch/fhir-core';
import { createFhirPlatform } from '../platform';
import { listen, type RunningServer } from '../support/listen';
import { CdsClient, createCdsClientIdentity, type CdsClientIdentity } from './cds-client';
import { createEhrApp } from './ehr-app';

/** A recording CDS service: checks what the mini EHR sends, as a real service would receive it. */
interface Recorded {
  readonly path: string;
  readonly authorization: string;
  readonly body: Record<string, unknown>;
}

const PATIENT = 'p1';
const USER = 'Practitioner/u1';
const REASON = { system: 'http://example.org/reasons', code: 'not-relevant', display: 'Not relevant' };
const TEMPLATES = {
  patient: 'Patient/{{context.patientId}}',
  requests: 'MedicationRequest?patient={{context.patientId}}&status=active',
  encounter: 'Encounter/{{context.encounterId}}',
};

let recorded: Recorded[] = [];
/** Service calls whose path matches answer 500, as a failing CDS service would. */
let failing: RegExp | undefined;
let fhir: RunningServer;
let cds: RunningServer;
let ehr: RunningServer;
let identity: CdsClientIdentity;

beforeAll(async () => {
  const store = new ResourceStore();
  store.put({ resourceType: 'Patient', id: PATIENT, name: [{ family: 'Test' }] } as fhir4.Patient & { id: string });
  store.put({
    resourceType: 'MedicationRequest',
    id: 'mr1',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    medicationCodeableConcept: { text: 'something' },
  } as fhir4.MedicationRequest & { id: string });
  let fhirOrigin = '';
  const platform = await createFhirPlatform({ store, getOrigin: () => fhirOrigin });
  fhir = await listen(platform.app, 0);
  fhirOrigin = fhir.url;

  const service = express();
  service.use(express.json());
  service.get('/cds-services', (_req, res) => {
    res.json({
      services: (['patient-view', 'order-select', 'order-sign'] as const).map((hook) => ({
        id: `svc-${hook}`,
        hook,
        description: hook,
        prefetch: TEMPLATES,
      })),
    });
  });
  service.post(/.*/, (req, res) => {
    recorded.push({
      path: req.path,
      authorization: req.get('authorization') ?? '',
      body: req.body as Record<string, unknown>,
    });
    if (failing?.test(req.path)) {
      res.status(500).json({ error: 'down' });
      return;
    }
    const card = {
      uuid: `card-${recorded.length}`,
      summary: 'A card',
      indicator: 'info',
      source: { label: 'Test' },
      overrideReasons: [REASON],
      links: [{ label: 'Open', url: 'http://127.0.0.1:9/launch.html', type: 'smart', appContext: 'ctx' }],
    };
    res.json(req.path.endsWith('/feedback') ? {} : { cards: [card] });
  });
  cds = await listen(service, 0);
  identity = await createCdsClientIdentity('http://ehr.test');
  const app = createEhrApp({
    getFhirOrigin: () => fhir.url,
    auth: platform.auth,
    cds: new CdsClient(identity, () => cds.url),
    identity,
    userId: USER,
  });
  ehr = await listen(app, 0);
});
afterAll(async () => {
  await Promise.all([ehr.close(), cds.close(), fhir.close()]);
});

async function verifyClientJwt(entry: Recorded): Promise<Record<string, unknown>> {
  const token = entry.authorization.replace(/^Bearer /, '');
  expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES384', typ: 'JWT', kid: identity.kid });
  const key = await importJWK(identity.jwks.keys[0] ?? {}, 'ES384');
  const { payload } = await jwtVerify(token, key, { issuer: 'http://ehr.test', audience: `${cds.url}${entry.path}` });
  expect(payload.jti).toBeTruthy();
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  return payload;
}

describe('mini EHR as a CDS client', () => {
  it('calls patient-view with a signed JWT and prefetch from the discovery templates, leaving unresolvable keys out', async () => {
    recorded = [];
    expect((await fetch(`${ehr.url}/patients/${PATIENT}`)).status).toBe(200);
    const call = recorded.find((entry) => entry.path === '/cds-services/svc-patient-view');
    expect(call).toBeDefined();
    if (!call) return;
    await verifyClientJwt(call);
    expect(call.body).toMatchObject({
      hook: 'patient-view',
      context: { patientId: PATIENT, userId: USER },
      fhirServer: `${fhir.url}/fhir-open`,
    });
    const prefetch = call.body.prefetch as Record<string, fhir4.Resource>;
    expect(Object.keys(prefetch).sort()).toEqual(['patient', 'requests']);
    expect(prefetch.patient?.id).toBe(PATIENT);
    expect((prefetch.requests as fhir4.Bundle).total).toBe(1);
    expect(call.body.fhirAuthorization).toBeUndefined();
  });

  it('sends no prefetch but a working patient-scoped fhirAuthorization in that mode', async () => {
    recorded = [];
    await fetch(`${ehr.url}/patients/${PATIENT}?mode=fhir-authorization`);
    const call = recorded.find((entry) => entry.path === '/cds-services/svc-patient-view');
    expect(call?.body.prefetch).toBeUndefined();
    expect(call?.body.fhirServer).toBe(`${fhir.url}/fhir`);
    const authorization = call?.body.fhirAuthorization as { access_token: string; token_type: string; patient: string };
    expect(authorization).toMatchObject({ token_type: 'Bearer', patient: PATIENT });
    const headers = { Authorization: `Bearer ${authorization.access_token}` };
    expect((await fetch(`${fhir.url}/fhir/MedicationRequest?patient=${PATIENT}`, { headers })).status).toBe(200);
    expect((await fetch(`${fhir.url}/fhir/MedicationRequest?patient=other`, { headers })).status).toBe(403);
  });

  it('fires order-select (selections + draftOrders) on select, then order-sign with the same draft on sign', async () => {
    const chart = await (await fetch(`${ehr.url}/patients/${PATIENT}`)).text();
    const rxcui = /name="rxcui"><option value="(\d+)">/.exec(chart)?.[1] ?? '';
    recorded = [];
    const response = await fetch(`${ehr.url}/patients/${PATIENT}/order?rxcui=${rxcui}`);
    expect(response.status).toBe(200);
    const orderCalls = recorded.filter((entry) => entry.path.includes('-order-'));
    expect(orderCalls.map((entry) => entry.path)).toEqual(['/cds-services/svc-order-select']);
    const select = orderCalls[0];
    const context = select?.body.context as { selections: string[]; draftOrders: fhir4.Bundle };
    const draft = context.draftOrders.entry?.[0]?.resource as fhir4.MedicationRequest;
    expect(context.selections).toEqual([`MedicationRequest/${draft.id ?? ''}`]);
    expect(draft).toMatchObject({ status: 'draft', intent: 'order', subject: { reference: `Patient/${PATIENT}` } });
    expect(draft.medicationCodeableConcept?.coding?.[0]).toMatchObject({
      system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
      code: rxcui,
    });
    recorded = [];
    const signed = await fetch(`${ehr.url}/patients/${PATIENT}/order/sign`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ rxcui, draft: draft.id ?? '' }),
    });
    expect(signed.status).toBe(200);
    const sign = recorded.find((entry) => entry.path === '/cds-services/svc-order-sign');
    const signDraft = (sign?.body.context as { draftOrders: fhir4.Bundle }).draftOrders.entry?.[0]?.resource;
    expect(signDraft).toMatchObject({ id: draft.id, medicationCodeableConcept: draft.medicationCodeableConcept });
  });

  it('sends override feedback with the chosen reason and the comment', async () => {
    recorded = [];
    const chart = await (await fetch(`${ehr.url}/patients/${PATIENT}`)).text();
    const action = /action="(\/patients\/[^"]+\/feedback)" aria-label="Override"/.exec(chart)?.[1] ?? '';
    const response = await fetch(`${ehr.url}${action}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ outcome: 'overridden', reason: '0', comment: 'Seen today' }),
    });
    expect(response.status).toBe(303);
    const feedback = recorded.find((entry) => entry.path === '/cds-services/svc-patient-view/feedback');
    expect(feedback).toBeDefined();
    if (!feedback) return;
    await verifyClientJwt(feedback);
    const [item] = (feedback.body as { feedback: Record<string, unknown>[] }).feedback;
    expect(item).toMatchObject({
      outcome: 'overridden',
      overrideReason: { reason: REASON, userComment: 'Seen today' },
    });
    expect(String(item?.card)).toMatch(/^card-/);
    expect(Date.parse(String(item?.outcomeTimestamp))).not.toBeNaN();
  });

  it('answers 502 on selecting or signing an order when the CDS service fails, and still shows the chart without it', async () => {
    const chart = await (await fetch(`${ehr.url}/patients/${PATIENT}`)).text();
    const rxcui = /name="rxcui"><option value="(\d+)">/.exec(chart)?.[1] ?? '';
    failing = /order-select|order-sign/;
    try {
      const select = await fetch(`${ehr.url}/patients/${PATIENT}/order?rxcui=${rxcui}&draft=draft-abc`);
      expect(select.status).toBe(502);
      expect(await select.text()).toContain('The CDS service could not be called');
      const sign = await fetch(`${ehr.url}/patients/${PATIENT}/order/sign`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ rxcui, draft: 'draft-abc' }),
      });
      expect(sign.status).toBe(502);
      failing = /patient-view/;
      const degraded = await fetch(`${ehr.url}/patients/${PATIENT}`);
      expect(degraded.status).toBe(200);
      expect(await degraded.text()).toContain('The CDS service could not be called');
    } finally {
      failing = undefined;
    }
  });
});
