import { randomUUID } from 'node:crypto';
import { http, HttpResponse, delay } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CardSchema,
  CdsDiscoveryResponseSchema,
  CdsServiceResponseSchema,
  PATIENT_DATA_QUERIES,
  type OrderFinding,
} from '@tachywatch/shared';
import { UNAUTHORIZED_DIAGNOSTICS } from './errors';
import { buildFakeFhirServer } from '@tachywatch/fhir-core/msw';
import {
  BROWSER_ORIGIN,
  FHIR_AUTHORIZATION,
  FHIR_BASE,
  SANDBOX_ISS,
  SANDBOX_JKU,
  buildPatientViewRequest,
  callService,
  createHarness,
  listenMsw,
  type Harness,
} from './testing/harness';
import { buildUnsecuredJwt, generateTestKey, signClientJwt } from './testing/jwt-signer';
import { buildPossibleFinding, buildTestAssessment } from '@tachywatch/shared/testing';
import { buildDraftOrdersBundle } from '../../fixtures/src/index';
import { createSpyEngine, type SpyEngine } from './testing/spy-engine';
import { startTestApp, type RunningApp } from './testing/start-app';

const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
const ORDER_SELECT = '/cds-services/tachyphylaxis-order-select';
const ORDER_SIGN = '/cds-services/tachyphylaxis-order-sign';
const PATIENT_ID = 'pat-1';

let harness: Harness;
let engine: SpyEngine;
let service: RunningApp;

const patientResource = { resourceType: 'Patient', id: PATIENT_ID, birthDate: '1980-01-01' };
const emptyBundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };

function fullPrefetch(): Record<string, unknown> {
  return Object.fromEntries(
    PATIENT_DATA_QUERIES.map((query) => [query.key, query.kind === 'read' ? patientResource : emptyBundle])
  );
}

function fhirResources(count = 0): { resourceType: string; id: string; [key: string]: unknown }[] {
  const statements = Array.from({ length: count }, (_, index) => ({
    resourceType: 'MedicationStatement',
    id: `ms-${index + 1}`,
    status: 'completed',
    subject: { reference: `Patient/${PATIENT_ID}` },
  }));
  return [patientResource, ...statements];
}

/** An engine whose assessment has a possible tachyphylaxis finding and a positive PHQ-9 item 9 (critical). */
function createItem9Engine(): SpyEngine {
  return createSpyEngine((patient) =>
    buildTestAssessment({
      patient,
      tachyphylaxis: buildPossibleFinding(),
      safety: [
        {
          id: 'phq9-item9-positive',
          severity: 'critical',
          message: 'PHQ-9 item 9 positive (score 2 on 2025-11-20): same-day suicide risk assessment advised',
          detail: 'Thoughts of self-harm were reported on the most recent PHQ-9.',
          date: '2025-11-20',
          refs: [],
          citationIds: ['simon-2013-item9'],
        },
      ],
    })
  );
}

async function invoke(path: string, body: unknown, token?: string): Promise<Awaited<ReturnType<typeof callService>>> {
  return callService(service.baseUrl, path, {
    body,
    token: token ?? (await harness.sandboxToken(service.baseUrl, path)),
  });
}

function allLogs(): string {
  return service.logs.join('');
}

beforeAll(async () => {
  harness = await createHarness();
  listenMsw(harness.msw);
  engine = createSpyEngine();
  service = await startTestApp(harness.env(), { engine });
});

afterEach(() => {
  harness.msw.resetHandlers();
  engine.calls.length = 0;
});

afterAll(async () => {
  harness.msw.close();
  await service.stop();
});

describe('1. Discovery shape', () => {
  it('returns the three services with R4 prefetch templates using only context tokens', async () => {
    const response = await callService(service.baseUrl, '/cds-services', {
      token: await harness.sandboxToken(service.baseUrl, '/cds-services'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const discovery = CdsDiscoveryResponseSchema.parse(response.json);
    expect(discovery.services.map((entry) => [entry.id, entry.hook])).toEqual([
      ['tachyphylaxis-patient-view', 'patient-view'],
      ['tachyphylaxis-order-select', 'order-select'],
      ['tachyphylaxis-order-sign', 'order-sign'],
    ]);
    for (const entry of discovery.services) {
      expect(entry.title).toBeTruthy();
      for (const template of Object.values(entry.prefetch ?? {})) {
        const tokens = template.match(/\{\{[^}]*\}\}/g) ?? [];
        expect(tokens.length).toBeGreaterThan(0);
        for (const token of tokens)
          expect(token).toMatch(
            /^\{\{(context\.[A-Za-z]+|userPractitionerId|userPractitionerRoleId|userPatientId|userRelatedPersonId)\}\}$/
          );
        if (template.startsWith('Observation?')) {
          expect(template).toContain('code=');
          expect(template).toContain('_sort=-date');
        }
        if (/^Medication(Statement|Request)\?/.test(template)) expect(template).toContain('status=');
      }
    }
    expect(response.text).not.toMatch(/null|""|\[\]/);
  });
});

describe('2. No data gives empty cards', () => {
  it('answers exactly {"cards":[]} for empty medication and PHQ-9 bundles', async () => {
    const response = await invoke(PATIENT_VIEW, buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() }));
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"cards":[]}');
  });
});

