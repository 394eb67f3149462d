import type Client from 'fhirclient/lib/Client';
import { createContext, useContext } from 'react';
import type { ReactElement, ReactNode } from 'react';

const FhirClientContext = createContext<Client | undefined>(undefined);

/** Injects the ready `fhirclient` Client: the real one after `ready()`, or one made with `FHIR.client()` in tests. */
export function FhirClientProvider({ client, children }: { client: Client; children: ReactNode }): ReactElement {
  return <FhirClientContext value={client}>{children}</FhirClientContext>;
}

export function useFhirClient(): Client {
  const client = useContext(FhirClientContext);
  if (!client) {
    throw new Error('useFhirClient must be used inside <FhirClientProvider>');
  }
  return client;
}
