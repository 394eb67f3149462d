import { getClientSettings, type ClientSettings, type SmartAppConfig } from '@tachywatch/shared';
import type { fhirclient } from 'fhirclient/lib/types';
import { LaunchError } from './launch-error';
import { buildScope, getScopeVersion } from './scopes';
import type { LaunchMode, ScopeVersion } from './scopes';
import type { SmartConfiguration } from './smart-configuration';

export interface LaunchContext {
  readonly mode: LaunchMode;
  readonly iss: string;
  readonly launch?: string;
  readonly settings: ClientSettings;
}

/** Reads `iss` and `launch` from the launch URL: EHR launch when `launch` is present, else standalone. */
export function getLaunchContext(url: URL, config: SmartAppConfig): LaunchContext {
  const launch = url.searchParams.get('launch') ?? undefined;
  const iss = url.searchParams.get('iss') ?? (launch ? undefined : config.standaloneIss);
  if (!iss) {
    throw new LaunchError(
      'no-state',
      launch ? 'The EHR sent a launch without its FHIR server (iss).' : 'No iss parameter.'
    );
  }
  const settings = getClientSettings(config, iss);
  if (!settings) {
    throw new LaunchError('config', `No client registration in smart-config.json matches ${new URL(iss).origin}.`);
  }
  return { mode: launch ? 'ehr' : 'standalone', iss, launch, settings };
}

export interface AuthorizePlan {
  readonly params: fhirclient.AuthorizeParams;
  readonly scopeVersion: ScopeVersion;
}

/**
 * Builds the options for `FHIR.oauth2.authorize` without any I/O, so tests can check them.
 * PKCE is `required` when the server advertises S256, else `ifSupported`; completion stays in the target window
 * (`completeInTarget`) so the launch works inside an EHR iframe. Write scopes are asked for only when the site
 * turns write-back on; a per-issuer `scope` in smart-config.json is used exactly as written.
 */
export function buildAuthorizeParams(
  context: LaunchContext,
  smartConfiguration?: SmartConfiguration,
  site: { readonly writeBack: boolean } = { writeBack: false }
): AuthorizePlan {
  const { settings } = context;
  const scopeVersion: ScopeVersion =
    settings.scopeVersion === 'auto' ? getScopeVersion(smartConfiguration?.capabilities) : settings.scopeVersion;
  const scope = settings.scope ?? buildScope(context.mode, scopeVersion, { writeBack: site.writeBack });
  const s256 = smartConfiguration?.code_challenge_methods_supported.includes('S256') ?? false;
  const params: fhirclient.AuthorizeParams = {
    clientId: settings.clientId,
    scope,
    redirectUri: settings.redirectUri,
    pkceMode: s256 ? 'required' : 'ifSupported',
    completeInTarget: true,
    // For an EHR launch fhirclient reads `iss` and `launch` from the URL itself and MUST NOT be given `iss`.
    ...(context.mode === 'standalone' ? { iss: context.iss } : {}),
  };
  return { params, scopeVersion };
}
