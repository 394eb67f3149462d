import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mswServer } from '../testing/msw-server';
import { startLaunch } from './launch';

const APP = 'http://app.test/tachywatch';

function at(query: string): Location {
  return { href: `${APP}/launch.html${query}` } as Location;
}

beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mswServer.resetHandlers());
afterAll(() => mswServer.close());

describe('startLaunch', () => {
  it('reads smart-config.json beside the launch page and refuses a launch without iss', async () => {
    const requested: string[] = [];
    mswServer.use(
      http.get(`${APP}/smart-config.json`, ({ request }) => {
        requested.push(request.url);
        return HttpResponse.json({ default: { clientId: 'tachywatch' } });
      })
    );
    const error = await startLaunch(at('?launch=abc'));
    expect(requested).toEqual([`${APP}/smart-config.json`]);
    expect(error?.kind).toBe('no-state');
    expect(error?.message).toContain('relaunch Tachywatch');
  });

  it('reports a missing or invalid config as a set-up problem, not as an EHR failure', async () => {
    mswServer.use(http.get(`${APP}/smart-config.json`, () => new HttpResponse(null, { status: 404 })));
    expect((await startLaunch(at('?iss=https%3A%2F%2Fehr.test%2Ffhir&launch=abc')))?.kind).toBe('config');

    mswServer.use(http.get(`${APP}/smart-config.json`, () => HttpResponse.json({ issuers: [{ iss: 'not a url' }] })));
    const invalid = await startLaunch(at('?iss=https%3A%2F%2Fehr.test%2Ffhir&launch=abc'));
    expect(invalid?.kind).toBe('config');
    expect(invalid?.detail).toContain('issuers.0.iss');
  });

  it('refuses an issuer the config does not register', async () => {
    mswServer.use(
      http.get(`${APP}/smart-config.json`, () =>
        HttpResponse.json({ issuers: [{ iss: 'https://other.test/fhir', clientId: 'x' }] })
      )
    );
    const error = await startLaunch(at('?iss=https%3A%2F%2Fehr.test%2Ffhir&launch=abc'));
    expect(error?.kind).toBe('config');
    expect(error?.detail).toContain('https://ehr.test');
  });
});