describe('3. Service fetches missing prefetch', () => {
  it('queries every key with the bearer token and hands the engine the same data as prefetch would', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: fhirResources(3) });
    const { requests } = fake;
    harness.msw.use(...fake.handlers);
    const fetched = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, { fhirServer: FHIR_BASE, fhirAuthorization: FHIR_AUTHORIZATION })
    );
    expect(fetched.status).toBe(200);
    expect(requests).toHaveLength(PATIENT_DATA_QUERIES.length);
    expect(requests.every((request) => request.authorization === `Bearer ${FHIR_AUTHORIZATION.access_token}`)).toBe(
      true
    );
    expect(
      requests.some((request) => request.url.href.startsWith(`${FHIR_BASE}/MedicationStatement?patient=${PATIENT_ID}`))
    ).toBe(true);
    const fetchedIds = collectIds(engine.calls[0]?.resources ?? []);

    const prefetch = fullPrefetch();
    prefetch.medicationStatements = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: fhirResources(3)
        .slice(1)
        .map((resource) => ({ resource })),
    };
    const viaPrefetch = await invoke(PATIENT_VIEW, buildPatientViewRequest(PATIENT_ID, { prefetch }));
    expect(viaPrefetch.json).toEqual(fetched.json);
    expect(collectIds(engine.calls[1]?.resources ?? [])).toEqual(fetchedIds);
    expect(fetchedIds).toContain('MedicationStatement/ms-3');
    expect(allLogs()).not.toContain(FHIR_AUTHORIZATION.access_token);
  });
});

describe('4. Partial prefetch', () => {
  it('fetches only the missing keys and never re-reads the prefetched Patient', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: fhirResources(1) });
    const { requests } = fake;
    harness.msw.use(...fake.handlers);
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, {
        fhirServer: FHIR_BASE,
        fhirAuthorization: FHIR_AUTHORIZATION,
        prefetch: { patient: patientResource },
      })
    );
    expect(response.status).toBe(200);
    expect(requests.some((request) => request.url.pathname.endsWith(`/Patient/${PATIENT_ID}`))).toBe(false);
    expect(requests).toHaveLength(PATIENT_DATA_QUERIES.length - 1);
  });
});

describe('5. null prefetch key', () => {
  it('treats null as no data and does not query it', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: fhirResources(1) });
    const { requests } = fake;
    harness.msw.use(...fake.handlers);
    const prefetch = { ...fullPrefetch(), medicationDispenses: null, phq9: null };
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, { fhirServer: FHIR_BASE, fhirAuthorization: FHIR_AUTHORIZATION, prefetch })
    );
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(0);
  });
});

describe('6. OperationOutcome in a prefetch slot', () => {
  const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'timeout' }] };

  it('re-queries that key from the FHIR server when authorized', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: fhirResources(2) });
    const { requests } = fake;
    harness.msw.use(...fake.handlers);
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, {
        fhirServer: FHIR_BASE,
        fhirAuthorization: FHIR_AUTHORIZATION,
        prefetch: { ...fullPrefetch(), medicationStatements: outcome },
      })
    );
    expect(response.status).toBe(200);
    expect(requests.map((request) => request.url.pathname)).toEqual(['/r4/MedicationStatement']);
    expect(collectIds(engine.calls[0]?.resources ?? [])).toContain('MedicationStatement/ms-2');
  });

  it('answers 412 when it cannot re-query', async () => {
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, { prefetch: { ...fullPrefetch(), phq9: outcome } })
    );
    expect(response.status).toBe(412);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(response.text).toContain('phq9');
  });
});

describe('7. 412 when required data cannot be obtained', () => {
  it('answers 412 with an OperationOutcome without prefetch or FHIR access', async () => {
    const response = await invoke(PATIENT_VIEW, buildPatientViewRequest(PATIENT_ID));
    expect(response.status).toBe(412);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'incomplete' }] });
  });

  it('answers 412 when the FHIR server is unreachable', async () => {
    harness.msw.use(http.get(`${FHIR_BASE}/*`, () => HttpResponse.error()));
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, { fhirServer: FHIR_BASE, fhirAuthorization: FHIR_AUTHORIZATION })
    );
    expect(response.status).toBe(412);
  });

  it('never calls a FHIR server that is not on the allow-list, and answers 412', async () => {
    let called = false;
    harness.msw.use(
      http.get('https://evil.example.org/*', () => {
        called = true;
        return HttpResponse.json(emptyBundle);
      })
    );
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, {
        fhirServer: 'https://evil.example.org/fhir',
        fhirAuthorization: FHIR_AUTHORIZATION,
      })
    );
    expect(response.status).toBe(412);
    expect(called).toBe(false);
  });

  it('fetches an allow-listed open server without a token (CDS Hooks Sandbox)', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: fhirResources(1) });
    const { requests } = fake;
    harness.msw.use(...fake.handlers);
    const response = await invoke(PATIENT_VIEW, buildPatientViewRequest(PATIENT_ID, { fhirServer: FHIR_BASE }));
    expect(response.status).toBe(200);
    expect(requests.length).toBe(PATIENT_DATA_QUERIES.length);
    expect(requests.every((request) => request.authorization === null)).toBe(true);
  });
});

