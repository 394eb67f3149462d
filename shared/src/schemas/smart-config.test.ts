import { describe, expect, it } from 'vitest';
import { getClientSettings, parseSmartAppConfig } from './smart-config';

const config = parseSmartAppConfig({
  issuers: [
    { iss: 'https://ehr.example.org/fhir', clientId: 'exact-client' },
    { iss: 'http://127.0.0.1', match: 'prefix', clientId: 'local' },
    { iss: 'http://127.0.0.1:4001/fhir', match: 'prefix', clientId: 'local-fhir', redirectUri: 'app/index.html' },
  ],
  default: { clientId: 'fallback' },
});

describe('smart-config.json', () => {
  it('treats an entry without match as exact (trailing slashes ignored)', () => {
    expect(config.issuers[0]?.match).toBe('exact');
    expect(getClientSettings(config, 'https://ehr.example.org/fhir/')?.clientId).toBe('exact-client');
    expect(getClientSettings(config, 'https://ehr.example.org/fhir/tenant-2')?.clientId).toBe('fallback');
  });

  it('picks the longest matching prefix, else the default', () => {
    expect(getClientSettings(config, 'http://127.0.0.1:4001/fhir')).toMatchObject({
      clientId: 'local-fhir',
      redirectUri: 'app/index.html',
    });
    expect(getClientSettings(config, 'http://127.0.0.1:9999/r4')).toMatchObject({
      clientId: 'local',
      redirectUri: 'index.html',
    });
    expect(getClientSettings(config, 'https://other.example.org/fhir')?.clientId).toBe('fallback');
    expect(getClientSettings(parseSmartAppConfig({}), 'https://other.example.org/fhir')).toBeUndefined();
  });

  it('names the invalid field', () => {
    expect(() => parseSmartAppConfig({ issuers: [{ iss: 'not a url', clientId: 'x' }] })).toThrow(
      /smart-config\.json is invalid: issuers\.0\.iss/
    );
    expect(() =>
      parseSmartAppConfig({ issuers: [{ iss: 'https://a.example', clientId: 'x', match: 'glob' }] })
    ).toThrow(/issuers\.0\.match/);
  });
});
