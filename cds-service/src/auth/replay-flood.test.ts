import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store';
import { callService, createHarness, listenMsw, type Harness } from '../testing/harness';
import { startTestApp, type RunningApp } from '../testing/start-app';

// Regression: ~100k tokens with a 10-year `exp` used to fill the process-wide jti store, after which every client
// got 401 ("replay") until restart. Lifetimes are now capped and remembered ids are bounded per issuer.

const DISCOVERY = '/cds-services';
const TEN_YEARS_S = 10 * 365 * 24 * 3600;

let harness: Harness;
let app: RunningApp;

beforeAll(async () => {
  harness = await createHarness();
  listenMsw(harness.msw);
});
afterEach(async () => {
  await app?.stop();
});
afterAll(() => harness.msw.close());

async function start(jtisPerIssuer: number): Promise<RunningApp> {
  app = await startTestApp(harness.env(), {
    store: openSqliteStore({ path: ':memory:', suppressionDays: 90, jtisPerIssuer }),
  });
  return app;
}

async function discover(token: string): Promise<number> {
  return (await callService(app.baseUrl, DISCOVERY, { token })).status;
}

function authFailures(): string[] {
  return app.logs.flatMap((line) => {
    const reason = (JSON.parse(line) as { authFailure?: string }).authFailure;
    return reason ? [reason] : [];
  });
}

describe('JWT replay protection cannot be turned against everyone', () => {
  it('refuses a token whose lifetime exceeds the cap and logs the real reason, not "replay"', async () => {
    await start(1000);
    const longLived = await harness.sandboxToken(app.baseUrl, DISCOVERY, { expiresInSeconds: TEN_YEARS_S });
    expect(await discover(longLived)).toBe(401);
    const sixMinutes = await harness.sandboxToken(app.baseUrl, DISCOVERY, { expiresInSeconds: 6 * 60 });
    expect(await discover(sixMinutes)).toBe(401);
    const fiveMinutes = await harness.sandboxToken(app.baseUrl, DISCOVERY, { expiresInSeconds: 5 * 60 });
    expect(await discover(fiveMinutes)).toBe(200);
    expect(authFailures()).toEqual(['lifetime-too-long', 'lifetime-too-long']);
  });

  // 300 signed tokens and 300 calls: CPU-bound work that took 4-5 s on a loaded 2-core machine, past the default 5 s.
  it(
    'a flood of long-lived tokens is refused without being remembered: every client still gets in',
    { timeout: 30_000 },
    async () => {
      await start(100);
      const flood = await Promise.all(
        Array.from({ length: 300 }, () =>
          harness.sandboxToken(app.baseUrl, DISCOVERY, { expiresInSeconds: TEN_YEARS_S })
        )
      );
      for (const token of flood) expect(await discover(token)).toBe(401);
      expect(new Set(authFailures())).toEqual(new Set(['lifetime-too-long']));
      expect(await discover(await harness.sandboxToken(app.baseUrl, DISCOVERY))).toBe(200);
      expect(await discover(await harness.epicToken(app.baseUrl, DISCOVERY))).toBe(200);
    }
  );

  it("one issuer's flood of valid tokens exhausts only its own quota; another issuer's token is accepted", async () => {
    const quota = 40;
    await start(quota);
    const statuses: number[] = [];
    for (let index = 0; index < quota + 10; index += 1) {
      statuses.push(await discover(await harness.sandboxToken(app.baseUrl, DISCOVERY)));
    }
    expect(statuses.slice(0, quota).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(quota).every((status) => status === 401)).toBe(true);
    expect(authFailures()).toEqual(Array.from({ length: 10 }, () => 'jti-quota-exceeded'));
    expect(await discover(await harness.epicToken(app.baseUrl, DISCOVERY))).toBe(200);
  });

  it('refuses a token issued in the future, so exp − now never exceeds the cap either', async () => {
    await start(1000);
    const early = await harness.sandboxToken(app.baseUrl, DISCOVERY, { issuedAtOffsetSeconds: 600 });
    expect(await discover(early)).toBe(401);
    expect(authFailures()).toEqual(['claim-iat']);
  });

  it('a replay is still refused as a replay', async () => {
    await start(1000);
    const token = await harness.epicToken(app.baseUrl, DISCOVERY);
    expect(await discover(token)).toBe(200);
    expect(await discover(token)).toBe(401);
    expect(authFailures()).toEqual(['replay']);
  });
});
