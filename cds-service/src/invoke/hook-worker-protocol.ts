import type { HookWorkInput, HookWorkResult } from './hook-work';

/** Messages between the pool and a hook worker thread. */
export interface HookWorkerTask extends HookWorkInput {
  readonly id: number;
}

export type HookWorkerReply =
  /** Sent once, when the worker has loaded the engine and listens for tasks. */
  | { readonly ready: true }
  | { readonly id: number; readonly result: HookWorkResult }
  /** An unexpected exception in the work (a defect, not bad input): its name only, never data. */
  | { readonly id: number; readonly failure: string };
