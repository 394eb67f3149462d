import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAppClient, FALLBACK_APP_CLIENT } from './app-config';

const APP = 'http://127.0.0.1:4003';

function writeConfig(config: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tachywatch-app-config-')), 'smart-config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('buildAppClient', () => {
  it('matches an issuer without `match` exactly, as the app does', () => {
    const path = writeConfig({
      issuers: [{ iss: 'http://127.0.0.1:4001', clientId: 'exact-only', redirectUri: 'index.html' }],
      default: { clientId: 'fallback', redirectUri: 'app.html' },
    });
    expect(buildAppClient(path, APP, 'http://127.0.0.1:4001/fhir')).toMatchObject({
      clientId: 'fallback',
      redirectUris: [`${APP}/app.html`],
    });
    expect(buildAppClient(path, APP, 'http://127.0.0.1:4001/')).toMatchObject({
      clientId: 'exact-only',
      redirectUris: [`${APP}/index.html`],
    });
  });

  it('uses the longest prefix entry of the shipped config shape', () => {
    const path = writeConfig({
      issuers: [
        { iss: 'http://127.0.0.1', match: 'prefix', clientId: 'local' },
        { iss: 'http://127.0.0.1:4001/fhir', match: 'prefix', clientId: 'sandbox', redirectUri: 'x/index.html' },
      ],
    });
    expect(buildAppClient(path, APP, 'http://127.0.0.1:4001/fhir')).toMatchObject({
      clientId: 'sandbox',
      redirectUris: [`${APP}/x/index.html`],
    });
  });

  it('falls back to the local defaults when the file is missing or invalid', () => {
    const expected = { clientId: FALLBACK_APP_CLIENT.clientId, redirectUris: [`${APP}/index.html`] };
    expect(buildAppClient('/nonexistent/smart-config.json', APP, 'http://127.0.0.1:4001/fhir')).toMatchObject(expected);
    const invalid = writeConfig({ issuers: [{ iss: 'no url', clientId: 'x' }] });
    expect(buildAppClient(invalid, APP, 'http://127.0.0.1:4001/fhir')).toMatchObject(expected);
  });
});
