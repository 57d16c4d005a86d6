// Preload script (sandboxed, so bundled as CommonJS): exposes window.api, named verbs only.
// The page never sees ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createApi } from './api.js';

const api = createApi({
  invoke: (channel, arg) => ipcRenderer.invoke(channel, arg),
  on: (channel, listener) => {
    ipcRenderer.on(channel, listener);
  },
  removeListener: (channel, listener) => {
    ipcRenderer.removeListener(channel, listener);
  },
  getPathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('api', api);

/** The type of window.api, for the renderer. */
export type DesktopApi = typeof api;
