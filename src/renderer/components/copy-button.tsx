// Copies a text to the clipboard and says so (or says that it could not).
import { useEffect, useState } from 'react';

export interface CopyButtonProps {
  text: string;
  /** Accessible name ("Copy API key"); the visible word is "Copy". */
  label: string;
  size?: 'small' | 'regular';
}

export function CopyButton({ text, label, size = 'small' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <span className="copy">
      <button type="button" className={`button button--secondary${size === 'small' ? ' button--small' : ''}`} aria-label={label} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="copy__status" role="status">
        {state === 'failed' ? 'Copying is blocked here; select the text and copy it by hand.' : ''}
      </span>
    </span>
  );
}
