import { randomUUID } from 'node:crypto';
import type { Express, Response } from 'express';
import { CdsCallError } from './cds-client';
import { callHook } from './cds-calls';
import { showChart } from './chart-routes';
import { buildDraftOrders, listOrderableDrugs, newDraftId, type OrderableDrug } from './draft-order';
import { remember, toMode, type EhrContext } from './ehr-context';
import { renderError, type CdsMode, type ShownCard } from './views';

const DRAFT_ID = /^draft-[A-Za-z0-9-]{1,64}$/;

type OrderForm = Record<string, string | undefined>;

function findDrug(rxcui: unknown): OrderableDrug | undefined {
  return listOrderableDrugs().find((candidate) => candidate.rxcui === rxcui);
}

function readDraftId(value: unknown): string | undefined {
  return typeof value === 'string' && DRAFT_ID.test(value) ? value : undefined;
}

function orderPath(patientId: string, drug: OrderableDrug, draftId: string, mode: CdsMode, signedKey?: string): string {
  const query = new URLSearchParams({ rxcui: drug.rxcui, draft: draftId, mode });
  if (signedKey) query.set('signed', signedKey);
  return `/patients/${encodeURIComponent(patientId)}/order?${query.toString()}`;
}

/** order-select (with the draft as the selection) or order-sign, for a draft order of the drug. */
function callOrderHook(
  context: EhrContext,
  hook: 'order-select' | 'order-sign',
  patientId: string,
  drug: OrderableDrug,
  draftId: string,
  mode: CdsMode
): Promise<ShownCard[]> {
  const draftOrders = buildDraftOrders(patientId, drug, context.deps.userId, context.now(), draftId);
  const hookContext =
    hook === 'order-select' ? { selections: [`MedicationRequest/${draftId}`], draftOrders } : { draftOrders };
  return callHook(context, hook, patientId, mode, hookContext);
}

/** The hook's cards, or undefined once a 502 has answered because the CDS service could not be called. */
async function callOrderHookOrFail(
  context: EhrContext,
  res: Response,
  ...call: [hook: 'order-select' | 'order-sign', patientId: string, drug: OrderableDrug, draftId: string, mode: CdsMode]
): Promise<ShownCard[] | undefined> {
  try {
    return await callOrderHook(context, ...call);
  } catch (error) {
    if (!(error instanceof CdsCallError)) throw error;
    res
      .status(502)
      .type('html')
      .send(renderError(`The CDS service could not be called: ${error.message}`));
    return undefined;
  }
}

function sendNoDrug(res: Response, message: string): void {
  res.status(400).type('html').send(renderError(message));
}

/** Ordering a drug: select (order-select, shown in the chart), then sign (order-sign, kept for the next page). */
export function registerOrderRoutes(app: Express, context: EhrContext): void {
  // Selecting a drug is a GET (the order page survives a reload); the draft id names the ordering session.
  app.get('/patients/:id/order', async (req, res) => {
    const patientId = String(req.params.id);
    const drug = findDrug(req.query.rxcui);
    if (!drug) {
      sendNoDrug(res, 'Choose a medication from the list');
      return;
    }
    const mode = toMode(req.query.mode);
    const draftId = readDraftId(req.query.draft);
    if (!draftId) {
      res.redirect(303, orderPath(patientId, drug, newDraftId(), mode));
      return;
    }
    const signedKey = typeof req.query.signed === 'string' ? req.query.signed : undefined;
    const signedResult = signedKey ? context.signed.get(signedKey) : undefined;
    const selectCards = await callOrderHookOrFail(context, res, 'order-select', patientId, drug, draftId, mode);
    if (!selectCards) return;
    const signCards =
      signedResult?.patientId === patientId && signedResult.draftId === draftId ? signedResult.cards : undefined;
    await showChart(context, req, res, { drug, draftId, selectCards, ...(signCards ? { signCards } : {}) });
  });
  // The form of earlier versions posted here: same as selecting.
  app.post('/patients/:id/order', (req, res) => {
    const form = req.body as OrderForm;
    const drug = findDrug(form.rxcui);
    if (!drug) {
      sendNoDrug(res, 'Choose a medication from the list');
      return;
    }
    res.redirect(303, orderPath(String(req.params.id), drug, newDraftId(), toMode(form.mode)));
  });
  app.post('/patients/:id/order/sign', async (req, res) => {
    const patientId = String(req.params.id);
    const form = req.body as OrderForm;
    const drug = findDrug(form.rxcui);
    const draftId = readDraftId(form.draft);
    if (!drug || !draftId) {
      sendNoDrug(res, 'Select a medication before signing');
      return;
    }
    const mode = toMode(form.mode);
    const cards = await callOrderHookOrFail(context, res, 'order-sign', patientId, drug, draftId, mode);
    if (!cards) return;
    const key = randomUUID();
    remember(context.signed, key, { patientId, draftId, cards });
    res.redirect(303, orderPath(patientId, drug, draftId, mode, key));
  });
}
