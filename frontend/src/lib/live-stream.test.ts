import { describe, expect, it, vi } from "vitest";

import { connectLiveStream, EventStreamParser, type LiveEvent } from "./live-stream";

describe("EventStreamParser", () => {
  it("parses events split across chunks anywhere, CRLF included", () => {
    const parser = new EventStreamParser();
    const text = ': edudiary\r\nretry: 3000\r\nid: 41\r\n\r\nid: 42\r\nevent: message\r\ndata: {"type":"message","id":"m1"}\r\n\r\n';
    const blocks = [...text].flatMap((char) => parser.feed(char));
    expect(blocks).toEqual([
      { event: "message", data: "", id: "41", retry: 3000 },
      { event: "message", data: '{"type":"message","id":"m1"}', id: "42", retry: null },
    ]);
  });

  it("joins data lines, skips comments and blank keep-alives", () => {
    const parser = new EventStreamParser();
    const blocks = parser.feed(": keep-alive\n\nevent: notification\ndata: a\ndata:b\n\n: keep-alive\n\n");
    expect(blocks).toEqual([{ event: "notification", data: "a\nb", id: null, retry: null }]);
  });
});

function sse(body: string, status = 200): Response {
  return new Response(new Blob([body]).stream(), { status, headers: { "Content-Type": "text/event-stream" } });
}

function streamingResponse(): { response: Response; push: (text: string) => void; end: () => void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { status: 200 }),
    push: (text) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
  };
}

describe("connectLiveStream", () => {
  it("delivers events, then reconnects with Last-Event-ID after the stream ends", async () => {
    const events: LiveEvent[] = [];
    const calls: Array<Record<string, string>> = [];
    const second = streamingResponse();
    const responses = [
      sse('retry: 3000\nid: 7\n\nid: 8\nevent: message\ndata: {"type":"message","id":"m1","conversation_id":"c1"}\n\n'),
      second.response,
    ];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ ...(init?.headers as Record<string, string>) });
      return responses.shift()!;
    });
    const opened: boolean[] = [];
    const stop = connectLiveStream({
      getToken: async () => "tok",
      refreshToken: async () => null,
      onEvent: (event) => events.push(event),
      onOpen: (resumed) => opened.push(resumed),
      fetch: fetch as unknown as typeof globalThis.fetch,
      sleep: async () => undefined,
    });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    second.push('id: 9\nevent: notification\ndata: {"type":"notification","id":"n1"}\n\n');
    await vi.waitFor(() => expect(events).toHaveLength(2));
    stop();
    second.end();

    expect(calls[0]).toEqual({ Accept: "text/event-stream", Authorization: "Bearer tok" });
    expect(calls[1]).toMatchObject({ Authorization: "Bearer tok", "Last-Event-ID": "8" });
    expect(opened).toEqual([false, true]);
    expect(events).toEqual([
      { type: "message", id: "8", data: { type: "message", id: "m1", conversation_id: "c1" } },
      { type: "notification", id: "9", data: { type: "notification", id: "n1" } },
    ]);
  });

  it("resumes from an id-only block even when no event came", async () => {
    const calls: Array<Record<string, string>> = [];
    const responses = [sse(": edudiary\nretry: 3000\nid: 41\n\n"), new Promise<Response>(() => {})];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ ...(init?.headers as Record<string, string>) });
      return responses.shift()!;
    });
    const stop = connectLiveStream({
      getToken: async () => "tok",
      refreshToken: async () => null,
      onEvent: () => undefined,
      fetch: fetch as unknown as typeof globalThis.fetch,
      sleep: async () => undefined,
    });
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    stop();
    expect(calls[1]!["Last-Event-ID"]).toBe("41");
  });

  it("backs off longer after each failure and starts over once a stream opens", async () => {
    const pauses: number[] = [];
    const outcomes: Array<() => Response | Promise<Response>> = [
      () => Promise.reject(new TypeError("network")),
      () => new Response(null, { status: 503 }),
      () => new Response(null, { status: 502 }),
      () => sse("id: 1\n\n"),
      () => Promise.reject(new TypeError("network")),
      () => new Promise<Response>(() => {}),
    ];
    const fetch = vi.fn(async () => outcomes.shift()!());
    const stop = connectLiveStream({
      getToken: async () => "tok",
      refreshToken: async () => null,
      onEvent: () => undefined,
      fetch: fetch as unknown as typeof globalThis.fetch,
      sleep: async (ms) => void pauses.push(ms),
      backoff: [100, 200, 400],
      random: () => 0.5, // no jitter
    });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(6));
    stop();
    // failures 100, 200, 400; the clean end's short breath; then from the start again.
    expect(pauses).toEqual([100, 200, 400, 500, 100]);
  });

  it("refreshes the token once on 401, backs off when even that is refused, stops when signed out", async () => {
    const tokens: string[] = [];
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      tokens.push((init?.headers as Record<string, string>).Authorization!);
      return new Response(null, { status: 401 });
    });
    const refreshToken = vi.fn(async () => "fresh");
    const session = ["old", "old", null];
    const pauses: number[] = [];
    connectLiveStream({
      getToken: async () => session.shift() ?? null,
      refreshToken,
      onEvent: () => undefined,
      fetch: fetch as unknown as typeof globalThis.fetch,
      sleep: async (ms) => {
        pauses.push(ms);
      },
      backoff: [100, 200],
      random: () => 0.5,
    });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tokens).toEqual(["Bearer old", "Bearer fresh", "Bearer old", "Bearer fresh"]);
    expect(refreshToken).toHaveBeenCalledTimes(2);
    expect(pauses).toEqual([100, 200]); // a pause after each refusal, not a tight loop
    expect(fetch).toHaveBeenCalledTimes(4); // then signed out: no more tries
  });
});
