// A thin bar with its value exposed to assistive technology (role=progressbar).
export interface ProgressBarProps {
  value: number;
  max: number;
  /** Accessible name ("Documents finished"). */
  label: string;
  /** Spoken instead of the number ("37 of 120 documents"). */
  valueText?: string | undefined;
  size?: 'small' | 'regular';
  tone?: 'accent' | 'success' | 'danger' | 'muted';
  /** Unknown total: an animated bar without a value. */
  indeterminate?: boolean;
}

/** A progress bar; value and max in any unit, clamped to 0..max. */
export function ProgressBar({ value, max, label, valueText, size = 'regular', tone = 'accent', indeterminate = false }: ProgressBarProps) {
  const safeMax = max > 0 ? max : 1;
  const now = Math.min(Math.max(value, 0), safeMax);
  const percent = max > 0 ? (now / safeMax) * 100 : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={indeterminate ? undefined : safeMax}
      aria-valuenow={indeterminate ? undefined : now}
      aria-valuetext={indeterminate ? undefined : valueText}
      aria-busy={indeterminate || undefined}
      className={`progress progress--${size} progress--${tone}${indeterminate ? ' progress--indeterminate' : ''}`}
    >
      <div className="progress__fill" style={indeterminate ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
