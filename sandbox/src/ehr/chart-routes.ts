import { readPatientRecord } from '@tachywatch/shared';
import type { Express, Request, Response } from 'express';
import { CdsCallError } from './cds-client';
import { callHook } from './cds-calls';
import { listOrderableDrugs } from './draft-order';
import { loadRecord, toMode, type EhrContext } from './ehr-context';
import { fetchAllPages } from './patient-data';
import {
  renderChart,
  renderError,
  renderPatientList,
  type ListedPatient,
  type OrderInProgress,
  type ShownCard,
} from './views';

const NOTICES: Record<string, string> = {
  'feedback-accepted': 'Feedback sent: suggestion accepted.',
  'feedback-overridden': 'Feedback sent: card overridden.',
};

function isSilenced(context: EhrContext, patientId: string, shown: ShownCard): boolean {
  return (context.silenced.get(patientId) ?? []).some(
    (item) =>
      item.serviceId === shown.serviceId &&
      item.card.summary === shown.card.summary &&
      item.card.source.topic?.code === shown.card.source.topic?.code
  );
}

export function sendPatientNotLoaded(res: Response, patientId: string): void {
  res
    .status(404)
    .type('html')
    .send(renderError(`Patient ${patientId} is not loaded in the sandbox.`));
}

/** The chart of the `:id` patient with its patient-view cards (and the order in progress, if any). */
export async function showChart(
  context: EhrContext,
  req: Request,
  res: Response,
  order?: OrderInProgress
): Promise<void> {
  const patientId = String(req.params.id);
  const record = await loadRecord(context, patientId);
  if (!record) {
    sendPatientNotLoaded(res, patientId);
    return;
  }
  const mode = toMode(req.query.mode ?? (req.body as Record<string, unknown> | undefined)?.mode);
  let shown: ShownCard[] = [];
  let cdsError: string | undefined;
  try {
    shown = await callHook(context, 'patient-view', patientId, mode);
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
      cards: shown.filter((item) => !isSilenced(context, patientId, item)),
      silenced: context.silenced.get(patientId) ?? [],
      cdsError,
      notice,
      order,
      orderable: listOrderableDrugs(),
    })
  );
}

async function listPatients(context: EhrContext): Promise<ListedPatient[]> {
  const pages = await fetchAllPages(`${context.openBase()}/Patient?_count=1000&_sort=family`, context.fetchImpl);
  return (pages as fhir4.Bundle[]).flatMap((page) =>
    (page.entry ?? []).flatMap((entry) => {
      const id = entry.resource?.id;
      if (!id) return [];
      const name = readPatientRecord([entry.resource], { patientId: id }).patient?.name ?? id;
      const label = context.deps.patientLabels?.get(id);
      return [{ id, name, ...(label ? { label } : {}) }];
    })
  );
}

/** The patient list (`/`) and the chart (`/patients/:id`). */
export function registerChartRoutes(app: Express, context: EhrContext): void {
  app.get('/', async (_req, res) => {
    res.type('html').send(renderPatientList(await listPatients(context)));
  });
  app.get('/patients/:id', (req, res) => showChart(context, req, res));
}
