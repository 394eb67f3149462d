/** One table of benchmark output: printed as Markdown so it can be pasted into the README. */
export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** What autocannon reports for one load run (the fields the benchmarks read). */
export interface LoadResult {
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly requests: { readonly average: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}
