import { once } from 'node:events';
import { join } from 'node:path';
import type { WriteStream } from 'node:fs';
import { ensurePrivateDir, openPrivateWriteStream } from '../private-files';

/** Writes resources as a Bulk Data export folder: one `<Type>.ndjson` per resource type, owner-only. */
export class NdjsonExportWriter {
  private readonly streams = new Map<string, WriteStream>();
  private readonly counts = new Map<string, number>();

  constructor(private readonly dir: string) {
    ensurePrivateDir(dir);
  }

  async write(resource: { readonly resourceType: string }): Promise<void> {
    await this.writeLine(resource.resourceType, JSON.stringify(resource));
  }

  /** Writes a raw line into a type's file (tests use it for malformed lines). */
  async writeLine(type: string, line: string): Promise<void> {
    let stream = this.streams.get(type);
    if (!stream) {
      stream = openPrivateWriteStream(join(this.dir, `${type}.ndjson`));
      this.streams.set(type, stream);
    }
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
    if (!stream.write(`${line}\n`)) await once(stream, 'drain');
  }

  /** Lines written per type. */
  getCounts(): ReadonlyMap<string, number> {
    return this.counts;
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.streams.values()].map(async (stream) => {
        stream.end();
        await once(stream, 'finish');
      })
    );
  }
}
