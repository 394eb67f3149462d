/** One table of benchmark output: printed as Markdown so it can be pasted into the README. */
export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}