describe('8. Paging', () => {
  it('follows next links of a FHIR search: a record on page 3 reaches the engine', async () => {
    const fake = buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: fhirResources(5), pageSize: 2 });
    const { requests } = fake;
    harness.msw.use(...fake.handlers);
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, {
        fhirServer: FHIR_BASE,
        fhirAuthorization: FHIR_AUTHORIZATION,
        prefetch: { ...fullPrefetch(), medicationStatements: undefined },
      })
    );
    expect(response.status).toBe(200);
    expect(requests.filter((request) => request.url.href.includes('MedicationStatement'))).toHaveLength(3);
    expect(collectIds(engine.calls[0]?.resources ?? [])).toContain('MedicationStatement/ms-5');
  });

  it('follows next links of a paginated prefetch Bundle, but never off the FHIR server', async () => {
    harness.msw.use(
      ...buildFakeFhirServer({ baseUrl: FHIR_BASE, resources: fhirResources(5), pageSize: 2 }).handlers,
      http.get('https://other.example.org/*', () => HttpResponse.json(emptyBundle))
    );
    const firstPage = {
      resourceType: 'Bundle',
      type: 'searchset',
      link: [
        { relation: 'next', url: `${FHIR_BASE}/MedicationStatement?patient=${PATIENT_ID}&_count=2&_getpagesoffset=2` },
      ],
      entry: fhirResources(2)
        .slice(1)
        .map((resource) => ({ resource })),
    };
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, {
        fhirServer: FHIR_BASE,
        fhirAuthorization: FHIR_AUTHORIZATION,
        prefetch: { ...fullPrefetch(), medicationStatements: firstPage },
      })
    );
    expect(response.status).toBe(200);
    expect(collectIds(engine.calls[0]?.resources ?? [])).toEqual(
      expect.arrayContaining(['MedicationStatement/ms-1', 'MedicationStatement/ms-4', 'MedicationStatement/ms-5'])
    );

    engine.calls.length = 0;
    let offServer = false;
    harness.msw.use(
      http.get('https://other.example.org/*', () => {
        offServer = true;
        return HttpResponse.json(emptyBundle);
      })
    );
    const hostile = {
      ...firstPage,
      link: [{ relation: 'next', url: 'https://other.example.org/MedicationStatement?page=2' }],
    };
    const second = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, {
        fhirServer: FHIR_BASE,
        fhirAuthorization: FHIR_AUTHORIZATION,
        prefetch: { ...fullPrefetch(), medicationStatements: hostile },
      })
    );
    expect(second.status).toBe(200);
    expect(offServer).toBe(false);
  });
});

