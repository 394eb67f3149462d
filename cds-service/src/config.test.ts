import { describe, expect, it } from 'vitest';
import { CDS_HOOKS_SANDBOX_CLIENT, ConfigError, parseConfig } from './config';

const TRUSTED = JSON.stringify([{ iss: 'https://ehr.example.org', jku: ['https://ehr.example.org/jwks'] }]);

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig({ CDS_TRUSTED_CLIENTS: TRUSTED });
    expect(config).toMatchObject({
      port: 3001,
      requireJwt: true,
      publicBaseUrls: ['http://localhost:3001', 'http://127.0.0.1:3001'],
      publicBaseUrlsDefaulted: true,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      metricsHost: '127.0.0.1',
      fhirMaxBytes: 16 * 1024 * 1024,
      feedbackDbPath: './.data/feedback.sqlite',
      suppressionDays: 90,
      allowedFhirServers: [],
      corsOrigins: [],
      bodyLimit: '5mb',
    });
  });

  it('accepts a comma-separated list of public base URLs and allowed FHIR servers, without trailing slashes', () => {
    const config = parseConfig({
      CDS_TRUSTED_CLIENTS: TRUSTED,
      PUBLIC_BASE_URL: 'https://cds.example.org/, https://cds-alt.example.org/tachywatch',
      ALLOWED_FHIR_SERVERS: 'https://fhir.example.org/r4/',
    });
    expect(config.publicBaseUrls).toEqual(['https://cds.example.org', 'https://cds-alt.example.org/tachywatch']);
    expect(config.allowedFhirServers).toEqual(['https://fhir.example.org/r4']);
  });

  it('names each bad variable with what was expected', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      PUBLIC_BASE_URL: 'not a url',
      CDS_REQUIRE_JWT: 'maybe',
      CDS_TRUSTED_CLIENTS: '{oops',
      BODY_LIMIT: 'huge',
    });
    expect(problems.some((problem) => problem.startsWith('PORT:'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('PUBLIC_BASE_URL'))).toBe(true);
    expect(problems).toContain('CDS_REQUIRE_JWT: must be true or false');
    expect(problems).toContain('CDS_TRUSTED_CLIENTS: must be a JSON array of {iss, jku?, jwksFile?}');
    expect(problems).toContain('BODY_LIMIT: must look like 5mb or 512kb');
  });

  it('refuses to require JWTs with no trusted client, and a deadline shorter than one FHIR call', () => {
    expect(problemsOf({})[0]).toMatch(/no trusted CDS client/);
    expect(problemsOf({ CDS_TRUSTED_CLIENTS: TRUSTED, FHIR_TIMEOUT_MS: '3000', CDS_DEADLINE_MS: '1000' })).toEqual([
      'CDS_DEADLINE_MS: CDS_DEADLINE_MS must be at least FHIR_TIMEOUT_MS',
    ]);
  });

  it('trusts the public CDS Hooks Sandbox from the shipped key set when asked', () => {
    const config = parseConfig({ CDS_TRUST_HOOKS_SANDBOX: 'true' });
    const sandbox = config.trustedClients.find((client) => client.iss === CDS_HOOKS_SANDBOX_CLIENT.iss);
    expect(sandbox?.jku).toEqual(['https://sandbox.cds-hooks.org/.well-known/jwks.json']);
    expect(sandbox?.jwks?.keys[0]?.kid).toBe('44823f3d-0b01-4a6c-a80e-b9d3e8a7226f');
  });

  it('reports an unreadable jwksFile', () => {
    const problems = problemsOf({
      CDS_TRUSTED_CLIENTS: JSON.stringify([{ iss: 'https://x.example', jwksFile: '/nonexistent.json' }]),
    });
    expect(problems[0]).toMatch(/jwksFile for https:\/\/x.example/);
  });

  it('allows running without JWTs only when explicitly disabled', () => {
    expect(parseConfig({ CDS_REQUIRE_JWT: 'false' }).requireJwt).toBe(false);
  });
});
