/**
 * Registers the API contract with ipcMain: one `ipcMain.handle` per API_METHODS entry, on the
 * channel `channelOf(name)`. A call is served only when it comes from the top frame of the app's own
 * page (isTrustedFrame in ./security.ts); anything else is refused before the handler runs.
 * Arguments are passed through unchanged: each handler validates its own and answers a malformed
 * call with its failure value (see ./services/handlers.ts); a handler that throws anyway is logged
 * and the caller gets a rejected promise, never a crash of main.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_METHODS, channelOf, type Api } from '@shared/api';
import { isTrustedFrame } from './security';

/** True when the call comes from the app page loaded from `appUrl`, in its top frame. */
export function isTrustedSender(event: IpcMainInvokeEvent, appUrl: string): boolean {
  return isTrustedFrame(event.senderFrame, appUrl);
}

/** Registers every API method; returns a function that removes them again. */
export function registerApi(handlers: Api, appUrl: string): () => void {
  for (const name of API_METHODS) {
    const handler = handlers[name] as (...args: unknown[]) => Promise<unknown>;
    ipcMain.handle(channelOf(name), async (event, ...args: unknown[]) => {
      if (!isTrustedSender(event, appUrl)) {
        console.warn(`Refused api.${name} from ${event.senderFrame?.url ?? 'a closed frame'}`);
        throw new Error(`api.${name}: refused, the caller is not the app's page`);
      }
      try {
        return await handler(...args);
      } catch (e) {
        console.error(`api.${name} threw (a handler must answer with a failure value instead):`, e);
        throw new Error(`api.${name} failed unexpectedly`);
      }
    });
  }
  return () => {
    for (const name of API_METHODS) ipcMain.removeHandler(channelOf(name));
  };
}
