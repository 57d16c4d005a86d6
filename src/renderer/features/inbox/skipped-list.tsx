// Files a scan could not take, with the reason for each, folded away until asked for.
import type { SkippedFile } from '../../../shared/rpc-contract.js';
import { plural } from '../../components/format.js';

/** Long lists are cut here; the count says how many more there are. */
const SHOWN = 500;

export function SkippedList({ skipped }: { skipped: readonly SkippedFile[] }) {
  if (skipped.length === 0) return null;
  const shown = skipped.slice(0, SHOWN);
  return (
    <details className="skipped">
      <summary className="skipped__summary">
        {plural(skipped.length, 'file')} skipped — show why
      </summary>
      <ul className="skipped__list">
        {shown.map((s, i) => (
          <li key={`${s.relative_path}:${i}`} className="skipped__item">
            <span className="skipped__name">{s.relative_path || s.name}</span>
            <span className="skipped__reason">{s.reason}</span>
          </li>
        ))}
      </ul>
      {skipped.length > SHOWN ? <p className="skipped__more">…and {plural(skipped.length - SHOWN, 'more file')}.</p> : null}
    </details>
  );
}
