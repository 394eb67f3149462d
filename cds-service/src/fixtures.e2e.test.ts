import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CdsServiceResponseSchema,
  assessPatient,
  buildPatientViewCards,
  collectResources,
  getCitation,
  readPatientRecord,
  type Card,
} from '@tachywatch/shared';
import {
  buildDraftOrdersBundle,
  EXPECTATIONS,
  FIXTURE_ANCHOR,
  listFixtures,
  loadFixtureBundle,
} from '@tachywatch/fixtures';
import { buildFakeFhirServer } from '@tachywatch/fhir-core/msw';
import { buildFullPrefetch, buildHookRequest, toServerResources } from './testing/fixture-requests';
import { FHIR_AUTHORIZATION, FHIR_BASE, callService, createHarness, listenMsw, type Harness } from './testing/harness';
import { startTestApp, type RunningApp } from './testing/start-app';

/**
 * Every scenario patient end to end through the real app and the real engine: patient-view with full prefetch
 * (the discovery templates run against the fixture) and again with no prefetch against a FHIR server (msw) must
 * both give the expected cards, and the same cards. Order scenarios also run order-select with their draft.
 */

const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';

let harness: Harness;
let service: RunningApp;

/** The card kinds the fixture catalogue names (the shared builders' `kind`), from what a client sees. */
function toCardKind(card: Card): string {
  const topic = card.source.topic?.code ?? 'unknown';
  if (topic === 'antidepressant-tachyphylaxis')
    return card.indicator === 'warning' ? 'tachyphylaxis-possible' : 'tachyphylaxis-emerging';
  if (topic === 'antidepressant-worsening-explained') return 'tachyphylaxis-explained';
  if (topic === 'antidepressant-loss-plan-in-place') return 'tachyphylaxis-plan-in-place';
  if (topic === 'antidepressant-relapse-documented') return 'tachyphylaxis-relapse';
  if (topic === 'bipolar-antidepressant-caution') return 'bipolar-caution';
  if (topic === 'psychotic-features-caution') return topic;
  if (topic === 'treatment-resistant-depression') return 'treatment-resistance';
  if (topic === 'citalopram-qt-dose') return `safety-${topic}`;
  return card.indicator === 'critical' ? `safety-${topic}` : `${topic}-${card.indicator}`;
}

/**
 * What each card must say and how loud it is: the shared engine run in-process on the whole scenario bundle, so the
 * service's reading of prefetch and of FHIR searches must lose nothing that changes a summary or an indicator.
 */
function expectedSummaries(name: string): { summary: string; indicator: Card['indicator'] }[] {
  const record = readPatientRecord(collectResources(loadFixtureBundle(name, { anchor: FIXTURE_ANCHOR })));
  const cards = buildPatientViewCards(assessPatient(record, { now: FIXTURE_ANCHOR }), {
    includeEmerging: true,
    newId: () => 'id',
    getCitation,
  });
  return cards.map(({ card }) => ({ summary: card.summary, indicator: card.indicator }));
}

function withoutUuids(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'uuid' ? undefined : item)));
}

beforeAll(async () => {
  harness = await createHarness();
  listenMsw(harness.msw);
  // Worker threads, as in production: a full-prefetch call is worked through in a worker; a call that must fetch
  // is handed back to the event loop after the worker's parse; both must give the same cards.
  service = await startTestApp(
    { ...harness.env(), CDS_REQUIRE_JWT: 'false', CDS_EMERGING_CARDS: 'true', HOOK_WORKERS: '2' },
    { now: () => new Date(`${FIXTURE_ANCHOR}T12:00:00Z`) }
  );
  await service.hookWorkersReady();
});

afterEach(() => harness.msw.resetHandlers());

afterAll(async () => {
  harness.msw.close();
  await service.stop();
});

