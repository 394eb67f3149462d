import type { ReactElement } from 'react';
import { RELAUNCH_ADVICE, STRINGS } from '../../config/strings';
import type { LaunchError } from '../../lib/launch-error';

/** Every launch/auth/data failure ends here: a plain message telling the user to relaunch, never a blank page. */
export function LaunchErrorView({ error }: { error: LaunchError }): ReactElement {
  return (
    <main className="launch-error" role="alert" data-error-kind={error.kind}>
      <h1>{STRINGS.appName} could not open</h1>
      <p className="launch-error__title">{error.title}</p>
      <p className="launch-error__advice">{RELAUNCH_ADVICE}</p>
      {error.detail ? (
        <details>
          <summary>{STRINGS.errorTechnicalDetail}</summary>
          <p className="launch-error__detail">{error.detail}</p>
        </details>
      ) : null}
    </main>
  );
}
