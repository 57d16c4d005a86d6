// Browser mode: a line above every screen while the server that served the page does not answer
// (what the screens show may be out of date), and a short note once it answers again, when
// `onBack` brings the screens up to date. The desktop app has no connection to lose.
import { useEffect, useRef, useState } from 'react';
import type { Backend } from '../backend/backend.js';
import { ErrorBanner } from './error-banner.js';

/** How long "connected again" stays before it goes away by itself. */
const BACK_NOTE_MS = 5_000;

export function ConnectionBanner({ backend, onBack }: { backend: Backend; onBack: () => void }) {
  const [state, setState] = useState<'connected' | 'lost' | 'back'>('connected');
  const onBackRef = useRef(onBack);
  onBackRef.current = onBack;

  useEffect(() => {
    if (!backend.onConnection) return undefined;
    let lost = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = backend.onConnection((connected) => {
      clearTimeout(timer);
      if (!connected) {
        lost = true;
        setState('lost');
        return;
      }
      if (!lost) return;
      lost = false;
      setState('back');
      onBackRef.current();
      timer = setTimeout(() => setState('connected'), BACK_NOTE_MS);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [backend]);

  if (state === 'lost') {
    return (
      <div className="connection-banner">
        <ErrorBanner message="The PerfectParser server is not answering, so this page may be out of date. Is `perfectparser serve` still running? The page reconnects by itself as soon as the server is back." />
      </div>
    );
  }
  if (state === 'back') {
    return (
      <p role="status" className="connection-banner connection-banner--back">
        Connected to the server again; this page is up to date.
      </p>
    );
  }
  return null;
}
