import { describe, expect, it, vi } from 'vitest';
import { forwardJobEvents, type EventSink } from '../../src/main/electron/job-events.js';
import { JobEvents } from '../../src/main/services/events.js';
import type { JobEvent } from '../../src/shared/rpc-contract.js';

const APP_URL = 'file:///opt/PerfectParser/resources/app.asar/out/renderer/index.html';
const event: JobEvent = { type: 'document.status', extraction_id: 'ext_1', document_id: 'doc_1', status: 'failed', error_message: 'Corrupt.' };

function sink() {
  let onDestroyed: (() => void) | undefined;
  const contents = {
    url: APP_URL,
    destroyed: false,
    send: vi.fn(),
    isDestroyed: () => contents.destroyed,
    getURL: () => contents.url,
    once: (_event: 'destroyed', listener: () => void) => void (onDestroyed = listener),
    destroy: () => {
      contents.destroyed = true;
      onDestroyed?.();
    },
  };
  return contents satisfies EventSink;
}

describe('job events to a window', () => {
  it('sends each event on events:job while the window shows our page', () => {
    const events = new JobEvents();
    const contents = sink();
    forwardJobEvents(contents, events, (url) => url === APP_URL);
    events.publish(event);
    expect(contents.send).toHaveBeenCalledWith('events:job', event);
    contents.url = 'https://evil.example/';
    events.publish(event);
    expect(contents.send).toHaveBeenCalledTimes(1);
  });

  it('unsubscribes when the window is destroyed, or when stopped', () => {
    const events = new JobEvents();
    const subscribe = vi.spyOn(events, 'subscribe');
    const a = sink();
    const b = sink();
    forwardJobEvents(a, events, () => true);
    const stopB = forwardJobEvents(b, events, () => true);
    const signals = subscribe.mock.calls.map((c) => c[1]);
    a.destroy();
    expect(signals[0]!.aborted).toBe(true);
    stopB();
    expect(signals[1]!.aborted).toBe(true);
    events.publish(event);
    expect(a.send).not.toHaveBeenCalled();
    expect(b.send).not.toHaveBeenCalled();
  });
});
