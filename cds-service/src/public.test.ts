import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, createApp, createLogger, parseConfig } from '@tachywatch/cds-service';

describe('@tachywatch/cds-service public entry', () => {
  it('exports the app factory, the config parser and the logger through the package name', () => {
    expect(typeof createApp).toBe('function');
    expect(parseConfig({ CDS_REQUIRE_JWT: 'false', PORT: '0' })).toMatchObject({ port: 0, requireJwt: false });
    expect(() => parseConfig({ PORT: 'not-a-port' })).toThrow(ConfigError);
  });

  it('gives hosts the service logger, which redacts tokens', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    createLogger('info', destination).info({ access_token: 'secret-token', hook: 'patient-view' }, 'hook handled');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"hook":"patient-view"');
    expect(lines[0]).not.toContain('secret-token');
  });
});