describe('9. JWT rejection → 401 that says a signed JWT is required, the same whichever check failed', () => {
  const body = (): Record<string, unknown> => buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() });

  async function expectBare401(token: string | undefined): Promise<void> {
    const response = await callService(service.baseUrl, PATIENT_VIEW, { body: body(), ...(token ? { token } : {}) });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'login', diagnostics: UNAUTHORIZED_DIAGNOSTICS }],
    });
    if (token) expect(allLogs()).not.toContain(token);
  }

  it('wrong aud (the discovery URL on a service call)', async () => {
    await expectBare401(await harness.sandboxToken(service.baseUrl, '/cds-services'));
  });
  it('expired exp', async () => {
    await expectBare401(await harness.sandboxToken(service.baseUrl, PATIENT_VIEW, { expiresInSeconds: -120 }));
  });
  it('alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectBare401(
      buildUnsecuredJwt({
        iss: SANDBOX_ISS,
        aud: `${service.baseUrl}${PATIENT_VIEW}`,
        iat: now,
        exp: now + 300,
        jti: randomUUID(),
      })
    );
  });
  it('HS256', async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: harness.es384.kid })
      .setIssuer(SANDBOX_ISS)
      .setAudience(`${service.baseUrl}${PATIENT_VIEW}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(new TextEncoder().encode('a-shared-secret-that-must-never-work-0123456789'));
    await expectBare401(token);
  });
  it('bad signature', async () => {
    const other = await generateTestKey('ES384', harness.es384.kid);
    await expectBare401(
      await signClientJwt(other, { iss: SANDBOX_ISS, aud: `${service.baseUrl}${PATIENT_VIEW}`, jku: SANDBOX_JKU })
    );
  });
  it('iss not allow-listed', async () => {
    await expectBare401(
      await harness.sandboxToken(service.baseUrl, PATIENT_VIEW, { iss: 'https://unknown.example.org' })
    );
  });
  it('jku not allow-listed, with no outbound fetch to it', async () => {
    let fetched = false;
    harness.msw.use(
      http.get('https://attacker.example.org/jwks.json', () => {
        fetched = true;
        return HttpResponse.json({ keys: [harness.es384.publicJwk] });
      })
    );
    await expectBare401(
      await harness.sandboxToken(service.baseUrl, PATIENT_VIEW, { jku: 'https://attacker.example.org/jwks.json' })
    );
    expect(fetched).toBe(false);
  });
  it('replayed jti', async () => {
    const token = await harness.sandboxToken(service.baseUrl, PATIENT_VIEW);
    const first = await callService(service.baseUrl, PATIENT_VIEW, { body: body(), token });
    expect(first.status).toBe(200);
    await expectBare401(token);
  });
  it('missing Authorization header', async () => {
    await expectBare401(undefined);
  });
  it('also on discovery and feedback', async () => {
    expect((await callService(service.baseUrl, '/cds-services')).status).toBe(401);
    expect((await callService(service.baseUrl, `${PATIENT_VIEW}/feedback`, { body: { feedback: [] } })).status).toBe(
      401
    );
  });
});

describe('10. JWT acceptance', () => {
  it('accepts a sandbox-style ES384 token without sub and an Epic-style RS384 token with sub and nbf', async () => {
    const sandbox = await invoke(PATIENT_VIEW, buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() }));
    expect(sandbox.status).toBe(200);
    const epic = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() }),
      await harness.epicToken(service.baseUrl, PATIENT_VIEW)
    );
    expect(epic.status).toBe(200);
  });

  it('accepts any configured public URL as aud (Epic sites configure aud by hand)', async () => {
    const multi = await startTestApp(
      { ...harness.env(), PUBLIC_BASE_URL: 'https://cds.example.org/tachywatch,http://127.0.0.1:1' },
      { engine }
    );
    try {
      const token = await signClientJwt(harness.rs384, {
        iss: 'https://ehr.example.org/fhir',
        aud: `https://cds.example.org/tachywatch${PATIENT_VIEW}`,
      });
      const response = await callService(multi.baseUrl, PATIENT_VIEW, {
        token,
        body: buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() }),
      });
      expect(response.status).toBe(200);
    } finally {
      await multi.stop();
    }
  });

  it('an unknown kid triggers one JWKS refresh, then succeeds; refreshes are rate-limited', async () => {
    const rotated = await generateTestKey('ES384');
    let keys = [harness.es384.publicJwk];
    let fetches = 0;
    harness.msw.use(
      http.get(SANDBOX_JKU, () => {
        fetches += 1;
        return HttpResponse.json({ keys });
      })
    );
    const app = await startTestApp({ ...harness.env(), JWKS_REFRESH_COOLDOWN_MS: '0' }, { engine });
    const limited = await startTestApp({ ...harness.env(), JWKS_REFRESH_COOLDOWN_MS: '60000' }, { engine });
    try {
      const request = (): Record<string, unknown> => buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() });
      const first = await callService(app.baseUrl, PATIENT_VIEW, {
        body: request(),
        token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
      });
      expect(first.status).toBe(200);
      expect(fetches).toBe(1);
      keys = [harness.es384.publicJwk, rotated.publicJwk];
      const rotatedToken = await signClientJwt(rotated, {
        iss: SANDBOX_ISS,
        aud: `${app.baseUrl}${PATIENT_VIEW}`,
        jku: SANDBOX_JKU,
      });
      const second = await callService(app.baseUrl, PATIENT_VIEW, { body: request(), token: rotatedToken });
      expect(second.status).toBe(200);
      expect(fetches).toBe(2);

      fetches = 0;
      keys = [harness.es384.publicJwk];
      const warm = await callService(limited.baseUrl, PATIENT_VIEW, {
        body: request(),
        token: await harness.sandboxToken(limited.baseUrl, PATIENT_VIEW),
      });
      expect(warm.status).toBe(200);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const stranger = await generateTestKey('ES384');
        const token = await signClientJwt(stranger, {
          iss: SANDBOX_ISS,
          aud: `${limited.baseUrl}${PATIENT_VIEW}`,
          jku: SANDBOX_JKU,
        });
        expect((await callService(limited.baseUrl, PATIENT_VIEW, { body: request(), token })).status).toBe(401);
      }
      expect(fetches).toBe(1);
    } finally {
      await app.stop();
      await limited.stop();
    }
  });
});

