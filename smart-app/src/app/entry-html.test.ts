import { describe, expect, it } from 'vitest';
import indexHtml from '../../index.html?raw';
import launchHtml from '../../launch.html?raw';
import favicon from '../../public/favicon.svg?raw';

describe('HTML entry pages', () => {
  it.each([
    ['index.html', indexHtml],
    ['launch.html', launchHtml],
  ])('%s links the favicon shipped in public/ (no 404 on every load)', (_page, html) => {
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg" />');
    expect(favicon).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
});
