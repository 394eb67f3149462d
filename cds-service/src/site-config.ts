import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SITE_CONFIG, parseSiteConfig, type SiteConfig } from '@tachywatch/shared';

/**
 * Reads the site configuration file named by `TACHYWATCH_SITE_CONFIG` (thresholds and flags, schema in
 * @tachywatch/shared). Without the variable the knowledge pack's defaults apply. A missing, unreadable or invalid file
 * is a start-up error naming the variable, the path and every bad field: the service never runs on a config it
 * could not read.
 */
export function loadSiteConfig(path: string | undefined): { site: SiteConfig } | { problem: string } {
  if (path === undefined || path.trim() === '') {
    return { site: DEFAULT_SITE_CONFIG };
  }
  const file = resolve(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    return { problem: `TACHYWATCH_SITE_CONFIG: ${file} ${reason}` };
  }
  try {
    return { site: parseSiteConfig(json, file) };
  } catch (error) {
    return { problem: `TACHYWATCH_SITE_CONFIG: ${error instanceof Error ? error.message : String(error)}` };
  }
}
