import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { AUTOSAVE_DELAY_MS, DraftSaver } from "./autosave";

type Patch = { contact_phone?: string; consent?: boolean; student_number?: string };

function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("the draft autosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits for a pause in typing and sends one merged PATCH", async () => {
    const save = vi.fn(async (_patch: Patch) => undefined);
    const saver = new DraftSaver<Patch>({ save });

    saver.queue({ contact_phone: "+7 (9" });
    await vi.advanceTimersByTimeAsync(300);
    saver.queue({ contact_phone: "+7 (916) 1" });
    await vi.advanceTimersByTimeAsync(300);
    saver.queue({ consent: true });
    expect(saver.snapshot().state).toBe("pending");

    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    expect(save).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ contact_phone: "+7 (916) 1", consent: true });
    expect(saver.snapshot().state).toBe("saved");
    expect(saver.snapshot().savedAt).toBeInstanceOf(Date);
  });

  it("flush() sends at once, without waiting for the pause", async () => {
    const save = vi.fn(async (_patch: Patch) => undefined);
    const saver = new DraftSaver<Patch>({ save });
    saver.queue({ student_number: "123" });

    await expect(saver.flush()).resolves.toBe(true);
    expect(save).toHaveBeenCalledWith({ student_number: "123" });

    // Nothing left for the timer to send.
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("sends one request at a time: a change made during a save goes in the next one", async () => {
    const first = deferred();
    const calls: Patch[] = [];
    const save = vi.fn((patch: Patch) => {
      calls.push(patch);
      return calls.length === 1 ? first.promise : Promise.resolve();
    });
    const saver = new DraftSaver<Patch>({ save });

    saver.queue({ contact_phone: "+7 (916) 123-45-6" });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(saver.snapshot().state).toBe("saving");

    saver.queue({ contact_phone: "+7 (916) 123-45-67" });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    // The second waits for the first to answer.
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.dirty).toBe(true);

    first.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([{ contact_phone: "+7 (916) 123-45-6" }, { contact_phone: "+7 (916) 123-45-67" }]);
    expect(saver.snapshot().state).toBe("saved");
    expect(saver.dirty).toBe(false);
  });

  it("keeps a failed change, says so, and tries again", async () => {
    let fail = true;
    const save = vi.fn(async (_patch: Patch) => {
      if (fail) throw new TypeError("Network error");
    });
    const saver = new DraftSaver<Patch>({ save, retryDelay: 5_000 });

    saver.queue({ consent: true });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(saver.snapshot().state).toBe("error");
    expect(saver.dirty).toBe(true);

    // A newer change made meanwhile wins over the failed one's fields.
    saver.queue({ contact_phone: "+7 (916) 123-45-67" });
    fail = false;
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(save).toHaveBeenLastCalledWith({ consent: true, contact_phone: "+7 (916) 123-45-67" });
    expect(saver.snapshot().state).toBe("saved");
  });

  it("retries by itself after the retry delay", async () => {
    let attempts = 0;
    const save = vi.fn(async (_patch: Patch) => {
      attempts++;
      if (attempts === 1) throw new TypeError("Network error");
    });
    const saver = new DraftSaver<Patch>({ save, retryDelay: 5_000 });
    saver.queue({ consent: true });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(saver.snapshot().state).toBe("error");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(saver.snapshot().state).toBe("saved");
  });

  it("flush() reports a failure", async () => {
    const saver = new DraftSaver<Patch>({
      save: async () => {
        throw new TypeError("Network error");
      },
    });
    saver.queue({ consent: false });
    await expect(saver.flush()).resolves.toBe(false);
    saver.dispose();
  });
});

describe("a change the server refuses for good", () => {
  it("is not sent again, and the refusal is kept for the page to show", async () => {
    vi.useFakeTimers();
    const refusal = Object.assign(new Error("Заявление уже отправлено"), { status: 409 });
    const save = vi.fn(async (_patch: Patch) => {
      throw refusal;
    });
    const saver = new DraftSaver<Patch>({ save, shouldRetry: (error) => (error as { status?: number }).status !== 409 });
    saver.queue({ consent: true });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(saver.snapshot()).toMatchObject({ state: "error", error: refusal });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.dirty).toBe(false);
    vi.useRealTimers();
  });
});
