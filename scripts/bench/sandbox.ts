// Sandbox FHIR server: patient-scoped searches must stay fast however many other patients the store holds
// (the per-patient index), and the product's own queries are the ones measured.
import express from 'express';
import { buildPatientQueryPath, PATIENT_DATA_QUERIES } from '@tachywatch/shared';
import { loadFixtureBundle } from '../../fixtures/src/load';
import { createFhirServer } from '../../sandbox/src/fhir/router';
import { processBundle, ResourceStore } from '@tachywatch/fhir-core';
import { listen } from '../../sandbox/src/support/listen';
import type { BenchTable } from './types';

const LONG_HISTORY = 'long-history';
const SIZES = [10_000, 50_000];
const SEQUENTIAL_REQUESTS = 200;
const CONCURRENCY = 10;
const THROUGHPUT_MS = 1500;

/** A copy of a bundle with every id and reference suffixed, so that copies are distinct patients. */
function cloneBundle(bundle: fhir4.Bundle, suffix: string): fhir4.Bundle {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'id' || key === 'reference') && typeof value === 'string' && !value.startsWith('urn:')) {
        copy[key] = `${value}${suffix}`;
      } else if (key === 'url' && typeof value === 'string' && /^[A-Z][A-Za-z]+\/[^/]+$/.test(value)) {
        copy[key] = `${value}${suffix}`;
      } else {
        copy[key] = rewrite(value);
      }
    }
    return copy;
  };
  return rewrite(bundle) as fhir4.Bundle;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(url: string): Promise<{ p50: number; p99: number; perSecond: number; entries: number }> {
  const latencies: number[] = [];
  let entries = 0;
  for (let i = 0; i < SEQUENTIAL_REQUESTS; i += 1) {
    const started = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as fhir4.Bundle;
    latencies.push(performance.now() - started);
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    entries = body.entry?.length ?? 1;
  }
  latencies.sort((a, b) => a - b);
  let completed = 0;
  const deadline = performance.now() + THROUGHPUT_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        await (await fetch(url)).arrayBuffer();
        completed += 1;
      }
    })
  );
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: Math.round(completed / (THROUGHPUT_MS / 1000)),
    entries,
  };
}

export async function runSandboxBench(): Promise<BenchTable> {
  const bundle = loadFixtureBundle(LONG_HISTORY);
  const patientId = bundle.entry?.find((entry) => entry.resource?.resourceType === 'Patient')?.resource?.id ?? '';
  const perCopy = bundle.entry?.length ?? 1;
  const rows: (string | number)[][] = [];
  for (const size of SIZES) {
    const store = new ResourceStore();
    processBundle(store, bundle);
    for (let copy = 1; store.count() + perCopy <= size; copy += 1)
      processBundle(store, cloneBundle(bundle, `-c${copy}`));
    const app = express();
    app.use('/fhir', createFhirServer({ store, access: { mode: 'open' } }));
    const server = await listen(app, 0);
    const base = `${server.url}/fhir`;
    const phq9 = PATIENT_DATA_QUERIES.find((query) => query.key === 'phq9');
    const requests = PATIENT_DATA_QUERIES.find((query) => query.key === 'medicationRequests');
    const cases: [string, string][] = [
      ['read Patient/{id}', `Patient/${patientId}`],
      ['PHQ-9 search (product query, patient-scoped)', phq9 ? buildPatientQueryPath(phq9, patientId) : ''],
      ['MedicationRequest + _include (product query)', requests ? buildPatientQueryPath(requests, patientId) : ''],
      [
        'Observation by code, no patient (full scan, for contrast)',
        'Observation?code=http%3A%2F%2Floinc.org%7C44261-6&_count=50',
      ],
    ];
    try {
      for (const [label, path] of cases) {
        const result = await measure(`${base}/${path}`);
        rows.push([
          store.count(),
          label,
          result.entries,
          result.p50.toFixed(1),
          result.p99.toFixed(1),
          result.perSecond,
        ]);
      }
    } finally {
      await server.close();
    }
  }
  return {
    title: `Sandbox FHIR server: long-history patient (${perCopy} resources) among copies, HTTP on 127.0.0.1`,
    columns: [
      'Resources in store',
      'Request',
      'Entries returned',
      'p50 ms (sequential)',
      'p99 ms (sequential)',
      `req/s (${CONCURRENCY} concurrent)`,
    ],
    rows,
  };
}
