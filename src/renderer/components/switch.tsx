// An on/off switch: a checkbox with the switch role, drawn by the `switch` rules (a track with
// its thumb), its words beside it.
import type { ReactNode } from 'react';

export interface SwitchProps {
  checked: boolean;
  disabled?: boolean | undefined;
  /** Id of the hint that explains what the switch does. */
  describedBy?: string | undefined;
  onChange(checked: boolean): void;
  /** The switch's words (its accessible name). */
  children: ReactNode;
}

/** A switch with its words, in a `switch-row`. */
export function Switch({ checked, disabled, describedBy, onChange, children }: SwitchProps) {
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <span className="switch__track" aria-hidden="true" />
      <span>{children}</span>
    </label>
  );
}
