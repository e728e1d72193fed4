/**
 * The account's live events (GET /api/v1/me/stream, Server-Sent Events) read with fetch:
 * EventSource cannot send the `Authorization: Bearer` header our tokens live in.
 *
 * One connection per tab. It reconnects by itself — at once after a clean end (the token
 * expired, the server restarted), with growing pauses after failures — and sends
 * `Last-Event-ID`, so the server replays whatever was missed in between.
 */

export interface LiveEvent {
  /** `notification`, `message` or `announcement`. */
  type: string;
  /** The stream's event id (what `Last-Event-ID` resumes after). */
  id: string;
  /** The `data:` object: at least `{type, id}` of the thing it is about. */
  data: Record<string, unknown>;
}

export interface ParsedBlock {
  event: string;
  data: string;
  /** Set when the block carried an `id:` field (possibly without data). */
  id: string | null;
  retry: number | null;
}

/**
 * An incremental text/event-stream parser after the WHATWG rules: chunks may split lines
 * anywhere; CRLF, LF and CR end lines; comments are skipped; a block without data fires
 * nothing but still moves the last event id.
 */
export class EventStreamParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];
  private id: string | null = null;
  private retry: number | null = null;
  private sawField = false;

  feed(chunk: string): ParsedBlock[] {
    this.buffer += chunk;
    const blocks: ParsedBlock[] = [];
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      // A trailing CR may be the first half of a CRLF split across chunks: wait for more.
      if (match[0] === "\r" && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const block = this.line(line);
      if (block) blocks.push(block);
    }
    return blocks;
  }

  private line(line: string): ParsedBlock | null {
    if (line === "") {
      if (!this.sawField) return null;
      const block: ParsedBlock = { event: this.event || "message", data: this.data.join("\n"), id: this.id, retry: this.retry };
      this.event = "";
      this.data = [];
      this.id = null;
      this.retry = null;
      this.sawField = false;
      return block;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    this.sawField = true;
    if (name === "data") this.data.push(value);
    else if (name === "event") this.event = value;
    else if (name === "id" && !value.includes("\0")) this.id = value;
    else if (name === "retry" && /^\d+$/.test(value)) this.retry = Number(value);
    return null;
  }
}

export interface LiveStreamOptions {
  url?: string;
  /** A token fit to send now (the session refreshes one when needed); null = signed out. */
  getToken: () => Promise<string | null>;
  /** Called after a 401: a refreshed token, or null to stop. */
  refreshToken: () => Promise<string | null>;
  onEvent: (event: LiveEvent) => void;
  /** The stream is (re)open; `resumed` when it continued after an earlier id. */
  onOpen?: (resumed: boolean) => void;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Pauses after consecutive failures, in ms; the last one repeats. */
  backoff?: readonly number[];
  random?: () => number;
}

export const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;
export const RECONNECT_MS = 500;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

/** Starts reading; the returned function stops for good. */
export function connectLiveStream(options: LiveStreamOptions): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const sleep = options.sleep ?? abortableSleep;
  const backoff = options.backoff ?? BACKOFF_MS;
  const random = options.random ?? Math.random;
  let lastEventId: string | null = null;
  let failures = 0;

  /** Reads one connection to its end. */
  async function once(token: string): Promise<"ended" | "failed" | "unauthorized"> {
    const headers: Record<string, string> = { Accept: "text/event-stream", Authorization: `Bearer ${token}` };
    if (lastEventId !== null) headers["Last-Event-ID"] = lastEventId;
    const response = await doFetch(options.url ?? "/api/v1/me/stream", { headers, signal, cache: "no-store" });
    if (response.status === 401) return "unauthorized";
    if (!response.ok || !response.body) return "failed";
    options.onOpen?.(lastEventId !== null);
    failures = 0;
    const parser = new EventStreamParser();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return "ended";
        for (const block of parser.feed(value)) {
          if (block.id !== null) lastEventId = block.id;
          if (!block.data) continue;
          let data: unknown;
          try {
            data = JSON.parse(block.data);
          } catch {
            continue;
          }
          if (data && typeof data === "object") {
            options.onEvent({ type: block.event, id: block.id ?? lastEventId ?? "", data: data as Record<string, unknown> });
          }
        }
      }
    } finally {
      reader.releaseLock();
    }
  }

  async function run() {
    while (!signal.aborted) {
      let outcome: "ended" | "failed" | "unauthorized";
      try {
        let token = await options.getToken();
        if (!token) return;
        outcome = await once(token);
        if (outcome === "unauthorized") {
          token = await options.refreshToken().catch(() => null);
          if (!token) return;
          outcome = await once(token);
          // Refused even fresh (a token issued in the same instant as a log-out elsewhere,
          // a clock apart): not a reason to go quiet for the rest of the page's life. Back
          // off and ask the session again; it says null once really signed out.
          if (outcome === "unauthorized") outcome = "failed";
        }
      } catch {
        outcome = "failed"; // network gone, server restarting, or aborted
      }
      if (signal.aborted) return;
      if (outcome === "ended") {
        // A clean end (token expired, a page of replay sent, server restarting): back
        // soon, resuming — after a breath, so a server that keeps ending is not hammered.
        await sleep(RECONNECT_MS, signal);
        continue;
      }
      const pause = backoff[Math.min(failures, backoff.length - 1)]!;
      failures++;
      // Some jitter, so a restarted server is not met by every tab in the same instant.
      await sleep(Math.round(pause * (0.75 + random() * 0.5)), signal);
    }
  }

  void run();
  return () => controller.abort();
}
