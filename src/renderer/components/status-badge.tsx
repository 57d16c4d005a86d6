// A job's or document's status as colour and words (never colour alone).
export type BadgeStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'paused' | 'partial' | 'cancelled';

const LABELS: Record<BadgeStatus, string> = {
  queued: 'Queued',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  paused: 'Paused',
  partial: 'Some failed',
  cancelled: 'Cancelled',
};

export interface StatusBadgeProps {
  /** Unknown statuses show as written, in the neutral colour. */
  status: BadgeStatus | (string & {});
  /** Replaces the default words ("Cancelled"). */
  label?: string | undefined;
}

export function StatusBadge({ status, label }: StatusBadgeProps) {
  const known = status in LABELS ? (status as BadgeStatus) : null;
  const text = label ?? (known ? LABELS[known] : status.charAt(0).toUpperCase() + status.slice(1));
  return (
    <span className={`badge badge--${known ?? 'queued'}`}>
      <span className="badge__dot" aria-hidden="true" />
      {text}
    </span>
  );
}
