// A .tsx file so that only the DOM-aware web tsconfig checks it (the store touches window).
import { describe, expect, it } from 'vitest';
import { hashFromRoute, routeFromHash, type Route } from '../../src/renderer/stores/nav-store.js';

describe('nav store', () => {
  it('round-trips every route through the hash', () => {
    const routes: Route[] = [
      { screen: 'inbox' },
      { screen: 'jobs', extraction_id: 'ext_1' },
      { screen: 'document', extraction_id: 'ext_1', document_id: 'doc/2', field: 'line_items.0.amount' },
      { screen: 'parsers', parser_id: 'prs_1' },
      { screen: 'results', extraction_id: 'ext_1' },
      { screen: 'settings' },
    ];
    for (const route of routes) expect(routeFromHash(hashFromRoute(route))).toEqual({ ...route });
  });

  it('treats unknown or incomplete hashes sensibly', () => {
    expect(routeFromHash('')).toEqual({ screen: 'inbox' });
    expect(routeFromHash('#')).toEqual({ screen: 'inbox' });
    expect(routeFromHash('#/')).toEqual({ screen: 'inbox' });
    expect(routeFromHash('#/inbox')).toEqual({ screen: 'inbox' });
    // The key's fragment (before the app takes it out of the address) and in-page anchors.
    expect(routeFromHash('#key=pp_local_abc')).toEqual({ screen: 'inbox' });
    expect(routeFromHash('#main')).toEqual({ screen: 'inbox' });
    expect(routeFromHash('#/document/ext_1')).toEqual({ screen: 'jobs' });
  });

  it('says an address no screen has is missing, and keeps it', () => {
    expect(routeFromHash('#/nowhere')).toEqual({ screen: 'missing', hash: '#/nowhere' });
    expect(routeFromHash('#/nowhere/else?x=1')).toEqual({ screen: 'missing', hash: '#/nowhere/else?x=1' });
    expect(hashFromRoute({ screen: 'missing', hash: '#/nowhere' })).toBe('#/nowhere');
  });

  it('keeps a broken escape in an id as typed instead of failing', () => {
    expect(routeFromHash('#/results/ext_%E0%A4%A')).toEqual({ screen: 'results', extraction_id: 'ext_%E0%A4%A' });
  });
});
