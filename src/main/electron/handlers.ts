// The IPC handlers: thin adapters from a validated argument to a service call.
import { BrowserWindow, dialog, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { parseFile } from '../services/parse-service.js';
import type { IpcHandlers } from './ipc.js';

/** The handler table registered by registerIpc. */
export function createHandlers(): IpcHandlers<IpcMainInvokeEvent> {
  return {
    'parse:file': ({ path, config }) => parseFile(path, config),
    'dialog:open-files': async (_args, event) => {
      const options: OpenDialogOptions = {
        title: 'Choose documents to parse',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'PDF documents', extensions: ['pdf'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const owner = BrowserWindow.fromWebContents(event.sender);
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
  };
}
