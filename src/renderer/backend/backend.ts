// The renderer's one door to the engine. Screens call a Backend and never know whether it is the
// desktop IPC bridge or (later) HTTP to `perfectparser serve`.
import type { ParseConfigInput, ParseRun } from '../../shared/parse-contract.js';

export interface Backend {
  /** Short name for the status line ("desktop", later "browser"). */
  readonly kind: 'desktop';
  /** Parses a file the user dropped or picked; rejects with a plain-sentence Error. */
  parseFile(file: File, config?: ParseConfigInput): Promise<ParseRun>;
}
