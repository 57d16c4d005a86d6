// Opens a PDF for as long as a component shows it, and destroys it (worker side included) after.
import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { openPdf } from './pdf-loader.js';

export interface PdfDocumentState {
  doc: PDFDocumentProxy | null;
  error: string | null;
  /** The PDF is encrypted and needs its password (`wrong`: the one given does not open it). */
  locked: 'needed' | 'wrong' | null;
}

/** pdf.js's PasswordResponses.INCORRECT_PASSWORD. */
const INCORRECT_PASSWORD = 2;

/** The open pdf.js document for these bytes (null while loading, or when `bytes` is null),
 *  opened with `password` when it is encrypted. */
export function usePdfDocument(bytes: Uint8Array | null, password?: string): PdfDocumentState {
  const [state, setState] = useState<PdfDocumentState>({ doc: null, error: null, locked: null });
  useEffect(() => {
    if (!bytes) {
      setState({ doc: null, error: null, locked: null });
      return;
    }
    let disposed = false;
    let destroy: (() => void) | null = null;
    setState({ doc: null, error: null, locked: null });
    openPdf(bytes, password)
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
          if (!disposed) setState({ doc, error: null, locked: null });
        });
      })
      .catch((err: unknown) => {
        if (disposed) return;
        const name = err instanceof Error ? err.name : '';
        if (name === 'PasswordException') {
          const wrong = password !== undefined && (err as { code?: number }).code === INCORRECT_PASSWORD;
          setState({
            doc: null,
            error: wrong ? 'This password does not open the PDF, so its pages cannot be shown.' : 'The PDF is protected by a password, so its pages cannot be shown.',
            locked: wrong ? 'wrong' : 'needed',
          });
          return;
        }
        setState({ doc: null, error: `The PDF could not be opened for viewing (${err instanceof Error ? err.message : String(err)}).`, locked: null });
      });
    return () => {
      disposed = true;
      destroy?.();
    };
  }, [bytes, password]);
  return state;
}
