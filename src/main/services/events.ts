// The in-process bus for job progress: the runner publishes, the UI transports subscribe.
import { EventEmitter } from 'node:events';
import type { EventsService, JobEvent } from './types.js';

export class JobEvents implements EventsService {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open UI (window or browser tab) is one listener.
    this.emitter.setMaxListeners(0);
  }

  /** Sends an event to every subscriber. */
  publish(event: JobEvent): void {
    this.emitter.emit('event', event);
  }

  /** Calls `listener` for every event until `signal` aborts. */
  subscribe(listener: (event: JobEvent) => void, signal: AbortSignal): void {
    if (signal.aborted) return;
    this.emitter.on('event', listener);
    signal.addEventListener('abort', () => this.emitter.off('event', listener), { once: true });
  }
}
