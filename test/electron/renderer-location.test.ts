import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererLocation } from '../../src/main/electron/renderer-location.js';

describe('rendererLocation', () => {
  const indexHtml = path.resolve('/opt/Perfect Parser/out/renderer/index.html');
  const pageUrl = pathToFileURL(indexHtml).href;

  it('loads the built index.html and trusts only that file', () => {
    const loc = rendererLocation(undefined, indexHtml);
    expect(loc.load).toEqual({ kind: 'file', path: indexHtml });
    expect(loc.isTrustedUrl(pageUrl)).toBe(true);
    expect(loc.isTrustedUrl(`${pageUrl}#/results`)).toBe(true);
    expect(loc.isTrustedUrl(pathToFileURL(path.resolve('/tmp/index.html')).href)).toBe(false);
    expect(loc.isTrustedUrl(pathToFileURL(path.resolve('/opt/Perfect Parser/out/renderer/other.html')).href)).toBe(false);
    expect(loc.isTrustedUrl('https://evil.example/index.html')).toBe(false);
    expect(loc.isTrustedUrl('not a url')).toBe(false);
  });

  it('loads and trusts the dev server by origin', () => {
    const loc = rendererLocation('http://localhost:5173/', indexHtml);
    expect(loc.load).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
    expect(loc.isTrustedUrl('http://localhost:5173/?t=1')).toBe(true);
    expect(loc.isTrustedUrl('http://localhost:5174/')).toBe(false);
    expect(loc.isTrustedUrl(pageUrl)).toBe(false);
  });
});
