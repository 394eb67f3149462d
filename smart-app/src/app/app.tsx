import type Client from 'fhirclient/lib/Client';
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import { LaunchErrorView } from '../components/errors/launch-error-view';
import { STRINGS } from '../config/strings';
import { FhirClientProvider } from '../lib/fhir-client-context';
import { toLaunchError } from '../lib/launch-error';
import type { LaunchError } from '../lib/launch-error';
import { PatientReview } from './routes/patient-review';

type ReadyState = { status: 'pending' } | { status: 'ready'; client: Client } | { status: 'error'; error: LaunchError };

/** The redirect page: completes authorization (`ready()`), then injects the client into the review. */
export function App({ getClient }: { getClient: () => Promise<Client> }): ReactElement {
  const [state, setState] = useState<ReadyState>({ status: 'pending' });
  useEffect(() => {
    let active = true;
    getClient().then(
      (client) => active && setState({ status: 'ready', client }),
      (error: unknown) => active && setState({ status: 'error', error: toLaunchError(error) })
    );
    return () => {
      active = false;
    };
  }, [getClient]);

  switch (state.status) {
    case 'pending':
      return (
        <main className="review review--loading" aria-busy="true">
          <p>{STRINGS.authorizing}</p>
        </main>
      );
    case 'error':
      return <LaunchErrorView error={state.error} />;
    case 'ready':
      return (
        <FhirClientProvider client={state.client}>
          <PatientReview />
        </FhirClientProvider>
      );
  }
}
