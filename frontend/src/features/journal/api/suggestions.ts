import { useQuery } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type GradeSuggestion = components["schemas"]["SuggestionOut"];
type SuggestionPage = components["schemas"]["Page_SuggestionOut_"];

export const suggestionsKey = (classId: string, subjectId: string) => ["journal", "suggestions", classId, subjectId];

/** GET /classes/{id}/grade-suggestions: platforms' results awaiting the teacher. */
export function useGradeSuggestions(classId: string, subjectId: string) {
  return useQuery({
    queryKey: suggestionsKey(classId, subjectId),
    queryFn: async ({ signal }): Promise<SuggestionPage> =>
      unwrap(
        await api.GET("/api/v1/classes/{class_id}/grade-suggestions", {
          params: { path: { class_id: classId }, query: { subject_id: subjectId, status: "pending", limit: 200 } },
          signal,
        }),
      ),
    enabled: !!classId && !!subjectId,
    staleTime: 30_000,
  });
}

/** POST /grade-suggestions/{id}/accept: the teacher's grade for the chosen lesson. */
export async function acceptSuggestion(
  id: string,
  body: { lesson_id: string; value: number | "pass" | "fail"; absent_confirmed: boolean },
): Promise<GradeSuggestion> {
  return unwrap(
    await api.POST("/api/v1/grade-suggestions/{suggestion_id}/accept", {
      params: { path: { suggestion_id: id } },
      body,
    }),
  );
}

/** POST /grade-suggestions/{id}/reject: nothing goes into the journal. */
export async function rejectSuggestion(id: string): Promise<GradeSuggestion> {
  return unwrap(
    await api.POST("/api/v1/grade-suggestions/{suggestion_id}/reject", {
      params: { path: { suggestion_id: id } },
    }),
  );
}
