import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFullPrefetch, buildHookRequest, toServerResources } from '../testing/fixture-requests';
import { callService, createHarness } from '../testing/harness';
import { startTestApp, type RunningApp } from '../testing/start-app';
import { loadFixtureBundle } from '@tachywatch/fixtures';

// When the store cannot answer, nothing pretends to succeed and no card is withheld: feedback is refused with 503
// (so the EHR can retry), while hook calls still return their cards, unsuppressed, and log the outage.

const PATIENT_VIEW = '/cds-services/tachyphylaxis-patient-view';
let app: RunningApp;

afterEach(async () => {
  await app?.stop();
});

describe('store outage', () => {
  it('feedback answers 503 and stores nothing; a hook call still returns its cards', async () => {
    app = await startTestApp({ CDS_REQUIRE_JWT: 'false' });
    await app.store.close();

    const feedback = await callService(app.baseUrl, `${PATIENT_VIEW}/feedback`, {
      body: { feedback: [{ card: randomUUID(), outcome: 'overridden', outcomeTimestamp: '2026-11-30T10:00:00Z' }] },
    });
    expect(feedback.status).toBe(503);
    expect(feedback.text).toContain('nothing was saved');

    const resources = toServerResources(loadFixtureBundle('positive-item-9'));
    const patientId = resources.find((resource) => resource.resourceType === 'Patient')?.id ?? '';
    const hook = await callService(app.baseUrl, PATIENT_VIEW, {
      body: buildHookRequest('patient-view', patientId, {
        prefetch: buildFullPrefetch('tachyphylaxis-patient-view', resources, patientId),
      }),
    });
    expect(hook.status).toBe(200);
    const cards = (hook.json as { cards: { indicator: string }[] }).cards;
    expect(cards.map((card) => card.indicator)).toContain('critical');
    expect(app.logs.join('')).toContain('"storeUnavailable":true');
  });

  it('a JWT that cannot be checked for replay gets 503, not a 401 that blames the client', async () => {
    const harness = await createHarness();
    app = await startTestApp(harness.env());
    await app.store.close();
    const response = await callService(app.baseUrl, '/cds-services', {
      token: await harness.epicToken(app.baseUrl, '/cds-services'),
    });
    expect(response.status).toBe(503);
    expect(app.logs.join('')).not.toContain('authFailure');
  });
});
