// A button for actions that cannot be undone: the first press asks, in place, and only the
// second (on "Yes, …") acts. Escape or "Keep" backs out; focus moves sensibly both ways.
import { useEffect, useRef, useState } from 'react';

export interface ConfirmButtonProps {
  /** The button's words ("Cancel job"). */
  label: string;
  /** The question asked in place ("Cancel this job? Documents not yet done will stop."). */
  question: string;
  /** The confirming button's words ("Yes, cancel"). */
  confirmLabel: string;
  /** The backing-out button's words (default "Keep"). */
  keepLabel?: string;
  onConfirm(): void;
  disabled?: boolean;
  /** Accessible name when the label alone is ambiguous ("Remove webhook https://…"). */
  ariaLabel?: string;
  tone?: 'danger' | 'secondary';
  size?: 'small' | 'regular';
}

export function ConfirmButton({ label, question, confirmLabel, keepLabel = 'Keep', onConfirm, disabled, ariaLabel, tone = 'danger', size = 'regular' }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const sizeClass = size === 'small' ? ' button--small' : '';

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      triggerRef.current?.focus();
    }
  }, [asking]);

  const back = () => {
    returnFocus.current = true;
    setAsking(false);
  };

  if (!asking) {
    return (
      <button ref={triggerRef} type="button" className={`button button--${tone}-outline${sizeClass}`} disabled={disabled} aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          back();
        }
      }}
    >
      <span className="confirm__question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className={`button button--${tone === 'danger' ? 'danger' : 'primary'}${sizeClass}`}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className={`button button--quiet${sizeClass}`} onClick={back}>
        {keepLabel}
      </button>
    </span>
  );
}
