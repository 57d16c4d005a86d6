// What a screen says when it has nothing to show yet, and where to go next.
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  /** One or two sentences on what to do. */
  children?: ReactNode;
  /** A button or link that does it. */
  action?: ReactNode;
}

export function EmptyState({ title, children, action }: EmptyStateProps) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
      {action ? <div className="empty-state__action">{action}</div> : null}
    </div>
  );
}
