// When the job store cannot answer (closed, its worker gone), requests get 503
// SERVICE_UNAVAILABLE in the error envelope, marked retryable, and the server stays up.
import { afterAll, describe, expect, it } from 'vitest';
import { openHarness, type ApiHarness } from './harness.js';

let h: ApiHarness | undefined;

afterAll(async () => {
  await h?.close();
});

describe('SERVICE_UNAVAILABLE', () => {
  it('answers 503 with a retryable envelope when the store is gone, and keeps serving other routes', async () => {
    h = await openHarness('unavailable', {}, { runJobs: false });
    expect((await h.api('/v1/parsers')).status).toBe(200);
    await h.app.store.close();
    const res = await h.api('/v1/parsers');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string; retryable: boolean; requestId: string } };
    expect(body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(body.error.message).toMatch(/job store/);
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    // The server itself is still up: its own routes answer.
    expect((await fetch(`${h.url}/health`)).status).toBe(200);
  });
});
