import { queryOptions, useQuery } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Region = components["schemas"]["RegionOut"];

export const regionsQueryOptions = () =>
  queryOptions({
    queryKey: ["regions"],
    queryFn: async ({ signal }): Promise<Region[]> =>
      unwrap(await api.GET("/api/v1/regions", { params: { query: { limit: 100 } }, signal })).items,
    // The 89 subjects change by federal law, not during a visit.
    staleTime: Infinity,
  });

/**
 * The regions of the school register (GET /api/v1/regions), sorted by name for a filter's
 * list; empty while they load. The names are proper names and stay Russian in English too.
 */
export function useRegions(): Region[] {
  const { data } = useQuery(regionsQueryOptions());
  return data ?? EMPTY;
}

const EMPTY: Region[] = [];

export function byName(regions: readonly Region[]): Region[] {
  return [...regions].sort((a, b) => a.name.localeCompare(b.name, "ru"));
}
