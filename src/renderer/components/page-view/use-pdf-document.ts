// Opens a PDF for as long as a component shows it, and destroys it (worker side included) after.
import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { openPdf } from './pdf-loader.js';

export interface PdfDocumentState {
  doc: PDFDocumentProxy | null;
  error: string | null;
}

/** The open pdf.js document for these bytes (null while loading, or when `bytes` is null). */
export function usePdfDocument(bytes: Uint8Array | null): PdfDocumentState {
  const [state, setState] = useState<PdfDocumentState>({ doc: null, error: null });
  useEffect(() => {
    if (!bytes) {
      setState({ doc: null, error: null });
      return;
    }
    let disposed = false;
    let destroy: (() => void) | null = null;
    setState({ doc: null, error: null });
    openPdf(bytes)
      .then((task) => {
        // Destroying a task that is still loading rejects its promise ("Worker was destroyed"):
        // expected when the view goes away first, so it is never left unhandled.
        task.promise.catch(() => undefined);
        destroy = () => void task.destroy();
        if (disposed) {
          destroy();
          return;
        }
        return task.promise.then((doc) => {
          if (!disposed) setState({ doc, error: null });
        });
      })
      .catch((err: unknown) => {
        if (disposed) return;
        const name = err instanceof Error ? err.name : '';
        const message =
          name === 'PasswordException'
            ? 'The PDF is protected by a password, so its pages cannot be shown.'
            : `The PDF could not be opened for viewing (${err instanceof Error ? err.message : String(err)}).`;
        setState({ doc: null, error: message });
      });
    return () => {
      disposed = true;
      destroy?.();
    };
  }, [bytes]);
  return state;
}
