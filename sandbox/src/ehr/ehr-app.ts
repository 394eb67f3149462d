import { randomUUID } from 'node:crypto';
import { readPatientRecord, type FeedbackItem } from '@tachywatch/shared';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AuthServer } from '../auth/auth-server';
import { CdsCallError, type CdsClient, type CdsClientIdentity } from './cds-client';
import { buildDraftOrders, listOrderableDrugs } from './draft-order';
import { registerPanelRoutes, type PanelOptions } from './panel';
import { fetchAllPages, fetchPatientResources } from './patient-data';
import { fetchPrefetch } from './prefetch';
import { renderAppFrame, renderChart, renderError, renderPatientList, type CdsMode, type ShownCard } from './views';

export interface EhrDeps {
  /** Origin of the FHIR + auth server (`/fhir`, `/fhir-open`, `/auth`). */
  readonly getFhirOrigin: () => string;
  readonly auth: AuthServer;
  readonly cds: CdsClient;
  readonly identity: CdsClientIdentity;
  /** The signed-in clinician, a relative reference. */
  readonly userId: string;
  readonly fetchImpl?: typeof fetch;
  readonly now?: () => Date;
  /** The Panel page (population registry): where the registry file is and how to launch the app. */
  readonly panel?: Pick<PanelOptions, 'registryFile' | 'appLaunchUrl'>;
}

/** The scopes of the token the EHR gives the CDS service as `fhirAuthorization` (read-only, one patient). */
export const CDS_SERVICE_SCOPE = [
  'Patient',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'MedicationDispense',
  'Medication',
  'Condition',
  'Procedure',
  'QuestionnaireResponse',
]
  .map((type) => `patient/${type}.rs`)
  .join(' ');
export const CDS_SERVICE_CLIENT_ID = 'tachywatch-cds-service';

const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const MAX_REMEMBERED = 500;
const NOTICES: Record<string, string> = {
  'feedback-accepted': 'Feedback sent: suggestion accepted.',
  'feedback-overridden': 'Feedback sent: card overridden.',
};

type HookName = 'patient-view' | 'order-select' | 'order-sign';

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

function toMode(value: unknown): CdsMode {
  return value === 'fhir-authorization' ? 'fhir-authorization' : 'prefetch';
}

/**
 * The mini EHR: a patient list and a chart rendered on the server from FHIR (through the shared readers), calling
 * the CDS service from its backend as an EHR does, sending feedback and launching `smart` links in a frame.
 */
