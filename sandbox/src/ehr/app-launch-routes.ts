import { randomUUID } from 'node:crypto';
import type { Express, Response } from 'express';
import { buildEhrLaunchUrl } from './app-launch';
import { sendPatientNotLoaded } from './chart-routes';
import { findShownCard, loadRecord, remember, type EhrContext } from './ehr-context';
import { renderAppFrame, renderError } from './views';

/** An EHR launch of a SMART app in the chart's frame: launch context for the patient, then the frame page. */
function launchApp(
  context: EhrContext,
  res: Response,
  patientId: string,
  launchUrl: string,
  appContext?: string
): void {
  const { deps } = context;
  const launch = deps.auth.mintLaunch({
    patient: patientId,
    ...(appContext !== undefined ? { appContext } : {}),
    user: deps.userId,
    needPatientBanner: false,
  });
  const key = randomUUID();
  remember(context.frames, key, {
    patientId,
    url: buildEhrLaunchUrl(launchUrl, `${deps.getFhirOrigin()}/fhir`, launch),
  });
  res.redirect(303, `/patients/${encodeURIComponent(patientId)}/app/${key}`);
}

/** SMART app launches from a card's link or the chart's app menu, and the frame page that hosts the app. */
export function registerAppLaunchRoutes(app: Express, context: EhrContext): void {
  app.post('/patients/:id/cards/:uuid/launch', (req, res) => {
    const stored = findShownCard(context, req);
    const link = stored?.card.links?.[Number((req.body as Record<string, string | undefined>).link)];
    if (!stored || link?.type !== 'smart') {
      res.status(404).type('html').send(renderError('This app link is no longer available; reopen the chart.'));
      return;
    }
    launchApp(context, res, stored.patientId, link.url, link.appContext);
  });
  app.post('/patients/:id/apps/tachywatch', async (req, res) => {
    const patientId = String(req.params.id);
    const appLaunchUrl = context.deps.appLaunchUrl;
    if (!appLaunchUrl) {
      res.status(404).type('html').send(renderError('No SMART app is registered with this EHR.'));
      return;
    }
    if (!(await loadRecord(context, patientId))) {
      sendPatientNotLoaded(res, patientId);
      return;
    }
    launchApp(context, res, patientId, appLaunchUrl);
  });
  app.get('/patients/:id/app/:key', async (req, res) => {
    const frame = context.frames.get(String(req.params.key));
    const record = frame?.patientId === req.params.id ? await loadRecord(context, frame.patientId) : undefined;
    if (!frame || !record) {
      res.status(404).type('html').send(renderError('This app launch has expired; launch it again from the card.'));
      return;
    }
    res.type('html').send(renderAppFrame(frame.patientId, record, frame.url));
  });
}
