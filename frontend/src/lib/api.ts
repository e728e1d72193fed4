import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "@/api/generated/schema";
import { currentLanguage } from "@/lib/i18n";

/** One field's error inside a problem: `field` names the input, e.g. "phone" or "child.snils". */
export interface ProblemFieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them (messages already localised). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  request_id?: string | null;
  errors: ProblemFieldError[];
}

function isProblemDetails(body: unknown): body is ProblemDetails {
  if (typeof body !== "object" || body === null) {
    return false;
  }
  const b = body as Record<string, unknown>;
  return (
    typeof b.title === "string" &&
    typeof b.status === "number" &&
    typeof b.code === "string" &&
    (b.errors === undefined || Array.isArray(b.errors))
  );
}

/**
 * Thrown for every non-2xx answer. `problem` is the parsed problem+json body when the
 * server sent one (null for e.g. a proxy's HTML 502); `body` is whatever came back.
 */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  readonly status: number;
  readonly problem: ProblemDetails | null;
  readonly body: unknown;
  readonly requestId: string | null;

  constructor(status: number, body: unknown, requestId: string | null = null) {
    const problem = isProblemDetails(body)
      ? { ...body, errors: Array.isArray(body.errors) ? body.errors : [] }
      : null;
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.problem = problem;
    this.requestId = problem?.request_id ?? requestId;
  }

  get code(): string | null {
    return this.problem?.code ?? null;
  }

  /** Field errors keyed by field name, for forms: `{phone: "Некорректный номер телефона"}`. */
  fieldErrors(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const e of this.problem?.errors ?? []) {
      result[e.field] ??= e.message;
    }
    return result;
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

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
      const body = await readBody(response.clone());
      throw new ApiProblem(response.status, body, response.headers.get("X-Request-ID"));
    }
    return undefined;
  },
};

export interface ApiClientOptions {
  baseUrl?: string;
  getLanguage?: () => string;
  fetch?: (request: Request) => Promise<Response>;
}

export function createApiClient(options: ApiClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? "",
    // Looked up on every call, so tests (and polyfills) can replace globalThis.fetch.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
  });
  client.use(acceptLanguageMiddleware(options.getLanguage ?? currentLanguage), problemMiddleware);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's client: same-origin `/api/v1/...`, Accept-Language from i18next. */
export const api: ApiClient = createApiClient();

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