describe('11. Card schema', () => {
  it('every card meets the CDS Hooks response invariants', async () => {
    const cardEngine = createItem9Engine();
    const app = await startTestApp(harness.env(), { engine: cardEngine });
    try {
      const response = await callService(app.baseUrl, PATIENT_VIEW, {
        token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
        body: buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() }),
      });
      expect(response.status).toBe(200);
      const { cards } = CdsServiceResponseSchema.parse(response.json);
      expect(cards.map((card) => card.indicator)).toEqual(['critical', 'warning']);
      for (const card of cards) {
        expect(CardSchema.safeParse(card).success).toBe(true);
        expect(card.summary.length).toBeLessThan(140);
        expect(card.uuid).toMatch(/^[0-9a-f-]{36}$/);
        expect(card.source.label).toBeTruthy();
        if (card.suggestions) expect(card.selectionBehavior).toBeDefined();
        for (const suggestion of card.suggestions ?? []) {
          for (const action of suggestion.actions ?? []) {
            expect(action.description).toBeTruthy();
            if (action.type === 'delete') expect(action.resourceId).toBeDefined();
          }
        }
        for (const link of card.links ?? []) if (link.appContext) expect(link.type).toBe('smart');
        for (const reason of card.overrideReasons ?? []) expect(reason.display).toBeTruthy();
      }
      expect(response.text).not.toMatch(/:null|:""|:\[\]|:\{\}/);
    } finally {
      await app.stop();
    }
  });
});

describe('12. Positive tachyphylaxis finding', () => {
  it('gives exactly one warning card with Markdown detail and a smart link, stable across calls but for uuids', async () => {
    const positive = createSpyEngine((patient) =>
      buildTestAssessment({ patient, tachyphylaxis: buildPossibleFinding() })
    );
    const app = await startTestApp(harness.env(), { engine: positive });
    try {
      const call = async (): Promise<ReturnType<typeof CdsServiceResponseSchema.parse>> => {
        const response = await callService(app.baseUrl, PATIENT_VIEW, {
          token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
          body: buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() }),
        });
        return CdsServiceResponseSchema.parse(response.json);
      };
      const first = await call();
      const second = await call();
      expect(first.cards).toHaveLength(1);
      const card = first.cards[0];
      expect(card?.indicator).toBe('warning');
      expect(card?.summary).toBe('Possible loss of response to sertraline 100 mg/day: PHQ-9 4 → 14 on the same dose');
      expect(card?.detail).toContain('4 (1 May 2025)');
      expect(card?.detail).toMatch(/Tachywatch knowledge test-1_$/);
      expect(card?.links).toEqual([
        {
          label: expect.any(String),
          type: 'smart',
          url: 'https://app.example.org/launch.html',
          appContext: JSON.stringify({ focus: 'assessment', trialId: 'sertraline:2025-01-01' }),
        },
      ]);
      expect(first.cards[0]?.uuid).not.toBe(second.cards[0]?.uuid);
      expect(stripUuids(first)).toEqual(stripUuids(second));
    } finally {
      await app.stop();
    }
  });
});

describe('13. Stale/duplicate suppression', () => {
  it('a replayed hookInstance returns the same cards without counting metrics twice', async () => {
    const positive = createSpyEngine((patient) =>
      buildTestAssessment({ patient, tachyphylaxis: buildPossibleFinding() })
    );
    const app = await startTestApp(harness.env(), { engine: positive });
    try {
      const body = buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() });
      const first = await callService(app.baseUrl, PATIENT_VIEW, {
        body,
        token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
      });
      const replay = await callService(app.baseUrl, PATIENT_VIEW, {
        body,
        token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
      });
      expect(replay.json).toEqual(first.json);
      expect(positive.calls).toHaveLength(1);
      const metrics = await app.metrics.registry.getSingleMetricAsString('cds_cards_total');
      expect(metrics).toMatch(/^cds_cards_total\{service="tachyphylaxis-patient-view"\} 1$/m);
      const replays = await app.metrics.registry.getSingleMetricAsString('cds_hook_replays_total');
      expect(replays).toMatch(/ 1$/m);
    } finally {
      await app.stop();
    }
  });

  it('concurrent calls for different patients never mix data', async () => {
    const resources = ['a', 'b', 'c', 'd'].flatMap((id) => [
      { resourceType: 'Patient', id },
      {
        resourceType: 'MedicationStatement',
        id: `ms-${id}`,
        status: 'active',
        subject: { reference: `Patient/${id}` },
      },
    ]);
    harness.msw.use(...buildFakeFhirServer({ baseUrl: FHIR_BASE, resources }).handlers);
    const responses = await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (id) =>
        invoke(
          PATIENT_VIEW,
          buildPatientViewRequest(id, { fhirServer: FHIR_BASE, fhirAuthorization: FHIR_AUTHORIZATION })
        )
      )
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(engine.calls).toHaveLength(4);
    for (const call of engine.calls) {
      const ids = collectIds(call.resources);
      expect(ids.sort()).toEqual([`MedicationStatement/ms-${call.patientId}`, `Patient/${call.patientId}`]);
    }
  });
});

