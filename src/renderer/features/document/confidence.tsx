// A confidence as a percentage with a colour cue and words, so colour is never the only signal.
import { formatPercent } from '../../components/format.js';
import './confidence.css';

/** "low" under 0.5, "medium" under 0.8, else "high". */
export function confidenceLevel(value: number): 'low' | 'medium' | 'high' {
  if (value < 0.5) return 'low';
  if (value < 0.8) return 'medium';
  return 'high';
}

export function Confidence({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined || !Number.isFinite(value)) return <span className="conf conf--none">—</span>;
  const level = confidenceLevel(value);
  return (
    <span className={`conf conf--${level}`} title={`Confidence ${formatPercent(value)} (${level})`}>
      <span className="conf__dot" aria-hidden="true" />
      {formatPercent(value)}
      {level === 'low' ? <span className="conf__sr"> (low)</span> : null}
    </span>
  );
}
