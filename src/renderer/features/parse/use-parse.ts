// State of the parse screen: one file at a time, from drop to a PROCESSED or FAILED run.
import { useCallback, useRef, useState } from 'react';
import type { ParseRun } from '../../../shared/parse-contract.js';
import type { Backend } from '../../backend/backend.js';

export type ParseState =
  | { kind: 'idle'; note?: undefined }
  | { kind: 'parsing'; fileName: string; note: string | null }
  | { kind: 'done'; fileName: string; note: string | null; run: ParseRun }
  | { kind: 'error'; fileName: string; note: string | null; message: string };

/** Parses the first of the given files; a newer request replaces an older one still running. */
export function useParse(backend: Backend): { state: ParseState; parseFiles: (files: readonly File[]) => void } {
  const [state, setState] = useState<ParseState>({ kind: 'idle' });
  const latest = useRef(0);

  const parseFiles = useCallback(
    (files: readonly File[]) => {
      const file = files[0];
      if (!file) return;
      const note = files.length > 1 ? `${files.length} files were given; only “${file.name}” was parsed.` : null;
      const request = ++latest.current;
      setState({ kind: 'parsing', fileName: file.name, note });
      backend.parseFile(file).then(
        (run) => {
          if (request === latest.current) setState({ kind: 'done', fileName: file.name, note, run });
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          if (request === latest.current) setState({ kind: 'error', fileName: file.name, note, message });
        },
      );
    },
    [backend],
  );

  return { state, parseFiles };
}
