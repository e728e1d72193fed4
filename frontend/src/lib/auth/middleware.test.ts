import { describe, expect, it, vi } from "vitest";

import { createApiClient, type TokenSource } from "@/lib/api";
import { jsonResponse } from "@/testing/render";

const ME = { id: "1", last_name: "Иванова" };

function tokens(initial: string | null, refreshed: string | null): TokenSource & { refresh: ReturnType<typeof vi.fn> } {
  let current = initial;
  return {
    validToken: vi.fn(async () => current),
    refresh: vi.fn(async () => {
      current = refreshed;
      return refreshed;
    }),
  };
}

describe("the auth middleware", () => {
  it("sends the bearer token", async () => {
    const seen: Request[] = [];
    const client = createApiClient({
      baseUrl: "http://diary.test",
      tokens: tokens("t1", null),
      fetch: async (request) => {
        seen.push(request);
        return jsonResponse(ME);
      },
    });
    await client.GET("/api/v1/me");
    expect(seen[0]?.headers.get("Authorization")).toBe("Bearer t1");
  });

  it("on 401 refreshes once and repeats the request, body included, with the new token", async () => {
    const seen: { auth: string | null; body: string }[] = [];
    const source = tokens("expired", "fresh");
    const client = createApiClient({
      baseUrl: "http://diary.test",
      tokens: source,
      fetch: async (request) => {
        seen.push({ auth: request.headers.get("Authorization"), body: await request.text() });
        return request.headers.get("Authorization") === "Bearer fresh"
          ? jsonResponse({ level: "standard" })
          : jsonResponse({ title: "Требуется вход", status: 401, code: "token_expired", detail: "Срок действия ключа истёк" }, { status: 401 });
      },
    });

    const { data } = await client.PUT("/api/v1/me/snils", { body: { snils: "112-233-445 95" } });

    expect(data).toEqual({ level: "standard" });
    expect(source.refresh).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([
      { auth: "Bearer expired", body: '{"snils":"112-233-445 95"}' },
      { auth: "Bearer fresh", body: '{"snils":"112-233-445 95"}' },
    ]);
  });

  it("lets the 401 through when the session cannot be refreshed", async () => {
    const source = tokens("expired", null);
    const client = createApiClient({
      baseUrl: "http://diary.test",
      tokens: source,
      fetch: async () => jsonResponse({ title: "Требуется вход", status: 401, code: "token_invalid", detail: "Войдите снова" }, { status: 401 }),
    });
    const error = await client.GET("/api/v1/me").catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, code: "token_invalid" });
  });

  it("sends log-in calls without a token and never refreshes for them", async () => {
    const seen: Request[] = [];
    const source = tokens("t1", "t2");
    const client = createApiClient({
      baseUrl: "http://diary.test",
      tokens: source,
      fetch: async (request) => {
        seen.push(request);
        return jsonResponse({ title: "Требуется вход", status: 401, code: "invalid_credentials", detail: "Неверный логин или пароль" }, { status: 401 });
      },
    });
    await client.POST("/api/v1/auth/login", { body: { login: "+79991234567", password: "x" } }).catch(() => undefined);
    expect(seen[0]?.headers.get("Authorization")).toBeNull();
    expect(source.refresh).not.toHaveBeenCalled();
  });

  it("sends anonymous requests when signed out, and does not try to refresh", async () => {
    const source = tokens(null, "t2");
    const client = createApiClient({
      baseUrl: "http://diary.test",
      tokens: source,
      fetch: async () => jsonResponse({ title: "Требуется вход", status: 401, code: "token_invalid", detail: "" }, { status: 401 }),
    });
    await client.GET("/api/v1/me").catch(() => undefined);
    expect(source.refresh).not.toHaveBeenCalled();
  });
});