describe('14. Feedback endpoint', () => {
  const FEEDBACK = `${PATIENT_VIEW}/feedback`;
  const feedback = async (body: unknown, token?: string): Promise<Awaited<ReturnType<typeof callService>>> =>
    callService(service.baseUrl, FEEDBACK, {
      body,
      token: token ?? (await harness.sandboxToken(service.baseUrl, FEEDBACK)),
    });
  const stamp = '2026-01-15T10:20:30.52Z';

  it('accepts an accepted outcome with acceptedSuggestions', async () => {
    const card = randomUUID();
    const response = await feedback({
      feedback: [{ card, outcome: 'accepted', acceptedSuggestions: [{ id: randomUUID() }], outcomeTimestamp: stamp }],
    });
    expect(response.status).toBe(200);
    expect(await service.feedback.countFeedback(card)).toBe(1);
  });

  it('persists an override with a coded reason and comment, keyed by card uuid', async () => {
    const card = randomUUID();
    const response = await feedback({
      feedback: [
        {
          card,
          outcome: 'overridden',
          overrideReason: {
            reason: {
              system: 'https://tachywatch.org/fhir/CodeSystem/override-reason',
              code: 'already-addressed',
              display: 'Already addressed',
            },
            userComment: 'Discussed at last visit',
          },
          outcomeTimestamp: stamp,
        },
      ],
    });
    expect(response.status).toBe(200);
    expect(await service.feedback.getFeedback(card)).toEqual([
      { outcome: 'overridden', overrideCode: 'already-addressed', userComment: 'Discussed at last visit' },
    ]);
  });

  it('rejects outcome "rejected" (cds-fb-1) and accepted without acceptedSuggestions (cds-fb-2) with 400', async () => {
    const rejected = await feedback({
      feedback: [{ card: randomUUID(), outcome: 'rejected', outcomeTimestamp: stamp }],
    });
    expect(rejected.status).toBe(400);
    expect(rejected.text).toContain('outcome');
    const accepted = await feedback({
      feedback: [{ card: randomUUID(), outcome: 'accepted', outcomeTimestamp: stamp }],
    });
    expect(accepted.status).toBe(400);
    expect(accepted.text).toContain('acceptedSuggestions');
    const noStamp = await feedback({ feedback: [{ card: randomUUID(), outcome: 'overridden' }] });
    expect(noStamp.status).toBe(400);
  });

  it('is idempotent for the same card, outcome and timestamp', async () => {
    const item = { card: randomUUID(), outcome: 'overridden', outcomeTimestamp: stamp };
    expect((await feedback({ feedback: [item] })).status).toBe(200);
    expect((await feedback({ feedback: [item, item] })).status).toBe(200);
    expect(await service.feedback.countFeedback(item.card)).toBe(1);
  });

  it('is idempotent on the instant: the same moment sent as Z and as +00:00 is stored once', async () => {
    const card = randomUUID();
    const at = (outcomeTimestamp: string) => ({ card, outcome: 'overridden', outcomeTimestamp });
    expect((await feedback({ feedback: [at('2026-01-15T10:20:30.52Z')] })).status).toBe(200);
    expect((await feedback({ feedback: [at('2026-01-15T10:20:30.520+00:00')] })).status).toBe(200);
    expect((await feedback({ feedback: [at('2026-01-15T11:20:30.52+01:00')] })).status).toBe(200);
    expect(await service.feedback.countFeedback(card)).toBe(1);
    expect((await feedback({ feedback: [at('2026-01-15T10:20:31Z')] })).status).toBe(200);
    expect(await service.feedback.countFeedback(card)).toBe(2);
  });

  it('requires the JWT aud to be the feedback URL', async () => {
    const item = { card: randomUUID(), outcome: 'overridden', outcomeTimestamp: stamp };
    const response = await feedback({ feedback: [item] }, await harness.sandboxToken(service.baseUrl, PATIENT_VIEW));
    expect(response.status).toBe(401);
    expect(await service.feedback.countFeedback(item.card)).toBe(0);
  });

  it('an overridden tachyphylaxis card is not raised again for the same episode, but is for a new one', async () => {
    let episodeKey = 'sertraline:2025-01-01:2025-11-01';
    const positive = createSpyEngine((patient) =>
      buildTestAssessment({ patient, tachyphylaxis: buildPossibleFinding({ episodeKey }) })
    );
    const app = await startTestApp(harness.env(), { engine: positive });
    try {
      const call = async (): Promise<ReturnType<typeof CdsServiceResponseSchema.parse>> => {
        const response = await callService(app.baseUrl, PATIENT_VIEW, {
          token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
          body: buildPatientViewRequest(PATIENT_ID, { prefetch: fullPrefetch() }),
        });
        return CdsServiceResponseSchema.parse(response.json);
      };
      const first = await call();
      expect(first.cards).toHaveLength(1);
      const override = await callService(app.baseUrl, FEEDBACK, {
        token: await harness.sandboxToken(app.baseUrl, FEEDBACK),
        body: { feedback: [{ card: first.cards[0]?.uuid, outcome: 'overridden', outcomeTimestamp: stamp }] },
      });
      expect(override.status).toBe(200);
      expect((await call()).cards).toHaveLength(0);
      episodeKey = 'sertraline:2025-01-01:2026-01-10';
      expect((await call()).cards).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });
});

// 15. Latency is measured by `npm run bench -- cds` with the real engine (README), not by a timed test.
describe('15. Deadline', () => {
  it('answers within its deadline when the FHIR server takes 10 s', async () => {
    harness.msw.use(
      http.get(`${FHIR_BASE}/*`, async () => {
        await delay(10_000);
        return HttpResponse.json(emptyBundle);
      })
    );
    const started = performance.now();
    const response = await invoke(
      PATIENT_VIEW,
      buildPatientViewRequest(PATIENT_ID, { fhirServer: FHIR_BASE, fhirAuthorization: FHIR_AUTHORIZATION })
    );
    const elapsed = performance.now() - started;
    expect(response.status).toBe(412);
    // Margin for a loaded CI machine; the mock would hold the connection for 10 s.
    expect(elapsed).toBeLessThan(service.config.deadlineMs + 1000);
  });
});

describe('16. Secret hygiene', () => {
  it('logs contain neither JWTs nor the FHIR access token', () => {
    const logs = allLogs();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(FHIR_AUTHORIZATION.access_token);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\./);
    expect(logs).not.toContain(PATIENT_ID === 'pat-1' ? '"pat-1"' : PATIENT_ID);
  });
});

