import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Conversation = components["schemas"]["ConversationOut"];
export type Message = components["schemas"]["MessageOut"];
export type Contact = components["schemas"]["Contact"];
export type Attachment = components["schemas"]["AttachmentOut"];
export type ConversationIn = components["schemas"]["ConversationIn"];
export type Announcement = components["schemas"]["AnnouncementOut"];
export type AnnouncementIn = components["schemas"]["AnnouncementIn"];

const UNREAD = ["messaging", "unread"] as const;
/** A safety net only: the live stream refreshes the lists on every new message or
 * announcement (app/live-updates). */
const POLL_MS = 5 * 60_000;

export function useUnread(enabled: boolean) {
  return useQuery({
    queryKey: UNREAD,
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/unread", { signal })),
    enabled,
    refetchInterval: POLL_MS,
  });
}

export function useConversations(unreadOnly: boolean) {
  return useQuery({
    queryKey: ["messaging", "conversations", unreadOnly],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/conversations", {
          params: { query: { unread: unreadOnly || undefined, limit: 100 } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
  });
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: ["messaging", "conversation", id],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/conversations/{conversation_id}", { params: { path: { conversation_id: id } }, signal })),
  });
}

export function useMessages(id: string) {
  return useQuery({
    queryKey: ["messaging", "messages", id],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: id }, query: { limit: 200 } },
          signal,
        }),
      ),
    refetchInterval: POLL_MS,
  });
}

export function useContacts(studentId: string | null) {
  return useQuery({
    queryKey: ["messaging", "contacts", studentId],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/me/contacts", {
          params: { query: { student_id: studentId ?? undefined, limit: 200 } },
          signal,
        }),
      ),
  });
}

/** The family's pupils, for «О каком ребёнке» (parents pick contacts per child). */
export function useMyStudents(enabled: boolean) {
  return useQuery({
    queryKey: ["messaging", "students"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/students", { signal })),
    enabled,
  });
}

/** The classes the caller may post announcements to. */
export function useMyClasses(enabled: boolean) {
  return useQuery({
    queryKey: ["messaging", "classes"],
    queryFn: async ({ signal }) => unwrap(await api.GET("/api/v1/me/classes", { signal })),
    enabled,
  });
}

export async function uploadAttachment(file: File): Promise<Attachment> {
  return unwrap(
    await api.POST("/api/v1/attachments", {
      body: { file: "" },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file);
        return form;
      },
    }),
  );
}

export async function fetchAttachment(id: string): Promise<Blob> {
  const result = await api.GET("/api/v1/attachments/{attachment_id}/content", {
    params: { path: { attachment_id: id } },
    parseAs: "blob",
  });
  return unwrap(result) as unknown as Blob;
}

export function useStartConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ConversationIn) => unwrap(await api.POST("/api/v1/conversations", { body })),
    onSuccess: (conversation) => {
      queryClient.setQueryData(["messaging", "conversation", conversation.id], conversation);
      void queryClient.invalidateQueries({ queryKey: ["messaging", "conversations"] });
    },
  });
}

export function useReply(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { text: string; attachment_ids: string[] }) =>
      unwrap(
        await api.POST("/api/v1/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: id } },
          body,
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["messaging"] });
    },
  });
}

export function useMarkRead(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (upTo: string) =>
      unwrap(
        await api.POST("/api/v1/conversations/{conversation_id}/read", {
          params: { path: { conversation_id: id } },
          body: { up_to: upTo },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: UNREAD });
      void queryClient.invalidateQueries({ queryKey: ["messaging", "conversations"] });
      void queryClient.invalidateQueries({ queryKey: ["messaging", "conversation", id] });
    },
  });
}

export function useReport(id: string) {
  return useMutation({
    mutationFn: async (reason: string) =>
      unwrap(
        await api.POST("/api/v1/conversations/{conversation_id}/report", {
          params: { path: { conversation_id: id } },
          body: { reason },
        }),
      ),
  });
}

export function useMyAnnouncements() {
  return useQuery({
    queryKey: ["messaging", "announcements", "mine"],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/me/announcements", { params: { query: { limit: 100 } }, signal })),
    refetchInterval: POLL_MS,
  });
}

export function useClassAnnouncements(classId: string | null) {
  return useQuery({
    queryKey: ["messaging", "announcements", "class", classId],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/classes/{class_id}/announcements", {
          params: { path: { class_id: classId ?? "" }, query: { limit: 100 } },
          signal,
        }),
      ),
    enabled: classId !== null,
  });
}

export function useAnnouncement(id: string) {
  return useQuery({
    queryKey: ["messaging", "announcement", id],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/announcements/{announcement_id}", { params: { path: { announcement_id: id } }, signal })),
  });
}

export function useMarkAnnouncementRead(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/announcements/{announcement_id}/read", { params: { path: { announcement_id: id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: UNREAD });
      void queryClient.invalidateQueries({ queryKey: ["messaging", "announcements"] });
    },
  });
}

export function usePostAnnouncement(classId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: AnnouncementIn) =>
      unwrap(
        await api.POST("/api/v1/classes/{class_id}/announcements", { params: { path: { class_id: classId } }, body }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["messaging", "announcements"] }),
  });
}

/** GET /moderation/conversations: conversations a participant reported (school admin). */
export function useReportedConversations() {
  return useQuery({
    queryKey: ["messaging", "moderation"],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/moderation/conversations", { params: { query: { limit: 100 } }, signal })),
  });
}

/** GET /moderation/conversations/{id}/messages: every read is written to the audit log,
 * so it is asked for only when the admin chooses to read (`enabled`). */
export function useReportedMessages(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["messaging", "moderation", id],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/moderation/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: id }, query: { limit: 200 } },
          signal,
        }),
      ),
    enabled,
    staleTime: Infinity,
  });
}
