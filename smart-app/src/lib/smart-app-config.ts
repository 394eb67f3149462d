import { parseSmartAppConfig, type SmartAppConfig } from '@tachywatch/shared';

/** Fetches the runtime `smart-config.json` next to the launch page; the schema lives in @tachywatch/shared. */
export async function fetchSmartAppConfig(url: URL): Promise<SmartAppConfig> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`smart-config.json could not be loaded (HTTP ${response.status})`);
  }
  return parseSmartAppConfig(await response.json());
}
