import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJobsStore, documentsDone, failedCount, isCancelled, isFinished, needsPassword } from '../../../src/renderer/stores/jobs-store.js';
import { createFakeBackend, type FakeBackend } from '../fake-backend.js';
import { jobDetail, jobDocument, jobSummary } from '../fixtures.js';

const page = (items: ReturnType<typeof jobSummary>[], next: string | null = null) => ({
  items,
  pagination: { limit: 100, has_next_page: next !== null, next_cursor: next },
});

function backendWithJob(): FakeBackend {
  const fake = createFakeBackend();
  fake.on('jobs.list', () => page([jobSummary('ext_1')]));
  fake.on('jobs.get', ({ extraction_id }) => jobDetail(extraction_id));
  return fake;
}

describe('jobs store', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists jobs newest first', async () => {
    const fake = createFakeBackend();
    fake.on('jobs.list', () => page([jobSummary('old', { created_at: '2025-01-01T00:00:00.000Z' }), jobSummary('new', { created_at: '2025-02-01T00:00:00.000Z' })]));
    const store = createJobsStore(fake.backend);
    await store.getState().loadList();
    expect(store.getState().jobs.map((j) => j.extraction_id)).toEqual(['new', 'old']);
    expect(store.getState().listStatus).toBe('ready');
    expect(fake.callsOf('jobs.list')).toEqual([{ limit: 100 }]);
  });

  it('loads more jobs with the cursor', async () => {
    const fake = createFakeBackend();
    fake.on('jobs.list', (arg) =>
      arg.cursor === 'c2' ? page([jobSummary('b', { created_at: '2025-01-01T00:00:00.000Z' })]) : page([jobSummary('a', { created_at: '2025-02-01T00:00:00.000Z' })], 'c2'),
    );
    const store = createJobsStore(fake.backend);
    await store.getState().loadList();
    expect(store.getState().hasMore).toBe(true);
    await store.getState().loadMore();
    expect(store.getState().jobs.map((j) => j.extraction_id)).toEqual(['a', 'b']);
    expect(store.getState().hasMore).toBe(false);
  });

  it('says in a sentence when the list cannot be loaded', async () => {
    const fake = createFakeBackend();
    fake.on('jobs.list', () => {
      throw new Error('PerfectParser is not running');
    });
    const store = createJobsStore(fake.backend);
    await store.getState().loadList();
    expect(store.getState().listStatus).toBe('error');
    expect(store.getState().listError).toBe('The jobs could not be loaded. PerfectParser is not running.');
  });

  it('loads the selected job with its documents', async () => {
    const fake = backendWithJob();
    const store = createJobsStore(fake.backend);
    await store.getState().select('ext_1');
    expect(store.getState().detail?.documents).toHaveLength(3);
    expect(store.getState().detailStatus).toBe('ready');
    await store.getState().select(null);
    expect(store.getState().detail).toBeNull();
  });

  it('applies page progress and status events to the selected job at once', async () => {
    const fake = backendWithJob();
    const store = createJobsStore(fake.backend);
    store.getState().connect();
    await store.getState().loadList();
    await store.getState().select('ext_1');

    fake.emit({ type: 'document.progress', extraction_id: 'ext_1', document_id: 'doc_2', pages_done: 1, page_count: 3 });
    let detail = store.getState().detail!;
    expect(detail.documents[1]).toMatchObject({ pages_done: 1, page_count: 3 });
    expect(detail.pages_done).toBe(3);
    expect(detail.page_count).toBe(7);
    expect(store.getState().jobs[0]!.pages_done).toBe(3);

    fake.emit({ type: 'document.status', extraction_id: 'ext_1', document_id: 'doc_2', status: 'failed', error_message: 'The file is damaged and cannot be read.' });
    detail = store.getState().detail!;
    expect(detail.documents[1]).toMatchObject({ status: 'failed', error_message: 'The file is damaged and cannot be read.' });
    expect(detail.document_summary).toMatchObject({ completed: 1, failed: 1, processing: 0 });
    expect(store.getState().jobs[0]!.document_summary.failed).toBe(1);

    fake.emit({ type: 'document.status', extraction_id: 'ext_1', document_id: 'doc_3', status: 'processing', error_message: null });
    expect(store.getState().detail!.queued).toBe(0);
    expect(store.getState().detail!.document_summary.processing).toBe(1);

    fake.emit({ type: 'extraction.status', extraction_id: 'ext_1', status: 'partial' });
    expect(store.getState().jobs[0]!.status).toBe('partial');
    expect(store.getState().detail!.status).toBe('partial');
  });

  it('refetches the job list at most once per interval however many events arrive', async () => {
    const fake = backendWithJob();
    const store = createJobsStore(fake.backend, { summaryIntervalMs: 500, detailIntervalMs: 2000 });
    store.getState().connect();
    await store.getState().loadList();
    expect(fake.callsOf('jobs.list')).toHaveLength(1);

    for (let i = 0; i < 50; i++) fake.emit({ type: 'document.progress', extraction_id: 'ext_1', document_id: 'doc_2', pages_done: i, page_count: 60 });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsOf('jobs.list')).toHaveLength(2);

    for (let i = 0; i < 50; i++) fake.emit({ type: 'document.progress', extraction_id: 'ext_1', document_id: 'doc_2', pages_done: i, page_count: 60 });
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.callsOf('jobs.list')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(300);
    expect(fake.callsOf('jobs.list')).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.callsOf('jobs.list')).toHaveLength(3);
  });

  it('refreshes the selected job after status changes, less often than the list', async () => {
    const fake = backendWithJob();
    const store = createJobsStore(fake.backend, { summaryIntervalMs: 500, detailIntervalMs: 2000 });
    store.getState().connect();
    await store.getState().select('ext_1');
    expect(fake.callsOf('jobs.get')).toHaveLength(1);
    fake.emit({ type: 'document.status', extraction_id: 'ext_1', document_id: 'doc_2', status: 'completed', error_message: null });
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsOf('jobs.get')).toHaveLength(2);
    fake.emit({ type: 'document.status', extraction_id: 'ext_1', document_id: 'doc_3', status: 'processing', error_message: null });
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.callsOf('jobs.get')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.callsOf('jobs.get')).toHaveLength(3);
    // Events of other jobs do not refetch this one.
    fake.emit({ type: 'extraction.status', extraction_id: 'ext_other', status: 'completed' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(fake.callsOf('jobs.get')).toHaveLength(3);
  });

  it('subscribes once and stops listening when disposed', async () => {
    const fake = backendWithJob();
    const store = createJobsStore(fake.backend);
    const dispose = store.getState().connect();
    store.getState().connect();
    expect(fake.listenerCount()).toBe(1);
    dispose();
    expect(fake.listenerCount()).toBe(0);
  });

  it('pauses, resumes, cancels and retries through the backend, showing the returned job', async () => {
    const fake = backendWithJob();
    fake.on('jobs.pause', ({ extraction_id }) => jobSummary(extraction_id, { paused: true }));
    fake.on('jobs.resume', ({ extraction_id }) => jobSummary(extraction_id, { paused: false }));
    fake.on('jobs.cancel', ({ extraction_id }) => jobSummary(extraction_id, { status: 'partial' }));
    fake.on('jobs.retry', ({ extraction_id }) => jobSummary(extraction_id, { status: 'processing' }));
    const store = createJobsStore(fake.backend);
    await store.getState().loadList();
    await store.getState().select('ext_1');

    await store.getState().pause('ext_1');
    expect(store.getState().jobs[0]!.paused).toBe(true);
    expect(store.getState().detail!.paused).toBe(true);
    expect(store.getState().detail!.documents).toHaveLength(3);
    await store.getState().resume('ext_1');
    expect(store.getState().jobs[0]!.paused).toBe(false);
    await store.getState().cancel('ext_1');
    await store.getState().retry('ext_1');

    for (const method of ['jobs.pause', 'jobs.resume', 'jobs.cancel', 'jobs.retry'] as const) {
      expect(fake.callsOf(method)).toEqual([{ extraction_id: 'ext_1' }]);
    }
    // Cancel and retry change documents, so the selected job is fetched again after each.
    expect(fake.callsOf('jobs.get')).toHaveLength(3);
    expect(store.getState().pending).toEqual({});
  });

  it('marks the action in flight and reports a failed one as a sentence', async () => {
    const fake = backendWithJob();
    let fail!: (err: Error) => void;
    fake.on('jobs.pause', () => new Promise((_resolve, reject) => (fail = reject)));
    const store = createJobsStore(fake.backend);
    await store.getState().loadList();
    const pausing = store.getState().pause('ext_1');
    expect(store.getState().pending).toEqual({ ext_1: 'pause' });
    await store.getState().pause('ext_1');
    expect(fake.callsOf('jobs.pause')).toHaveLength(1);
    fail(new Error('The job has already finished'));
    await pausing;
    expect(store.getState().actionError).toBe('The job could not be paused. The job has already finished.');
    expect(store.getState().pending).toEqual({});
  });

  it('puts a job created in the Inbox at the top', async () => {
    const fake = backendWithJob();
    const store = createJobsStore(fake.backend);
    await store.getState().loadList();
    store.getState().add(jobSummary('ext_new', { created_at: '2026-01-01T00:00:00.000Z' }));
    expect(store.getState().jobs.map((j) => j.extraction_id)).toEqual(['ext_new', 'ext_1']);
  });

  it('knows finished statuses and counts finished documents', () => {
    expect(['completed', 'failed', 'partial'].every(isFinished)).toBe(true);
    expect(isFinished('processing')).toBe(false);
    expect(documentsDone(jobSummary('x', { document_summary: { total: 5, completed: 2, failed: 1, processing: 1 } }))).toBe(3);
  });

  it('tells cancelled documents from failed ones, and counts them neither done nor failed', () => {
    const cancelled = jobDocument('c', { status: 'failed', error_code: 'CANCELLED', error_message: 'Cancelled before processing.' });
    const broken = jobDocument('b', { status: 'failed', error_code: 'CORRUPT_FILE' });
    expect([cancelled, broken, jobDocument('q')].map(isCancelled)).toEqual([true, false, false]);
    const job = jobSummary('x', { status: 'partial', document_summary: { total: 8, completed: 3, failed: 5, processing: 0 }, cancelled: 4 });
    expect(failedCount(job)).toBe(1);
    expect(documentsDone(job)).toBe(4);
    // Counts from two moments never make the failed count negative.
    expect(failedCount({ ...job, cancelled: 9 })).toBe(0);
  });

  it('tells documents that wait for their password from other failed ones', () => {
    const locked = jobDocument('l', { status: 'failed', error_code: 'PASSWORD_PROTECTED_FILE' });
    const cancelled = jobDocument('c', { status: 'failed', error_code: 'CANCELLED' });
    const broken = jobDocument('b', { status: 'failed', error_code: 'CORRUPT_FILE' });
    const opened = jobDocument('o', { status: 'completed', error_code: 'PASSWORD_PROTECTED_FILE' });
    expect([locked, cancelled, broken, opened, jobDocument('q')].map(needsPassword)).toEqual([true, false, false, false, false]);
  });

  it('says a job that is not there is missing (no retry can help), and one that failed to load is not', async () => {
    const fake = createFakeBackend();
    fake.on('jobs.list', () => page([jobSummary('ext_1')]));
    let answer: 'missing' | 'offline' = 'missing';
    fake.on('jobs.get', ({ extraction_id }) => {
      if (answer === 'offline') throw Object.assign(new Error('The connection was lost.'), { code: 'NETWORK_ERROR' });
      throw Object.assign(new Error(`No extraction with id ${extraction_id}.`), { code: 'RESOURCE_NOT_FOUND' });
    });
    const store = createJobsStore(fake.backend);
    await store.getState().select('ext_gone');
    expect(store.getState()).toMatchObject({ detailStatus: 'error', detailMissing: true });
    answer = 'offline';
    await store.getState().select('ext_1');
    expect(store.getState()).toMatchObject({ detailStatus: 'error', detailMissing: false });
    expect(store.getState().detailError).toMatch(/connection was lost/);
  });
});
