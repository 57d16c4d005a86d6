// Preload script (sandboxed, so bundled as CommonJS): exposes window.api, named verbs only.
// The page never sees ipcRenderer.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createApi } from './api.js';

const api = createApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  getPathForFile: (file) => webUtils.getPathForFile(file),
});

contextBridge.exposeInMainWorld('api', api);

/** The type of window.api, for the renderer. */
export type DesktopApi = typeof api;
