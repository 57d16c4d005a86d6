// A screen's title and one-line lead, with room for controls on the right (the Inbox's filter).
import type { ReactNode } from 'react';

export interface ScreenHeaderProps {
  /** The heading's id: the screen's section is labelled by it, and navigation focuses it. */
  id: string;
  title: string;
  lead: string;
  children?: ReactNode;
}

export function ScreenHeader({ id, title, lead, children }: ScreenHeaderProps) {
  return (
    <header className="screen__header">
      <div>
        <h2 id={id} className="screen__title">
          {title}
        </h2>
        <p className="screen__lead">{lead}</p>
      </div>
      {children}
    </header>
  );
}
