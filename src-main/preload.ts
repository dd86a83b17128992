/**
 * Sandboxed preload (bundled to out/preload/preload.cjs, CommonJS). Exposes `window.api` with
 * exactly one function per API method, each a plain `ipcRenderer.invoke` on that method's channel.
 * Nothing else crosses the bridge: no ipcRenderer, no generic send, no Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, channelOf } from '@shared/api';

const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
for (const name of API_METHODS) {
  const channel = channelOf(name);
  api[name] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
}

contextBridge.exposeInMainWorld('api', Object.freeze(api));
