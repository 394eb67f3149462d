import FHIR from 'fhirclient';
import { buildAuthorizeParams, getLaunchContext } from './authorize';
import { applyFhirClientSettings } from './fhir-settings';
import { LaunchError, toLaunchError } from './launch-error';
import { fetchSiteConfig } from './site-config';
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
    // The site file decides whether write scopes are asked for; it is read again (the same file) by the review.
    const [smartConfiguration, site] = await Promise.all([
      fetchSmartConfiguration(context.iss),
      fetchSiteConfig(new URL('site-config.json', url)),
    ]);
    const { params } = buildAuthorizeParams(context, smartConfiguration, { writeBack: site.flags.writeBack });
    applyFhirClientSettings();
    await FHIR.oauth2.authorize(params);
    return undefined;
  } catch (error) {
    return toLaunchError(error);
  }
}
