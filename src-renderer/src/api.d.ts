/** The preload's bridge: one function per method of the shared contract (src-shared/api.ts). */
import type { Api } from '@shared/api';

declare global {
  interface Window {
    readonly api: Api;
  }
}

export {};
