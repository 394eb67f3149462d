/**
 * Which FHIR servers the service may call: only those on the allow-list (no request goes anywhere else), and
 * paging links only on the same server the hook named.
 */
export function normalizeBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/** True when `url` is at or under `base` (same origin, path prefix at a segment boundary). */
export function isUnderBase(url: string, base: string): boolean {
  let target: URL;
  let root: URL;
  try {
    target = new URL(url);
    root = new URL(normalizeBaseUrl(base));
  } catch {
    return false;
  }
  if (target.origin !== root.origin || target.username !== '' || target.password !== '') return false;
  const rootPath = root.pathname.replace(/\/+$/, '');
  return target.pathname === rootPath || target.pathname.startsWith(`${rootPath}/`) || rootPath === '';
}

export function isAllowedFhirServer(fhirServer: string, allowList: readonly string[]): boolean {
  const normalized = normalizeBaseUrl(fhirServer);
  return allowList.some((allowed) => isUnderBase(normalized, allowed));
}

/** Resolves a (possibly relative) paging link against the server base; undefined when it leaves the server. */
export function resolveLinkOnServer(link: string, fhirServer: string): string | undefined {
  let resolved: string;
  try {
    resolved = new URL(link, `${normalizeBaseUrl(fhirServer)}/`).toString();
  } catch {
    return undefined;
  }
  return isUnderBase(resolved, fhirServer) ? resolved : undefined;
}
