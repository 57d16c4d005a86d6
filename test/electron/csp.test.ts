import { describe, expect, it } from 'vitest';
import { cspForUrl, RENDERER_CSP } from '../../src/main/electron/csp.js';

describe('renderer CSP', () => {
  it('is the strict policy of the packaged app', () => {
    expect(RENDERER_CSP).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('lets pdf.js start its worker from our own files or a blob, and nothing else', () => {
    const workerSrc = RENDERER_CSP.split(';').map((d) => d.trim()).find((d) => d.startsWith('worker-src'));
    expect(workerSrc).toBe("worker-src 'self' blob:");
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval|\*/);
  });

  it('is strict for the built page and for any other origin', () => {
    expect(cspForUrl('file:///app/out/renderer/index.html', undefined)).toBe(RENDERER_CSP);
    expect(cspForUrl('https://evil.example/', 'http://localhost:5173/')).toBe(RENDERER_CSP);
    expect(cspForUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(RENDERER_CSP);
  });

  it('relaxes scripts and the HMR socket only for a loopback dev server', () => {
    const dev = cspForUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173/');
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain('connect-src \'self\' ws://localhost:5173');
    expect(dev).not.toContain('unsafe-eval');
    expect(dev).toContain("worker-src 'self' blob:");
    expect(cspForUrl('http://192.168.1.9:5173/', 'http://192.168.1.9:5173/')).toBe(RENDERER_CSP);
  });
});
