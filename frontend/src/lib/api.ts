import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "@/api/generated/schema";
import { session as appSession } from "@/lib/auth";
import { currentLanguage } from "@/lib/i18n";
import { ApiProblem, problemFromResponse } from "@/lib/problem";

export { ApiProblem, parseRetryAfter } from "@/lib/problem";
export type { ProblemDetails, ProblemFieldError } from "@/lib/problem";

/** Asks the server to answer (problem messages included) in the interface language. */
export function acceptLanguageMiddleware(getLanguage: () => string): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("Accept-Language", getLanguage());
      return request;
    },
  };
}

/** Turns any non-2xx response into a thrown ApiProblem. */
export const problemMiddleware: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) {
      throw await problemFromResponse(response);
    }
    return undefined;
  },
};

/** What the auth middleware needs of a session (lib/auth/session.ts). */
export interface TokenSource {
  validToken(): Promise<string | null>;
  refresh(): Promise<string | null>;
}

const AUTH_PREFIX = "/api/v1/auth/";

/**
 * Adds `Authorization: Bearer` and, when an authenticated request comes back 401, refreshes
 * the session once (single-flight, see session.ts) and repeats the request with the new
 * token. The log-in endpoints themselves go without a token, except log-out.
 */
export function authMiddleware(tokens: TokenSource): Middleware {
  const replays = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      const path = new URL(request.url, "http://localhost").pathname;
      const isAuthCall = path.startsWith(AUTH_PREFIX);
      if (isAuthCall && !path.endsWith("/logout")) return undefined;
      const token = await tokens.validToken();
      if (!token) return undefined;
      request.headers.set("Authorization", `Bearer ${token}`);
      if (!isAuthCall) replays.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const replay = replays.get(id);
      replays.delete(id);
      if (response.status !== 401 || !replay) return undefined;
      const token = await tokens.refresh().catch(() => null);
      if (!token) return undefined;
      replay.headers.set("Authorization", `Bearer ${token}`);
      return options.fetch(replay);
    },
    onError({ id }) {
      replays.delete(id);
      return undefined;
    },
  };
}

export interface ApiClientOptions {
  baseUrl?: string;
  getLanguage?: () => string;
  fetch?: (request: Request) => Promise<Response>;
  /** Where bearer tokens come from; without one, requests are anonymous. */
  tokens?: TokenSource | null;
}

export function createApiClient(options: ApiClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? "",
    credentials: "include",
    // Looked up on every call, so tests (and polyfills) can replace globalThis.fetch.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
  });
  // onResponse runs last-registered first: auth may replay a 401 before problem throws.
  client.use(acceptLanguageMiddleware(options.getLanguage ?? currentLanguage), problemMiddleware);
  if (options.tokens) client.use(authMiddleware(options.tokens));
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's client: same-origin `/api/v1/...`, Accept-Language from i18next, the session's token. */
export const api: ApiClient = createApiClient({ tokens: appSession });

/**
 * The data of a successful call. Non-2xx answers never get here (problemMiddleware
 * throws), so a missing `data` only means an empty body (204).
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) {
    throw new ApiProblem(result.response.status, result.error ?? null);
  }
  return result.data as T;
}