describe('16b. Access logs and metrics carry no clinical categories', () => {
  it('an item-9 critical card and a possible-tachyphylaxis card leave only counts in the access log and metrics', async () => {
    const patientId = 'item9-patient-4711';
    const flagged = createItem9Engine();
    const app = await startTestApp(harness.env(), { engine: flagged });
    try {
      const response = await callService(app.baseUrl, PATIENT_VIEW, {
        body: buildPatientViewRequest(patientId, { prefetch: fullPrefetch() }),
        token: await harness.sandboxToken(app.baseUrl, PATIENT_VIEW),
      });
      const cards = (response.json as { cards: { indicator: string }[] }).cards;
      expect(cards.map((card) => card.indicator)).toContain('critical');

      const accessLines = app.logs
        .join('')
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'));
      expect(accessLines).toHaveLength(1);
      const access = JSON.parse(accessLines[0] ?? '{}') as Record<string, unknown>;
      expect(access).toMatchObject({ route: 'invoke', status: 200, cards: cards.length });
      const logs = app.logs.join('');
      for (const clinical of [patientId, 'item9', 'safety', 'tachyphylaxis-possible', 'critical', 'warning', 'PHQ-9']) {
        expect(logs).not.toContain(clinical);
      }

      const metrics = await app.metrics.registry.metrics();
      expect(metrics).toMatch(
        new RegExp(`^cds_cards_total\\{service="tachyphylaxis-patient-view"\\} ${cards.length}$`, 'm')
      );
      for (const clinical of ['kind=', 'indicator=', 'item9', 'critical', patientId]) {
        expect(metrics).not.toContain(clinical);
      }
    } finally {
      await app.stop();
    }
  });
});