describe.each(listFixtures().map((fixture) => [fixture.name, fixture] as const))('fixture %s', (name, fixture) => {
  const expected = EXPECTATIONS[name];
  const resources = toServerResources(loadFixtureBundle(name, { anchor: FIXTURE_ANCHOR }));

  it('patient-view gives the expected cards with full prefetch and via the FHIR server, the same both ways', async () => {
    const prefetch = buildFullPrefetch('tachyphylaxis-patient-view', resources, fixture.patientId);
    const viaPrefetch = await callService(service.baseUrl, PATIENT_VIEW, {
      body: buildHookRequest('patient-view', fixture.patientId, { prefetch }),
    });
    expect(viaPrefetch.status, viaPrefetch.text).toBe(200);
    const prefetched = CdsServiceResponseSchema.parse(viaPrefetch.json);
    expect(prefetched.cards.map(toCardKind)).toEqual(expected?.patientViewCards);
    expect(prefetched.cards.map(({ summary, indicator }) => ({ summary, indicator }))).toEqual(expectedSummaries(name));
    if (expected?.headlineContains && prefetched.cards.length > 0) {
      const headline = prefetched.cards.find((card) => toCardKind(card).startsWith('tachyphylaxis'))?.summary;
      expect(headline ?? '').toContain(expected.headlineContains);
    }
    if (expected?.patientViewCards.length === 0) expect(viaPrefetch.text).toBe('{"cards":[]}');

    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources, pageSize: 100 });
    const { requests } = fake;
    harness.msw.use(...fake.handlers);
    const viaServer = await callService(service.baseUrl, PATIENT_VIEW, {
      body: buildHookRequest('patient-view', fixture.patientId, {
        fhirServer: FHIR_BASE,
        fhirAuthorization: FHIR_AUTHORIZATION,
      }),
    });
    expect(viaServer.status, viaServer.text).toBe(200);
    expect(requests.length).toBeGreaterThanOrEqual(9);
    expect(withoutUuids(viaServer.json)).toEqual(withoutUuids(prefetched));
  });

  if (expected?.draftOrder) {
    const draft = expected.draftOrder;
    it.each(['order-select', 'order-sign'] as const)(
      `%s of ${draft.display} raises ${draft.findings.join(', ')}`,
      async (hook) => {
        const serviceId = `tachyphylaxis-${hook}`;
        const response = await callService(service.baseUrl, `/cds-services/${serviceId}`, {
          body: buildHookRequest(hook, fixture.patientId, {
            prefetch: buildFullPrefetch(serviceId, resources, fixture.patientId),
            context: {
              // A session per hook: order-sign after order-select for the same draft would not repeat its cards.
              userId: `Practitioner/${hook}`,
              patientId: fixture.patientId,
              ...(hook === 'order-select' ? { selections: ['MedicationRequest/draft-1'] } : {}),
              draftOrders: buildDraftOrdersBundle(fixture.patientId, draft, FIXTURE_ANCHOR, { categoryAsObject: true }),
            },
          }),
        });
        expect(response.status, response.text).toBe(200);
        const { cards } = CdsServiceResponseSchema.parse(response.json);
        const topics = cards.map((card) => card.source.topic?.code).filter((code) => code !== 'phq9-item9-positive');
        expect([...topics].sort()).toEqual([...draft.findings].sort());
      }
    );
  }
});

describe('where the hook work ran', () => {
  it('every call was parsed and checked in a worker thread; none fell back to the event loop', async () => {
    const counted = await service.metrics.registry.getSingleMetric('cds_hook_work_total')?.get();
    const byThread = Object.fromEntries((counted?.values ?? []).map((value) => [value.labels.thread, value.value]));
    const fixtures = listFixtures();
    const orderCalls = fixtures.filter((fixture) => EXPECTATIONS[fixture.name]?.draftOrder).length * 2;
    // Per fixture: patient-view with full prefetch (worked through in the worker) and without (the worker finds
    // data to fetch and hands the request back), plus the order hooks.
    expect(byThread).toEqual({ worker: 2 * fixtures.length + orderCalls });
  });
});

describe('safety with no other data', () => {
  it('a positive PHQ-9 item 9 gives the critical card even when every other key is null', async () => {
    const observation = (id: string, code: string, value: Record<string, unknown>): Record<string, unknown> => ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject: { reference: 'Patient/lonely' },
      effectiveDateTime: '2026-01-12T09:30:00Z',
      ...value,
    });
    const phq9 = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        { resource: observation('total', '44261-6', { valueInteger: 14 }) },
        {
          resource: observation('item9', '44260-8', {
            valueCodeableConcept: {
              coding: [{ system: 'http://loinc.org', code: 'LA6570-1', display: 'More than half the days' }],
            },
          }),
        },
      ],
    };
    const prefetch: Record<string, unknown> = Object.fromEntries(
      Object.keys(buildFullPrefetch('tachyphylaxis-patient-view', [], 'lonely')).map((key) => [
        key,
        key === 'phq9' ? phq9 : null,
      ])
    );
    prefetch.patient = { resourceType: 'Patient', id: 'lonely' };
    const response = await callService(service.baseUrl, PATIENT_VIEW, {
      body: buildHookRequest('patient-view', 'lonely', { prefetch }),
    });
    expect(response.status, response.text).toBe(200);
    const { cards } = CdsServiceResponseSchema.parse(response.json);
    expect(cards.map(toCardKind)).toEqual(['safety-phq9-item9-positive']);
    expect(cards[0]?.indicator).toBe('critical');
  });
});
