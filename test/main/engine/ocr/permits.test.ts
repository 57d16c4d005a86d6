// OCR permits keep page recognitions across an engine pool's threads within the cores, while
// each thread may use every core when it is alone.
import { afterEach, describe, expect, it } from 'vitest';
import { messagePermits, PermitBroker, setOcrPermits, type OcrPermits } from '../../../../src/main/engine/ocr/permits.js';
import { OcrScheduler } from '../../../../src/main/engine/ocr/scheduler.js';

describe('PermitBroker', () => {
  it('grants at most its capacity, in the order asked, and takes back what a gone owner held', () => {
    const granted: string[] = [];
    const broker = new PermitBroker<string>(2, (o) => granted.push(o));
    broker.request('a');
    broker.request('a');
    broker.request('a');
    broker.request('b');
    expect(granted).toEqual(['a', 'a']);
    expect(broker.inUse).toBe(2);
    expect(broker.isWaiting('b')).toBe(true);
    broker.release('a');
    expect(granted).toEqual(['a', 'a', 'a']);
    // A release by an owner holding nothing changes nothing.
    broker.release('b');
    expect(broker.inUse).toBe(2);
    broker.drop('a');
    expect(granted).toEqual(['a', 'a', 'a', 'b']);
    expect(broker.inUse).toBe(1);
    expect(broker.isWaiting('b')).toBe(false);
  });

  it("drops a gone owner's waiting requests", () => {
    const granted: string[] = [];
    const broker = new PermitBroker<string>(1, (o) => granted.push(o));
    broker.request('a');
    broker.request('b');
    broker.request('c');
    broker.drop('b');
    broker.release('a');
    expect(granted).toEqual(['a', 'c']);
  });

  it('tells how many permits are free each time that changes, and only then', () => {
    const told: number[] = [];
    const broker = new PermitBroker<string>(2, () => undefined, (free) => told.push(free));
    broker.request('a');
    broker.request('b');
    broker.request('c');
    expect(told).toEqual([1, 0]);
    broker.release('a'); // c takes it at once: still none free
    expect(told).toEqual([1, 0]);
    broker.drop('b');
    broker.drop('c');
    expect(told).toEqual([1, 0, 1, 2]);
    expect(broker.free).toBe(2);
  });
});

describe('messagePermits (an engine thread)', () => {
  it('asks by message, resolves on grants in order, and gives back a grant that comes after a cancel', async () => {
    const sent: string[] = [];
    const permits = messagePermits((m) => sent.push(m.op));
    const abort = new AbortController();
    const first = permits.acquire();
    const second = permits.acquire(abort.signal);
    expect(sent).toEqual(['acquire', 'acquire']);
    permits.granted();
    await first;
    abort.abort();
    await expect(second).rejects.toThrow(/cancelled/);
    permits.granted();
    expect(sent).toEqual(['acquire', 'acquire', 'release']);
    permits.release();
    expect(sent.at(-1)).toBe('release');
  });

  it('knows the free permits only once the broker has told it', () => {
    const permits = messagePermits(() => undefined);
    expect(permits.free).toBeUndefined();
    permits.heard(1);
    expect(permits.free).toBe(1);
  });
});

describe('OcrScheduler with permits', () => {
  afterEach(() => setOcrPermits(undefined));

  it('starts a recognition only with a permit, and gives it back after', async () => {
    const log: string[] = [];
    let grant: (() => void) | undefined;
    const permits: OcrPermits = {
      acquire: () => new Promise<void>((resolve) => {
        log.push('acquire');
        grant = resolve;
      }),
      release: () => log.push('release'),
    };
    setOcrPermits(permits);
    const scheduler = new OcrScheduler({ size: 1 });
    try {
      const white = new Uint8Array([...new TextEncoder().encode('P5\n32 32\n255\n'), ...new Array<number>(32 * 32).fill(255)]);
      let done = false;
      const page = scheduler.recognize(white).then((p) => {
        done = true;
        return p;
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(log).toEqual(['acquire']);
      expect(scheduler.pending).toBe(0);
      expect(done).toBe(false);
      grant!();
      await page;
      expect(log).toEqual(['acquire', 'release']);
    } finally {
      await scheduler.close();
    }
  });
});

describe('OcrScheduler workers left idle', () => {
  it('stops workers beyond the first after the idle time, and starts them again when needed', async () => {
    const scheduler = new OcrScheduler({ size: 2, idleTimeoutMs: 300 });
    try {
      const white = new Uint8Array([...new TextEncoder().encode('P5\n32 32\n255\n'), ...new Array<number>(32 * 32).fill(255)]);
      await Promise.all([scheduler.recognize(white), scheduler.recognize(white)]);
      expect(scheduler.workers).toBe(2);
      await new Promise((r) => setTimeout(r, 700));
      expect(scheduler.workers).toBe(1);
      await Promise.all([scheduler.recognize(white), scheduler.recognize(white)]);
      expect(scheduler.workers).toBe(2);
    } finally {
      await scheduler.close();
    }
  });
});
