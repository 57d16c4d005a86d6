// Keeps a failing screen from blanking the window: the rest of the app stays usable and the
// problem is told as a sentence with a way to try again.
import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}

export class ScreenBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="screen">
        <div role="alert" className="error-banner">
          <p className="error-banner__message">
            This screen ran into a problem and could not be shown{error.message ? `: ${error.message.replace(/\.$/, '')}` : ''}. The other screens still work.
          </p>
          <button type="button" className="button button--secondary button--small" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
