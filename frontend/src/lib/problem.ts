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

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date); null when absent. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Thrown for every non-2xx answer. `problem` is the parsed problem+json body when the
 * server sent one (null for e.g. a proxy's HTML 502); `body` is whatever came back;
 * `retryAfter` is the `Retry-After` of a 423/429/503 in seconds.
 */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  readonly status: number;
  readonly problem: ProblemDetails | null;
  readonly body: unknown;
  readonly requestId: string | null;
  readonly retryAfter: number | null;

  constructor(
    status: number,
    body: unknown,
    requestId: string | null = null,
    retryAfter: number | null = null,
  ) {
    const problem = isProblemDetails(body)
      ? { ...body, errors: Array.isArray(body.errors) ? body.errors : [] }
      : null;
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.problem = problem;
    this.requestId = problem?.request_id ?? requestId;
    this.retryAfter = retryAfter;
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

/** Reads a response body as JSON when it is JSON, else as text; null when empty. */
export async function readBody(response: Response): Promise<unknown> {
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

/** The ApiProblem for a non-2xx response (reads a clone: the original stays readable). */
export async function problemFromResponse(response: Response): Promise<ApiProblem> {
  const body = await readBody(response.clone());
  return new ApiProblem(
    response.status,
    body,
    response.headers.get("X-Request-ID"),
    parseRetryAfter(response.headers.get("Retry-After")),
  );
}
