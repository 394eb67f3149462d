export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const hours = Math.floor(minutes / 60);
  const mm = String(minutes % 60).padStart(2, '0');
  const ss = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

const BAR_WIDTH = 24;

/**
 * Progress of one phase with rate and ETA: a redrawn bar on a terminal, a plain line every `lineEverySeconds`
 * otherwise (logs, CI, Kubernetes). Prints counts only, never data.
 */
export class Progress {
  private readonly started: number;
  private lastDraw = 0;
  private done = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly now: () => number = () => performance.now(),
    private readonly lineEverySeconds = 5
  ) {
    this.started = now();
  }

  advance(count = 1): void {
    this.done += count;
    const now = this.now();
    const interval = this.stream.isTTY ? 100 : this.lineEverySeconds * 1000;
    if (now - this.lastDraw >= interval) {
      this.lastDraw = now;
      this.draw(now, false);
    }
  }

  finish(): void {
    this.draw(this.now(), true);
  }

  private draw(now: number, final: boolean): void {
    const seconds = Math.max(1e-3, (now - this.started) / 1000);
    const rate = this.done / seconds;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const eta = rate > 0 ? (this.total - this.done) / rate : Number.POSITIVE_INFINITY;
    const counts = `${this.done}/${this.total} ${this.unit}, ${Math.round(rate)}/s`;
    if (this.stream.isTTY) {
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      const tail = final ? `in ${formatDuration(seconds)}` : `ETA ${formatDuration(eta)}`;
      this.stream.write(
        `\r${this.label} ${bar} ${Math.round(fraction * 100)}% ${counts} ${tail}\x1b[K${final ? '\n' : ''}`
      );
    } else {
      const tail = final ? `done in ${formatDuration(seconds)}` : `ETA ${formatDuration(eta)}`;
      this.stream.write(`${this.label}: ${Math.round(fraction * 100)}% ${counts}, ${tail}\n`);
    }
  }
}
