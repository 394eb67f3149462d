import { randomUUID } from 'node:crypto';
import { readPatientRecord, type FeedbackItem } from '@tachywatch/shared';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AuthServer } from '../auth/auth-server';
import { CdsCallError, type CdsClient, type CdsClientIdentity } from './cds-client';
import { buildDraftOrders, listOrderableDrugs, newDraftId, type OrderableDrug } from './draft-order';
import { registerPanelRoutes, type PanelOptions } from './panel';
import { fetchAllPages, fetchPatientResources } from './patient-data';
import { fetchPrefetch } from './prefetch';
import {
  renderAppFrame,
  renderChart,
  renderError,
  renderPatientList,
  type CdsMode,
  type OrderInProgress,
  type ShownCard,
  type SilencedCard,
} from './views';

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
  /** The SMART app's launch URL, for the chart's app menu (the app opens for any patient, card or not). */
  readonly appLaunchUrl?: string;
  /** A label per patient id (the scenario a synthetic patient was made for), shown in the patient list. */
  readonly patientLabels?: ReadonlyMap<string, string>;
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
const DRAFT_ID = /^draft-[A-Za-z0-9-]{1,64}$/;
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
  /** Cards the clinician overrode, per patient: hidden from the chart, listed as silenced. */
  const silenced = new Map<string, SilencedCard[]>();
  /** order-sign results, so the page after signing survives a reload. */
  const signed = new Map<string, { patientId: string; draftId: string; cards: ShownCard[] }>();

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

  function isSilenced(patientId: string, shown: ShownCard): boolean {
    return (silenced.get(patientId) ?? []).some(
      (item) =>
        item.serviceId === shown.serviceId &&
        item.card.summary === shown.card.summary &&
        item.card.source.topic?.code === shown.card.source.topic?.code
    );
  }

  async function showChart(req: Request, res: Response, order?: OrderInProgress): Promise<void> {
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
        cards: shown.filter((item) => !isSilenced(patientId, item)),
        silenced: silenced.get(patientId) ?? [],
        cdsError,
        notice,
        order,
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
        const name = readPatientRecord([entry.resource], { patientId: id }).patient?.name ?? id;
        const label = deps.patientLabels?.get(id);
        return [{ id, name, ...(label ? { label } : {}) }];
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
      if (stored.card.indicator === 'critical' && !reason) {
        res
          .status(400)
          .type('html')
          .send(renderError('A critical card can only be overridden with one of its reasons; go back and choose one.'));
        return;
      }
      const comment = body.comment?.trim();
      if (reason || comment)
        item.overrideReason = { ...(reason ? { reason } : {}), ...(comment ? { userComment: comment } : {}) };
    }
    await deps.cds.sendFeedback(stored.serviceId, [item]);
    if (outcome === 'overridden') {
      const list = silenced.get(stored.patientId) ?? [];
      const reason = item.overrideReason?.reason;
      list.push({
        serviceId: stored.serviceId,
        card: stored.card,
        at: item.outcomeTimestamp,
        ...(reason && 'display' in reason && typeof reason.display === 'string' ? { reason: reason.display } : {}),
      });
      remember(silenced, stored.patientId, list.slice(-20));
    }
    res.redirect(303, `/patients/${encodeURIComponent(stored.patientId)}?notice=feedback-${outcome}`);
  });
  /** An EHR launch of a SMART app in the chart's frame: launch context for the patient, then the frame page. */
  function launchApp(res: Response, patientId: string, launchUrl: string, appContext?: string): void {
    const launch = deps.auth.mintLaunch({
      patient: patientId,
      ...(appContext !== undefined ? { appContext } : {}),
      user: deps.userId,
      needPatientBanner: false,
    });
    const url = new URL(launchUrl);
    url.searchParams.set('iss', `${deps.getFhirOrigin()}/fhir`);
    url.searchParams.set('launch', launch);
    const key = randomUUID();
    remember(frames, key, { patientId, url: url.toString() });
    res.redirect(303, `/patients/${encodeURIComponent(patientId)}/app/${key}`);
  }

  app.post('/patients/:id/cards/:uuid/launch', (req, res) => {
    const stored = findCard(req);
    const link = stored?.card.links?.[Number((req.body as Record<string, string | undefined>).link)];
    if (!stored || link?.type !== 'smart') {
      res.status(404).type('html').send(renderError('This app link is no longer available; reopen the chart.'));
      return;
    }
    launchApp(res, stored.patientId, link.url, link.appContext);
  });
  app.post('/patients/:id/apps/tachywatch', async (req, res) => {
    const patientId = String(req.params.id);
    if (!deps.appLaunchUrl) {
      res.status(404).type('html').send(renderError('No SMART app is registered with this EHR.'));
      return;
    }
    if (!(await loadRecord(patientId))) {
      res
        .status(404)
        .type('html')
        .send(renderError(`Patient ${patientId} is not loaded in the sandbox.`));
      return;
    }
    launchApp(res, patientId, deps.appLaunchUrl);
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
  function findDrug(rxcui: unknown): OrderableDrug | undefined {
    return listOrderableDrugs().find((candidate) => candidate.rxcui === rxcui);
  }

  function orderPath(
    patientId: string,
    drug: OrderableDrug,
    draftId: string,
    mode: CdsMode,
    signedKey?: string
  ): string {
    const query = new URLSearchParams({ rxcui: drug.rxcui, draft: draftId, mode });
    if (signedKey) query.set('signed', signedKey);
    return `/patients/${encodeURIComponent(patientId)}/order?${query.toString()}`;
  }

  async function callOrderHook(
    hook: 'order-select' | 'order-sign',
    patientId: string,
    drug: OrderableDrug,
    draftId: string,
    mode: CdsMode
  ): Promise<ShownCard[]> {
    const draftOrders = buildDraftOrders(patientId, drug, deps.userId, now(), draftId);
    const context =
      hook === 'order-select' ? { selections: [`MedicationRequest/${draftId}`], draftOrders } : { draftOrders };
    return callHook(hook, patientId, mode, context);
  }

  function sendCdsError(res: Response, error: unknown): void {
    if (!(error instanceof CdsCallError)) throw error;
    res
      .status(502)
      .type('html')
      .send(renderError(`The CDS service could not be called: ${error.message}`));
  }

  // Selecting a drug is a GET (the order page survives a reload); the draft id names the ordering session.
  app.get('/patients/:id/order', async (req, res) => {
    const patientId = String(req.params.id);
    const drug = findDrug(req.query.rxcui);
    if (!drug) {
      res.status(400).type('html').send(renderError('Choose a medication from the list'));
      return;
    }
    const mode = toMode(req.query.mode);
    const draftId = typeof req.query.draft === 'string' && DRAFT_ID.test(req.query.draft) ? req.query.draft : undefined;
    if (!draftId) {
      res.redirect(303, orderPath(patientId, drug, newDraftId(), mode));
      return;
    }
    const signedKey = typeof req.query.signed === 'string' ? req.query.signed : undefined;
    const signedResult = signedKey ? signed.get(signedKey) : undefined;
    let selectCards: ShownCard[];
    try {
      selectCards = await callOrderHook('order-select', patientId, drug, draftId, mode);
    } catch (error) {
      sendCdsError(res, error);
      return;
    }
    const signCards =
      signedResult?.patientId === patientId && signedResult.draftId === draftId ? signedResult.cards : undefined;
    await showChart(req, res, { drug, draftId, selectCards, ...(signCards ? { signCards } : {}) });
  });
  // The form of earlier versions posted here: same as selecting.
  app.post('/patients/:id/order', (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const drug = findDrug(body.rxcui);
    if (!drug) {
      res.status(400).type('html').send(renderError('Choose a medication from the list'));
      return;
    }
    res.redirect(303, orderPath(String(req.params.id), drug, newDraftId(), toMode(body.mode)));
  });
  app.post('/patients/:id/order/sign', async (req, res) => {
    const patientId = String(req.params.id);
    const body = req.body as Record<string, string | undefined>;
    const drug = findDrug(body.rxcui);
    const draftId = body.draft && DRAFT_ID.test(body.draft) ? body.draft : undefined;
    if (!drug || !draftId) {
      res.status(400).type('html').send(renderError('Select a medication before signing'));
      return;
    }
    const mode = toMode(body.mode);
    let cards: ShownCard[];
    try {
      cards = await callOrderHook('order-sign', patientId, drug, draftId, mode);
    } catch (error) {
      sendCdsError(res, error);
      return;
    }
    const key = randomUUID();
    remember(signed, key, { patientId, draftId, cards });
    res.redirect(303, orderPath(patientId, drug, draftId, mode, key));
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const message = error instanceof CdsCallError ? error.message : 'The sandbox EHR hit an unexpected error.';
    res.status(500).type('html').send(renderError(message));
  });
  return app;
}
