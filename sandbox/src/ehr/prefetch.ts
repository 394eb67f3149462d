/** The context fields that may be prefetch tokens (root-level primitives of the hook context). */
export type PrefetchContext = Readonly<Record<string, string | undefined>>;

const TOKEN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/**
 * Resolves `{{context.x}}` and `{{userPractitionerId}}`-style tokens in a prefetch template; returns undefined when a
 * token cannot be resolved (CDS Hooks: the client must then leave the key out).
 */
export function resolvePrefetchTemplate(template: string, context: PrefetchContext): string | undefined {
  let unresolved = false;
  const resolved = template.replace(TOKEN, (_match, path: string) => {
    const value = path.startsWith('context.')
      ? context[path.slice('context.'.length)]
      : resolveUserToken(path, context);
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return unresolved ? undefined : resolved;
}

function resolveUserToken(name: string, context: PrefetchContext): string | undefined {
  const [type, id] = (context.userId ?? '').split('/');
  const tokens: Record<string, string> = {
    userPractitionerId: 'Practitioner',
    userPractitionerRoleId: 'PractitionerRole',
    userPatientId: 'Patient',
    userRelatedPersonId: 'RelatedPerson',
  };
  return tokens[name] === type ? id : undefined;
}

/**
 * Runs every prefetch template against the FHIR server. A key whose template cannot be resolved, or whose query
 * fails, is left out, as the CDS Hooks Sandbox does; the service then fetches it itself.
 */
export async function fetchPrefetch(
  templates: Readonly<Record<string, string>>,
  context: PrefetchContext,
  fhirBase: string,
  fetchImpl: typeof fetch = fetch
): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    Object.entries(templates).map(async ([key, template]): Promise<[string, unknown] | undefined> => {
      const path = resolvePrefetchTemplate(template, context);
      if (path === undefined) return undefined;
      const response = await fetchImpl(`${fhirBase}/${path}`, { headers: { Accept: 'application/fhir+json' } });
      if (!response.ok) return undefined;
      return [key, await response.json()];
    })
  );
  return Object.fromEntries(entries.filter((entry) => entry !== undefined));
}
