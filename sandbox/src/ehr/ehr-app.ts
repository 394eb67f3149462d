import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { registerAppLaunchRoutes } from './app-launch-routes';
import { CdsCallError } from './cds-client';
import { registerChartRoutes } from './chart-routes';
import { PATIENT_ID, createEhrContext, type EhrDeps } from './ehr-context';
import { registerFeedbackRoute } from './feedback-route';
import { registerOrderRoutes } from './order-routes';
import { registerPanelRoutes } from './panel';
import { renderError } from './views';

export { CDS_SERVICE_CLIENT_ID, CDS_SERVICE_SCOPE } from './cds-calls';
export type { EhrDeps } from './ehr-context';

/**
 * The mini EHR: a patient list and a chart rendered on the server from FHIR (through the shared readers), calling
 * the CDS service from its backend as an EHR does, sending feedback and launching `smart` links in a frame.
 */
export function createEhrApp(deps: EhrDeps): Express {
  const context = createEhrContext(deps);
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.param('id', (_req, res, next, id: string) => {
    if (!PATIENT_ID.test(id)) {
      res.status(400).type('html').send(renderError('Invalid patient id'));
      return;
    }
    next();
  });
  // The EHR's public key, for the CDS service to verify the client JWT it sends with each call.
  app.get('/.well-known/jwks.json', (_req, res) => {
    res.json(deps.identity.jwks);
  });
  registerChartRoutes(app, context);
  if (deps.panel) {
    registerPanelRoutes(app, {
      ...deps.panel,
      auth: deps.auth,
      getFhirOrigin: deps.getFhirOrigin,
      userId: deps.userId,
    });
  }
  registerFeedbackRoute(app, context);
  registerAppLaunchRoutes(app, context);
  registerOrderRoutes(app, context);
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const message = error instanceof CdsCallError ? error.message : 'The sandbox EHR hit an unexpected error.';
    res.status(500).type('html').send(renderError(message));
  });
  return app;
}
