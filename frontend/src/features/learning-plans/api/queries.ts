import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

type Schemas = components["schemas"];
export type Plan = Schemas["PlanOut"];
export type PlanSummary = Schemas["PlanSummary"];
export type PlanText = Schemas["PlanText"];
export type PlanComment = Schemas["PlanCommentOut"];
export type PlanStatus = Schemas["PlanStatus"];
export type TransitionAction = Schemas["TransitionIn"]["action"];
export type MyStudent = Schemas["MyStudent"];
export type Candidate = Schemas["StudentRef"];

const planKey = (id: string) => ["learning-plans", "plan", id] as const;

/** GET /me/students: a parent's children (the diary's cache key). */
export function useMyStudents() {
  return useQuery({
    queryKey: ["diary", "students"],
    queryFn: async ({ signal }): Promise<MyStudent[]> => unwrap(await api.GET("/api/v1/me/students", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useStudentPlans(studentId: string) {
  return useQuery({
    queryKey: ["learning-plans", "student", studentId],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/students/{student_id}/learning-plans", {
          params: { path: { student_id: studentId }, query: { limit: 50 } },
          signal,
        }),
      ),
  });
}

export function useSchoolPlans(schoolId: string, status: PlanStatus | "") {
  return useQuery({
    queryKey: ["learning-plans", "school", schoolId, status],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/schools/{school_id}/learning-plans", {
          params: { path: { school_id: schoolId }, query: { limit: 100, ...(status ? { status } : {}) } },
          signal,
        }),
      ),
  });
}

export function useCandidates(schoolId: string, q: string) {
  return useQuery({
    queryKey: ["learning-plans", "candidates", schoolId, q],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/schools/{school_id}/learning-plan-students", {
          params: { path: { school_id: schoolId }, query: { limit: 50, ...(q ? { q } : {}) } },
          signal,
        }),
      ),
  });
}

export function usePlan(planId: string) {
  return useQuery({
    queryKey: planKey(planId),
    queryFn: async ({ signal }): Promise<Plan> =>
      unwrap(await api.GET("/api/v1/learning-plans/{plan_id}", { params: { path: { plan_id: planId } }, signal })),
  });
}

export function useComments(planId: string) {
  return useQuery({
    queryKey: ["learning-plans", "comments", planId],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/learning-plans/{plan_id}/comments", {
          params: { path: { plan_id: planId }, query: { limit: 200 } },
          signal,
        }),
      ),
  });
}

export function useCreatePlan(studentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas["PlanCreate"]): Promise<Plan> =>
      unwrap(
        await api.POST("/api/v1/students/{student_id}/learning-plans", {
          params: { path: { student_id: studentId } },
          body,
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["learning-plans"] }),
  });
}

export function useTransition(planId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas["TransitionIn"]): Promise<Plan> =>
      unwrap(
        await api.POST("/api/v1/learning-plans/{plan_id}/transitions", {
          params: { path: { plan_id: planId } },
          body,
        }),
      ),
    onSuccess: (plan) => {
      client.setQueryData(planKey(planId), plan);
      void client.invalidateQueries({ queryKey: ["learning-plans"] });
    },
  });
}

export function useAddComment(planId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: string) =>
      unwrap(
        await api.POST("/api/v1/learning-plans/{plan_id}/comments", {
          params: { path: { plan_id: planId } },
          body: { body },
        }),
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["learning-plans", "comments", planId] }),
  });
}

export function useRefreshPlans() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: ["learning-plans"] });
}
