/**
 * The "Simulate network" options as typed (N, recovery, seed, raster neurons), whether their panel
 * is open, and the options the last attempt refused (see lib/network-request.ts).
 */
import type { Recovery } from '@shared/network/types';
import type { FieldIssue } from '@shared/simulation/types';
import { DEFAULT_NETWORK_DRAFTS, type NetworkDrafts } from '../lib/network-request';

export class NetworkOptions {
  #drafts = $state<NetworkDrafts>({ ...DEFAULT_NETWORK_DRAFTS });
  #open = $state(false);
  #issues = $state.raw<FieldIssue[]>([]);

  get drafts(): NetworkDrafts {
    return this.#drafts;
  }
  get open(): boolean {
    return this.#open;
  }
  toggle(): void {
    this.#open = !this.#open;
  }
  close(): void {
    this.#open = false;
  }
  set(key: 'neurons' | 'seed' | 'raster', text: string): void {
    this.#drafts[key] = text;
    this.#issues = this.#issues.filter((i) => i.field !== key);
  }
  setRecovery(recovery: Recovery): void {
    this.#drafts.recovery = recovery;
  }
  /** The message of the refused option `key`, or undefined. */
  issue(key: string): string | undefined {
    return this.#issues.find((i) => i.field === key)?.message;
  }
  refuse(issues: FieldIssue[]): void {
    this.#issues = issues;
    if (issues.length > 0) this.#open = true;
  }
}
