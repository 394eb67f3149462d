import { parseSmartAppConfig } from '@tachywatch/shared';
import { describe, expect, it } from 'vitest';
import { buildAuthorizeParams, getLaunchContext } from './authorize';
import { LaunchError } from './launch-error';
import { SmartConfigurationSchema } from './smart-configuration';

const config = parseSmartAppConfig({
  issuers: [
    {
      iss: 'https://ehr.example.org/fhir',
      clientId: 'exact-client',
      redirectUri: 'https://app.example.org/index.html',
    },
    { iss: 'https://ehr.example.org/', match: 'prefix', clientId: 'prefix-client' },
    { iss: 'https://v1.example.org/fhir', clientId: 'v1-client', scopeVersion: 'v1' },
  ],
  default: { clientId: 'default-client' },
});

const v2Server = SmartConfigurationSchema.parse({
  capabilities: ['launch-ehr', 'permission-v2', 'client-public'],
  code_challenge_methods_supported: ['S256'],
});

describe('getLaunchContext', () => {
  it('makes an EHR launch when the EHR passes launch and iss, choosing the exact issuer entry', () => {
    const url = new URL('https://app.example.org/launch.html?iss=https%3A%2F%2Fehr.example.org%2Ffhir&launch=abc');
    const context = getLaunchContext(url, config);
    expect(context).toMatchObject({ mode: 'ehr', launch: 'abc', iss: 'https://ehr.example.org/fhir' });
    expect(context.settings.clientId).toBe('exact-client');
  });

  it('falls back to a prefix entry, then to the default', () => {
    const prefixed = getLaunchContext(
      new URL('https://a/launch.html?iss=https%3A%2F%2Fehr.example.org%2Ftenant%2Ffhir'),
      config
    );
    expect(prefixed.settings.clientId).toBe('prefix-client');
    expect(prefixed.mode).toBe('standalone');
    const other = getLaunchContext(
      new URL('https://a/launch.html?iss=https%3A%2F%2Fother.org%2Ffhir&launch=x'),
      config
    );
    expect(other.settings.clientId).toBe('default-client');
  });

  it('refuses a launch without iss with a relaunch error', () => {
    expect(() => getLaunchContext(new URL('https://a/launch.html?launch=x'), config)).toThrow(LaunchError);
  });

  it('refuses an issuer with no registration when there is no default', () => {
    const noDefault = parseSmartAppConfig({ issuers: [] });
    expect(() =>
      getLaunchContext(new URL('https://a/launch.html?iss=https%3A%2F%2Fx.org&launch=1'), noDefault)
    ).toThrow(/not set up for this EHR/);
  });
});

describe('buildAuthorizeParams', () => {
  it('asks for v2 scopes, required PKCE and completion in the iframe when the server advertises them', () => {
    const context = getLaunchContext(
      new URL('https://a/launch.html?iss=https%3A%2F%2Fehr.example.org%2Ffhir&launch=abc'),
      config
    );
    const { params, scopeVersion } = buildAuthorizeParams(context, v2Server);
    expect(scopeVersion).toBe('v2');
    expect(params.pkceMode).toBe('required');
    expect(params.completeInTarget).toBe(true);
    expect(params.iss).toBeUndefined();
    expect(params.scope?.split(' ')).toEqual([
      'launch',
      'openid',
      'fhirUser',
      'patient/Patient.rs',
      'patient/MedicationStatement.rs',
      'patient/MedicationRequest.rs',
      'patient/MedicationDispense.rs',
      'patient/Observation.rs',
      'patient/QuestionnaireResponse.rs',
      'patient/Condition.rs',
      'patient/Procedure.rs',
      'patient/Medication.rs',
    ]);
    expect(params.scope).not.toMatch(/\*/);
  });

  it('falls back to v1 scopes and PKCE if supported when the server lacks permission-v2 and S256', () => {
    const context = getLaunchContext(
      new URL('https://a/launch.html?iss=https%3A%2F%2Fother.org%2Ffhir&launch=abc'),
      config
    );
    const { params } = buildAuthorizeParams(
      context,
      SmartConfigurationSchema.parse({ capabilities: ['permission-v1'] })
    );
    expect(params.scope).toContain('patient/Observation.read');
    expect(params.scope).not.toContain('.rs');
    expect(params.pkceMode).toBe('ifSupported');
  });

  it('asks for launch/patient (a patient picker) in a standalone launch and passes iss', () => {
    const context = getLaunchContext(new URL('https://a/launch.html?iss=https%3A%2F%2Fehr.example.org%2Ffhir'), config);
    const { params } = buildAuthorizeParams(context, v2Server);
    expect(params.scope?.split(' ')[0]).toBe('launch/patient');
    expect(params.iss).toBe('https://ehr.example.org/fhir');
  });

  it('asks for the write-back scopes only when the site turns write-back on, in the server’s scope version', () => {
    const ehr = getLaunchContext(
      new URL('https://a/launch.html?iss=https%3A%2F%2Fehr.example.org%2Ffhir&launch=abc'),
      config
    );
    const readOnly = buildAuthorizeParams(ehr, v2Server).params.scope;
    expect(buildAuthorizeParams(ehr, v2Server, { writeBack: false }).params.scope).toBe(readOnly);
    expect(readOnly).not.toMatch(/\.(c|cu|write)\b/);
    const writing = buildAuthorizeParams(ehr, v2Server, { writeBack: true }).params.scope?.split(' ');
    expect(writing).toEqual([
      ...(readOnly ?? '').split(' '),
      'patient/QuestionnaireResponse.cu',
      'patient/ServiceRequest.c',
    ]);
    const v1 = getLaunchContext(
      new URL('https://a/launch.html?iss=https%3A%2F%2Fv1.example.org%2Ffhir&launch=1'),
      config
    );
    expect(buildAuthorizeParams(v1, v2Server, { writeBack: true }).params.scope?.split(' ').slice(-2)).toEqual([
      'patient/QuestionnaireResponse.write',
      'patient/ServiceRequest.write',
    ]);
  });

  it('honours a per-issuer scope version', () => {
    const context = getLaunchContext(
      new URL('https://a/launch.html?iss=https%3A%2F%2Fv1.example.org%2Ffhir&launch=1'),
      config
    );
    expect(buildAuthorizeParams(context, v2Server).scopeVersion).toBe('v1');
  });
});

describe('parseSmartAppConfig', () => {
  it('rejects wildcard scopes and says where the file is wrong', () => {
    expect(() => parseSmartAppConfig({ default: { clientId: 'x', scope: 'launch patient/*.read' } })).toThrow(
      /default\.scope: wildcard/
    );
  });
});
