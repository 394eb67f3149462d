import { DEFAULT_SITE_CONFIG, parseSiteConfig, type SiteConfig } from '@tachywatch/shared';
import { LaunchError } from './launch-error';

/**
 * Fetches the site configuration (`site-config.json`, the same file the CDS service reads from
 * `TACHYWATCH_SITE_CONFIG`) next to the app's page. No file (404) means the knowledge pack's defaults, as for the
 * service without the variable; an unreadable or invalid file stops the review rather than judge with other numbers
 * than the cards.
 */
export async function fetchSiteConfig(url: URL, signal?: AbortSignal): Promise<SiteConfig> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', signal });
  if (response.status === 404) {
    return DEFAULT_SITE_CONFIG;
  }
  if (!response.ok) {
    throw new LaunchError('config', `site-config.json could not be loaded (HTTP ${response.status})`);
  }
  try {
    return parseSiteConfig(await response.json());
  } catch (error) {
    throw new LaunchError('config', error instanceof Error ? error.message : 'site-config.json is not valid JSON', {
      cause: error,
    });
  }
}

export function getSiteConfigUrl(): URL {
  return new URL('site-config.json', window.location.href);
}
