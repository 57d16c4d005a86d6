// The desktop-only calls of the contract: the native open dialog, and saving an export where the
// user chooses. Electron's dialog and the window lookup are injected, so tests drive these with fakes.
import path from 'node:path';
import type { BaseWindow, Dialog, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { ExportFormat } from '../../shared/api/extractions.js';
import { writeOutputFile } from '../services/output-file.js';
import type { ExportsService } from '../services/types.js';
import type { DesktopHandlers, InvokeEventLike } from './ipc.js';

/** Extensions of the documents the engine reads (it decides the type by content; this only
 *  narrows what the dialog shows). */
export const DOCUMENT_EXTENSIONS = ['pdf', 'png', 'jpg', 'jpeg', 'tif', 'tiff', 'webp', 'bmp', 'gif', 'txt'] as const;

const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV (comma-separated values)', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
};

export interface DesktopHandlerDeps<E extends InvokeEventLike> {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  /** The window that sent a call, so dialogs open over it (null: an unparented dialog). */
  windowOf: (event: E) => BaseWindow | null;
  exports: ExportsService;
  /** The folder the save dialog starts in (the user's documents folder). */
  defaultSaveDir: () => string;
}

/** The handler table of the desktop contract. */
export function createDesktopHandlers<E extends InvokeEventLike>(deps: DesktopHandlerDeps<E>): DesktopHandlers<E> {
  const { dialog, windowOf } = deps;
  return {
    'dialog.open': async ({ kind, title }, event) => {
      const options: OpenDialogOptions =
        kind === 'folder'
          ? { title: title ?? 'Choose a folder of documents', properties: ['openDirectory'] }
          : {
              title: title ?? 'Choose documents',
              properties: ['openFile', 'multiSelections'],
              filters: [
                { name: 'Supported documents', extensions: [...DOCUMENT_EXTENSIONS] },
                { name: 'All files', extensions: ['*'] },
              ],
            };
      const owner = windowOf(event);
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    'results.export': async ({ extraction_id, format, line_items }, event) => {
      // Prepared first: a job that does not exist is reported before any dialog appears.
      // A CSV saved from the app is opened in a spreadsheet: its byte-order mark makes Excel
      // read it as UTF-8.
      const target = await deps.exports.extraction(extraction_id, { format, line_items, bom: true });
      const options: SaveDialogOptions = {
        title: 'Save the results',
        defaultPath: path.join(deps.defaultSaveDir(), `${target.suggestedName}.${format}`),
        filters: [EXPORT_FILTERS[format]],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const owner = windowOf(event);
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return { saved_to: null };
      // Some platforms' dialogs (GTK) keep a name typed without its extension.
      const destination = path.extname(result.filePath) === '' ? `${result.filePath}.${format}` : result.filePath;
      await writeOutputFile(destination, (out) => target.write(out));
      return { saved_to: destination };
    },
  };
}