describe('17. CORS', () => {
  it('answers the preflight from the sandbox origin', async () => {
    const response = await fetch(`${service.baseUrl}${PATIENT_VIEW}`, {
      method: 'OPTIONS',
      headers: {
        origin: BROWSER_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(BROWSER_ORIGIN);
    expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
  });

  it('lets the configured origin read a response (a 401 here) and its request id, varying on Origin', async () => {
    const response = await fetch(`${service.baseUrl}/cds-services`, { headers: { origin: BROWSER_ORIGIN } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(BROWSER_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('grants nothing to an origin that is not configured', async () => {
    const response = await fetch(`${service.baseUrl}${PATIENT_VIEW}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('18. order-select / order-sign', () => {
  const draftOrders = buildDraftOrdersBundle(
    PATIENT_ID,
    { rxnorm: '310385', display: 'fluoxetine 20 MG Oral Capsule', timesPerDay: 1 },
    '2026-01-15',
    { categoryAsObject: true }
  );
  const orderRequest = (context: Record<string, unknown>): Record<string, unknown> => ({
    hook: 'order-select',
    hookInstance: randomUUID(),
    context: { userId: 'Practitioner/example', patientId: PATIENT_ID, draftOrders, ...context },
    prefetch: fullPrefetch(),
  });

  it('parses draftOrders with selections, with the legacy selection, and ignores unknown selections', async () => {
    const seen: string[][] = [];
    const orderEngine = createSpyEngine(undefined, (drafts) => {
      seen.push(drafts.map((draft) => draft.ref));
      return [];
    });
    const app = await startTestApp(harness.env(), { engine: orderEngine });
    try {
      for (const context of [
        { selections: ['MedicationRequest/draft-1'] },
        { selection: 'MedicationRequest/draft-1' },
        { selections: ['MedicationRequest/absent'] },
      ]) {
        const response = await callService(app.baseUrl, ORDER_SELECT, {
          token: await harness.sandboxToken(app.baseUrl, ORDER_SELECT),
          body: orderRequest(context),
        });
        expect(response.status).toBe(200);
        expect(CdsServiceResponseSchema.safeParse(response.json).success).toBe(true);
      }
      expect(seen).toEqual([['MedicationRequest/draft-1'], ['MedicationRequest/draft-1'], []]);
      expect(orderEngine.draftCalls).toHaveLength(3);
    } finally {
      await app.stop();
    }
  });

  it('shows a finding once per ordering session: order-sign leaves out what order-select showed for the same draft', async () => {
    const finding = (orderRef: string): OrderFinding => ({
      kind: 'prior-loss-same-drug',
      severity: 'warning',
      orderRef,
      agentId: 'fluoxetine',
      drugName: 'fluoxetine',
      summary: 'Fluoxetine lost its effect before: consider another mechanism',
      detail: 'Loss of response to fluoxetine 20 mg/day in 2023.',
      citationIds: ['targum-2014'],
    });
    const orderEngine = createSpyEngine(undefined, (drafts) => drafts.map((draft) => finding(draft.ref)));
    let nowMs = Date.parse('2026-01-15T12:00:00Z');
    const app = await startTestApp(
      { ...harness.env(), ORDER_SESSION_MINUTES: '60', CDS_REQUIRE_JWT: 'false' },
      { engine: orderEngine, now: () => new Date(nowMs) }
    );
    const call = async (path: string, hook: string, context: Record<string, unknown>): Promise<string[]> => {
      const response = await callService(app.baseUrl, path, { body: { ...orderRequest(context), hook } });
      expect(response.status).toBe(200);
      return CdsServiceResponseSchema.parse(response.json).cards.map((card) => card.summary);
    };
    const select = (userId = 'Practitioner/example'): Promise<string[]> =>
      call(ORDER_SELECT, 'order-select', { userId, selections: ['MedicationRequest/draft-1'] });
    const sign = (userId = 'Practitioner/example'): Promise<string[]> => call(ORDER_SIGN, 'order-sign', { userId });
    try {
      expect(await select()).toHaveLength(1);
      expect(await select()).toHaveLength(1);
      expect(await sign()).toEqual([]);
      expect(await sign('Practitioner/other')).toHaveLength(1);
      nowMs += 61 * 60_000;
      expect(await sign()).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });

  it('builds a card per order finding', async () => {
    const orderEngine = createSpyEngine(undefined, () => [
      {
        kind: 'prior-loss-same-drug',
        severity: 'warning',
        orderRef: 'MedicationRequest/draft-1',
        agentId: 'fluoxetine',
        drugName: 'fluoxetine',
        summary: 'Fluoxetine lost its effect before (PHQ-9 5 → 15 in 2023): consider another mechanism',
        detail: 'Loss of response to fluoxetine 20 mg/day in 2023.',
        citationIds: ['targum-2014'],
      },
    ]);
    const app = await startTestApp(harness.env(), { engine: orderEngine });
    try {
      const response = await callService(app.baseUrl, ORDER_SELECT, {
        token: await harness.sandboxToken(app.baseUrl, ORDER_SELECT),
        body: orderRequest({ selections: ['MedicationRequest/draft-1'] }),
      });
      const { cards } = CdsServiceResponseSchema.parse(response.json);
      expect(cards).toHaveLength(1);
      expect(cards[0]).toMatchObject({ indicator: 'warning', source: { topic: { code: 'prior-loss-same-drug' } } });
    } finally {
      await app.stop();
    }
  });

  it('unknown service id → 404 with an OperationOutcome', async () => {
    const response = await invoke('/cds-services/does-not-exist', orderRequest({ selections: [] }));
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
  });
});

function collectIds(resources: readonly unknown[]): string[] {
  const ids: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    const resource = value as { resourceType?: string; id?: string; entry?: { resource?: unknown }[] };
    if (resource.resourceType === 'Bundle') {
      for (const entry of resource.entry ?? []) visit(entry.resource);
    } else if (resource.resourceType && resource.id) {
      ids.push(`${resource.resourceType}/${resource.id}`);
    }
  };
  resources.forEach(visit);
  return ids.sort();
}

function stripUuids(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, item: unknown) => (key === 'uuid' ? undefined : item)));
}