export function createEhrApp(deps: EhrDeps): Express {
  const fetchImpl = deps.fetchImpl ?? fetch;
  const now = deps.now ?? ((): Date => new Date());
  const openBase = (): string => `${deps.getFhirOrigin()}/fhir-open`;
  const cards = new Map<string, ShownCard & { patientId: string }>();
  const frames = new Map<string, { patientId: string; url: string }>();

  async function callHook(
    hook: HookName,
    patientId: string,
    mode: CdsMode,
    extraContext: Record<string, unknown> = {}
  ): Promise<ShownCard[]> {
    const discovery = await deps.cds.fetchDiscovery();
    const shown: ShownCard[] = [];
    const context = { userId: deps.userId, patientId, ...extraContext };
    for (const service of discovery.services.filter((candidate) => candidate.hook === hook)) {
      const request: Record<string, unknown> = { hookInstance: randomUUID(), hook, context };
      if (mode === 'prefetch') {
        request.fhirServer = openBase();
        request.prefetch = await fetchPrefetch(
          service.prefetch ?? {},
          { userId: deps.userId, patientId },
          openBase(),
          fetchImpl
        );
      } else {
        const token = await deps.auth.mintAccessToken({
          clientId: CDS_SERVICE_CLIENT_ID,
          scope: CDS_SERVICE_SCOPE,
          patient: patientId,
        });
        request.fhirServer = `${deps.getFhirOrigin()}/fhir`;
        request.fhirAuthorization = { ...token, subject: CDS_SERVICE_CLIENT_ID, patient: patientId };
      }
      const response = await deps.cds.callService(service.id, request);
      for (const card of response.cards) {
        const item = { serviceId: service.id, card };
        if (card.uuid) remember(cards, card.uuid, { ...item, patientId });
        shown.push(item);
      }
    }
    return shown;
  }

  async function loadRecord(patientId: string): Promise<ReturnType<typeof readPatientRecord> | undefined> {
    const response = await fetchImpl(`${openBase()}/Patient/${encodeURIComponent(patientId)}`);
    if (!response.ok) return undefined;
    return readPatientRecord(await fetchPatientResources(openBase(), patientId, fetchImpl), { patientId });
  }

  async function showChart(req: Request, res: Response, orderCards?: ShownCard[]): Promise<void> {
    const patientId = String(req.params.id);
    const record = await loadRecord(patientId);
    if (!record) {
      res
        .status(404)
        .type('html')
        .send(renderError(`Patient ${patientId} is not loaded in the sandbox.`));
      return;
    }
    const mode = toMode(req.query.mode ?? (req.body as Record<string, unknown> | undefined)?.mode);
    let shown: ShownCard[] = [];
    let cdsError: string | undefined;
    try {
      shown = await callHook('patient-view', patientId, mode);
    } catch (error) {
      if (!(error instanceof CdsCallError)) throw error;
      cdsError = `The CDS service could not be called: ${error.message}`;
    }
    const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
    res.type('html').send(
      renderChart({
        patientId,
        record,
        mode,
        cards: shown,
        cdsError,
        notice,
        orderCards,
        orderable: listOrderableDrugs(),
      })
    );
  }

  function findCard(req: Request): (ShownCard & { patientId: string }) | undefined {
    const stored = cards.get(String(req.params.uuid));
    return stored?.patientId === String(req.params.id) ? stored : undefined;
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '32kb' }));
  app.param('id', (req, res, next, id: string) => {
    if (!PATIENT_ID.test(id)) {
      res.status(400).type('html').send(renderError('Invalid patient id'));
      return;
    }
    next();
  });

  app.get('/.well-known/jwks.json', (_req, res) => {
    res.json(deps.identity.jwks);
  });
  app.get('/', async (_req, res) => {
    const pages = await fetchAllPages(`${openBase()}/Patient?_count=1000&_sort=family`, fetchImpl);
    const patients = (pages as fhir4.Bundle[]).flatMap((page) =>
      (page.entry ?? []).flatMap((entry) => {
        const id = entry.resource?.id;
        if (!id) return [];
        return [{ id, name: readPatientRecord([entry.resource], { patientId: id }).patient?.name ?? id }];
      })
    );
    res.type('html').send(renderPatientList(patients));
  });
  if (deps.panel) {
    registerPanelRoutes(app, {
      ...deps.panel,
      auth: deps.auth,
      getFhirOrigin: deps.getFhirOrigin,
      userId: deps.userId,
    });
  }
  app.get('/patients/:id', (req, res) => showChart(req, res));
  app.post('/patients/:id/cards/:uuid/feedback', async (req, res) => {
    const stored = findCard(req);
    if (!stored) {
      res.status(404).type('html').send(renderError('This card is no longer shown; reopen the chart.'));
      return;
    }
    const body = req.body as Record<string, string | undefined>;
    const outcome = body.outcome === 'accepted' ? 'accepted' : 'overridden';
    const item: FeedbackItem = { card: stored.card.uuid ?? '', outcome, outcomeTimestamp: now().toISOString() };
    if (outcome === 'accepted') {
      const suggestion = stored.card.suggestions?.find((candidate) => candidate.uuid === body.suggestion);
      if (!suggestion?.uuid) {
        res.status(400).type('html').send(renderError('Unknown suggestion'));
        return;
      }
      item.acceptedSuggestions = [{ id: suggestion.uuid }];
    } else {
      const reason = body.reason ? stored.card.overrideReasons?.[Number(body.reason)] : undefined;
      const comment = body.comment?.trim();
      if (reason || comment)
        item.overrideReason = { ...(reason ? { reason } : {}), ...(comment ? { userComment: comment } : {}) };
    }
    await deps.cds.sendFeedback(stored.serviceId, [item]);
    res.redirect(303, `/patients/${encodeURIComponent(stored.patientId)}?notice=feedback-${outcome}`);
  });
  app.post('/patients/:id/cards/:uuid/launch', (req, res) => {
    const stored = findCard(req);
    const link = stored?.card.links?.[Number((req.body as Record<string, string | undefined>).link)];
    if (!stored || link?.type !== 'smart') {
      res.status(404).type('html').send(renderError('This app link is no longer available; reopen the chart.'));
      return;
    }
    const launch = deps.auth.mintLaunch({
      patient: stored.patientId,
      appContext: link.appContext,
      user: deps.userId,
      needPatientBanner: false,
    });
    const url = new URL(link.url);
    url.searchParams.set('iss', `${deps.getFhirOrigin()}/fhir`);
    url.searchParams.set('launch', launch);
    const key = randomUUID();
    remember(frames, key, { patientId: stored.patientId, url: url.toString() });
    res.redirect(303, `/patients/${encodeURIComponent(stored.patientId)}/app/${key}`);
  });
  app.get('/patients/:id/app/:key', async (req, res) => {
    const frame = frames.get(String(req.params.key));
    const record = frame?.patientId === req.params.id ? await loadRecord(frame.patientId) : undefined;
    if (!frame || !record) {
      res.status(404).type('html').send(renderError('This app launch has expired; launch it again from the card.'));
      return;
    }
    res.type('html').send(renderAppFrame(frame.patientId, record, frame.url));
  });
  app.post('/patients/:id/order', async (req, res) => {
    const patientId = String(req.params.id);
    const body = req.body as Record<string, string | undefined>;
    const drug = listOrderableDrugs().find((candidate) => candidate.rxcui === body.rxcui);
    if (!drug) {
      res.status(400).type('html').send(renderError('Choose a medication from the list'));
      return;
    }
    const draftOrders = buildDraftOrders(patientId, drug, deps.userId, now());
    const selection = `MedicationRequest/${draftOrders.entry?.[0]?.resource?.id ?? ''}`;
    const mode = toMode(body.mode);
    let orderCards: ShownCard[];
    try {
      const selected = await callHook('order-select', patientId, mode, { selections: [selection], draftOrders });
      const signed = await callHook('order-sign', patientId, mode, { draftOrders });
      orderCards = [...selected, ...signed];
    } catch (error) {
      if (!(error instanceof CdsCallError)) throw error;
      res
        .status(502)
        .type('html')
        .send(renderError(`The CDS service could not be called: ${error.message}`));
      return;
    }
    await showChart(req, res, orderCards);
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const message = error instanceof CdsCallError ? error.message : 'The sandbox EHR hit an unexpected error.';
    res.status(500).type('html').send(renderError(message));
  });
  return app;
}
