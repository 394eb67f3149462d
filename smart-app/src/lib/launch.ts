import FHIR from 'fhirclient';
import { buildAuthorizeParams, getLaunchContext } from './authorize';
import { applyFhirClientSettings } from './fhir-settings';
import { LaunchError, toLaunchError } from './launch-error';
import { fetchSmartAppConfig } from './smart-app-config';
import { fetchSmartConfiguration } from './smart-configuration';

/** Reads the runtime config, discovers the server's capabilities and redirects to the EHR's authorize endpoint. */
export async function startLaunch(location: Location): Promise<LaunchError | undefined> {
  try {
    const url = new URL(location.href);
    const config = await fetchSmartAppConfig(new URL('smart-config.json', url)).catch((error: unknown) => {
      throw new LaunchError('config', error instanceof Error ? error.message : undefined, { cause: error });
    });
    const context = getLaunchContext(url, config);
    const smartConfiguration = await fetchSmartConfiguration(context.iss);
    const { params } = buildAuthorizeParams(context, smartConfiguration);
    applyFhirClientSettings();
    await FHIR.oauth2.authorize(params);
    return undefined;
  } catch (error) {
    return toLaunchError(error);
  }
}
