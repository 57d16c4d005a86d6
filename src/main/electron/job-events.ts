// Pushes every job event to one of our windows (channel `events:job`) for as long as it lives
// and shows our own page; the subscription ends through its AbortSignal when the window goes.
import { JOB_EVENT_CHANNEL } from '../../preload/channels.js';
import type { EventsService } from '../services/types.js';

/** The parts of Electron's WebContents used here. */
export interface EventSink {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  getURL(): string;
  once(event: 'destroyed', listener: () => void): unknown;
}

/** Starts forwarding; returns a function that stops it (also called when the window is destroyed). */
export function forwardJobEvents(contents: EventSink, events: EventsService, isTrustedUrl: (url: string) => boolean): () => void {
  const controller = new AbortController();
  const stop = () => controller.abort();
  events.subscribe((event) => {
    if (contents.isDestroyed()) return stop();
    // A page we did not load (navigation is blocked, but never rely on one guard) hears nothing.
    if (!isTrustedUrl(contents.getURL())) return;
    contents.send(JOB_EVENT_CHANNEL, event);
  }, controller.signal);
  contents.once('destroyed', stop);
  return stop;
}
