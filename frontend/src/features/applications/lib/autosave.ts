import { useEffect, useRef, useState, useSyncExternalStore } from "react";

/**
 * The draft's autosave (UX.md: «drafts saved on the server as you type, «Черновик
 * сохранён»»). Changes are merged and sent once the typing pauses for `delay` ms; one
 * request at a time, in order, so an older value never lands after a newer one; a
 * failed save keeps its changes and is retried; `flush()` sends what is waiting now
 * (before the next step, before submit).
 */

export type SaveState = "idle" | "pending" | "saving" | "saved" | "error";

export interface DraftSaverOptions<P extends object> {
  save: (patch: P) => Promise<unknown>;
  /** Quiet time after the last change, ms. */
  delay?: number;
  /** After a failure, try again in this many ms. */
  retryDelay?: number;
  /** False for failures that asking again will not fix (a 4xx): the change is dropped. */
  shouldRetry?: (error: unknown) => boolean;
  now?: () => Date;
}

export interface SaverSnapshot {
  state: SaveState;
  savedAt: Date | null;
  error: unknown;
}

export const AUTOSAVE_DELAY_MS = 800;
export const AUTOSAVE_RETRY_MS = 5_000;

export class DraftSaver<P extends object> {
  private pending: Partial<P> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private snapshotValue: SaverSnapshot = { state: "idle", savedAt: null, error: null };
  private listeners = new Set<() => void>();
  private disposed = false;
  private readonly options: Required<Omit<DraftSaverOptions<P>, "now">> & { now: () => Date };

  constructor(options: DraftSaverOptions<P>) {
    this.options = {
      delay: AUTOSAVE_DELAY_MS,
      retryDelay: AUTOSAVE_RETRY_MS,
      shouldRetry: () => true,
      now: () => new Date(),
      ...options,
    };
  }

  /** Adds a change; the save follows `delay` ms after the last one. */
  queue(patch: Partial<P>): void {
    if (this.disposed) return;
    this.pending = { ...(this.pending ?? {}), ...patch };
    this.set({ state: "pending", error: null });
    this.schedule(this.options.delay);
  }

  /** Sends what is waiting now and resolves when every save so far has settled: true if all went through. */
  async flush(): Promise<boolean> {
    this.clearTimer();
    if (this.pending) this.enqueueRun();
    await this.chain;
    return this.pending === null && this.snapshotValue.state !== "error";
  }

  /** Something not yet saved (typing, waiting or sending). */
  get dirty(): boolean {
    return this.pending !== null || this.inFlight > 0;
  }

  snapshot = (): SaverSnapshot => this.snapshotValue;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.listeners.clear();
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.enqueueRun();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private enqueueRun(): void {
    this.chain = this.chain.then(() => this.run());
  }

  private async run(): Promise<void> {
    const patch = this.pending;
    if (!patch || this.disposed) return;
    this.pending = null;
    this.inFlight++;
    this.set({ state: "saving" });
    try {
      await this.options.save(patch as P);
      this.inFlight--;
      // More typing while this one was out: it is already waiting for its own save.
      this.set(this.pending ? { state: "pending" } : { state: "saved", savedAt: this.options.now(), error: null });
    } catch (error) {
      this.inFlight--;
      if (!this.options.shouldRetry(error)) {
        // Refused for good: drop it (newer changes still go), and say why.
        this.set({ state: "error", error });
        if (this.pending && !this.disposed) this.schedule(this.options.delay);
        return;
      }
      // Keep the failed change under any newer one, and try again later.
      this.pending = { ...patch, ...(this.pending ?? {}) };
      this.set({ state: "error", error });
      if (!this.disposed) this.schedule(this.options.retryDelay);
    }
  }

  private set(next: Partial<SaverSnapshot>): void {
    this.snapshotValue = { ...this.snapshotValue, ...next };
    for (const listener of this.listeners) listener();
  }
}

/** A DraftSaver for the component's life, with its state for «Черновик сохранён · 21:47». */
export function useDraftSaver<P extends object>(
  save: (patch: P) => Promise<unknown>,
  options: Omit<DraftSaverOptions<P>, "save"> = {},
) {
  const saveRef = useRef(save);
  saveRef.current = save;
  const [saver] = useState(() => new DraftSaver<P>({ ...options, save: (patch) => saveRef.current(patch) }));
  useEffect(() => {
    // Leaving the wizard sends what is waiting (the save itself does not need the page).
    const onHide = () => void saver.flush();
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      void saver.flush();
    };
  }, [saver]);
  const snapshot = useSyncExternalStore(saver.subscribe, saver.snapshot, saver.snapshot);
  return { saver, ...snapshot };
}
