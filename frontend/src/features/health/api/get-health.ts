import { queryOptions, useQuery } from "@tanstack/react-query";

import { api, ApiProblem, unwrap } from "@/lib/api";

export type Health = {
  status: "ok" | "degraded";
  database: "ok" | "unavailable";
  version: string;
  environment: string;
};

function isHealth(body: unknown): body is Health {
  if (typeof body !== "object" || body === null) {
    return false;
  }
  const b = body as Record<string, unknown>;
  return (
    (b.status === "ok" || b.status === "degraded") &&
    (b.database === "ok" || b.database === "unavailable") &&
    typeof b.version === "string"
  );
}

/**
 * GET /api/v1/health. A 503 with a health body is an answer ("degraded"), not a failure:
 * the server is up and says which part is not.
 */
export async function getHealth(signal?: AbortSignal): Promise<Health> {
  try {
    const data: Health = unwrap(await api.GET("/api/v1/health", { signal }));
    return data;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 503 && isHealth(error.body)) {
      return error.body;
    }
    throw error;
  }
}

export const healthQueryOptions = () =>
  queryOptions({
    queryKey: ["health"],
    queryFn: ({ signal }) => getHealth(signal),
    staleTime: 15_000,
  });

export function useHealth() {
  return useQuery(healthQueryOptions());
}
