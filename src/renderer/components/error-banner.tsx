// A failure told as a sentence, announced at once (role=alert), with a way to put it away.
import type { ReactNode } from 'react';

export interface ErrorBannerProps {
  /** The sentence: what failed and why ("The job could not be started. The parser has no fields."). */
  message: string;
  /** Shows a Dismiss button when given. */
  onDismiss?: (() => void) | undefined;
  /** Buttons that fix the problem ("Try again"). */
  action?: ReactNode;
}

export function ErrorBanner({ message, onDismiss, action }: ErrorBannerProps) {
  return (
    <div role="alert" className="error-banner">
      <svg className="error-banner__icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10 5.5v5.5M10 13.6v.9" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
      <p className="error-banner__message">{message}</p>
      {action}
      {onDismiss ? (
        <button type="button" className="button button--quiet button--small" onClick={onDismiss}>
          Dismiss
        </button>
      ) : null}
    </div>
  );
}
