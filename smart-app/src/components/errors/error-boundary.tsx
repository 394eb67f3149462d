import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  readonly name: string;
  readonly children: ReactNode;
}

/** One per section: a rendering failure in one view leaves the others (and the safety flags) on screen. */
export class SectionErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Nothing is logged: error text could contain clinical values.
  }

  override render(): ReactNode {
    if (this.state.failed) {
      return (
        <p role="alert" className="note note--warning">
          The {this.props.name} could not be shown. The rest of the review is unaffected.
        </p>
      );
    }
    return this.props.children;
  }
}
