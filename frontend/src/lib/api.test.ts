import { describe, expect, it, vi } from "vitest";

import { ApiProblem, createApiClient } from "@/lib/api";
import { i18n } from "@/lib/i18n";
import { jsonResponse } from "@/testing/render";

const HEALTH = { status: "ok", database: "ok", version: "0.1.0", environment: "test" };

function recordingFetch(response: () => Response) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    return response();
  });
  return { fetch, requests };
}

describe("api client", () => {
  it("asks for answers in the interface language", async () => {
    const { fetch, requests } = recordingFetch(() => jsonResponse(HEALTH));
    const client = createApiClient({ baseUrl: "http://diary.test", fetch });

    await client.GET("/api/v1/health");
    await i18n.changeLanguage("en");
    await client.GET("/api/v1/health");

    expect(requests.map((r) => r.headers.get("Accept-Language"))).toEqual(["ru", "en"]);
    expect(requests[0]?.url).toBe("http://diary.test/api/v1/health");
  });

  it("uses the language it is given", async () => {
    const { fetch, requests } = recordingFetch(() => jsonResponse(HEALTH));
    const client = createApiClient({ baseUrl: "http://diary.test", fetch, getLanguage: () => "en" });

    const { data } = await client.GET("/api/v1/health");

    expect(data).toEqual(HEALTH);
    expect(requests[0]?.headers.get("Accept-Language")).toBe("en");
  });

  it("throws ApiProblem with the problem body for a non-2xx answer", async () => {
    const problem = {
      type: "https://edudiary.example/problems/validation",
      title: "Ошибка в данных",
      status: 422,
      detail: "Проверьте поля формы",
      code: "validation_failed",
      request_id: "req-123",
      errors: [{ field: "phone", code: "invalid_phone", message: "Некорректный номер телефона" }],
    };
    const { fetch } = recordingFetch(() =>
      jsonResponse(problem, { status: 422, headers: { "Content-Type": "application/problem+json" } }),
    );
    const client = createApiClient({ baseUrl: "http://diary.test", fetch });

    const error = await client.GET("/api/v1/health").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiProblem);
    const apiProblem = error as ApiProblem;
    expect(apiProblem.status).toBe(422);
    expect(apiProblem.code).toBe("validation_failed");
    expect(apiProblem.requestId).toBe("req-123");
    expect(apiProblem.message).toBe("Проверьте поля формы");
    expect(apiProblem.fieldErrors()).toEqual({ phone: "Некорректный номер телефона" });
  });

  it("throws ApiProblem without a problem when a proxy answers with HTML", async () => {
    const { fetch } = recordingFetch(
      () =>
        new Response("<html>Bad Gateway</html>", {
          status: 502,
          headers: { "Content-Type": "text/html", "X-Request-ID": "proxy-7" },
        }),
    );
    const client = createApiClient({ baseUrl: "http://diary.test", fetch });

    const error = (await client.GET("/api/v1/health").catch((e: unknown) => e)) as ApiProblem;

    expect(error).toBeInstanceOf(ApiProblem);
    expect(error.status).toBe(502);
    expect(error.problem).toBeNull();
    expect(error.body).toBe("<html>Bad Gateway</html>");
    expect(error.requestId).toBe("proxy-7");
    expect(error.fieldErrors()).toEqual({});
  });
});
