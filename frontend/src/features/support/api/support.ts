import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Ticket = components["schemas"]["TicketOut"];
export type TicketItem = components["schemas"]["TicketListItem"];
export type TicketIn = components["schemas"]["TicketIn"];
export type TicketStatus = components["schemas"]["SupportTicketStatus"];

export function useMyTickets() {
  return useQuery({
    queryKey: ["support", "mine"],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/support/tickets", { params: { query: { limit: 100 } }, signal })),
  });
}

export function useTicket(id: string, staff: boolean) {
  return useQuery({
    queryKey: ["support", staff ? "admin" : "mine", "one", id],
    queryFn: async ({ signal }) =>
      staff
        ? unwrap(await api.GET("/api/v1/admin/support/tickets/{ticket_id}", { params: { path: { ticket_id: id } }, signal }))
        : unwrap(await api.GET("/api/v1/support/tickets/{ticket_id}", { params: { path: { ticket_id: id } }, signal })),
  });
}

export function useAdminTickets(status: TicketStatus | null) {
  return useQuery({
    queryKey: ["support", "admin", "list", status],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/admin/support/tickets", {
          params: { query: { status: status ?? undefined, limit: 100 } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The numbers of my applications, for «Номер заявления» in a ticket. */
export function useMyApplicationNumbers() {
  return useQuery({
    queryKey: ["applications", "list", 100],
    queryFn: async ({ signal }) =>
      unwrap(await api.GET("/api/v1/applications", { params: { query: { limit: 100 } }, signal })),
    select: (page) => page.items.filter((item) => item.number),
  });
}

export function useCreateTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TicketIn) => unwrap(await api.POST("/api/v1/support/tickets", { body })),
    onSuccess: (ticket) => {
      queryClient.setQueryData(["support", "mine", "one", ticket.id], ticket);
      void queryClient.invalidateQueries({ queryKey: ["support", "mine"] });
    },
  });
}

export function useTicketAction(id: string, staff: boolean) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: { kind: "write"; text: string } | { kind: "close" }) => {
      const path = { params: { path: { ticket_id: id } } };
      if (action.kind === "write") {
        const body = { text: action.text };
        return staff
          ? unwrap(await api.POST("/api/v1/admin/support/tickets/{ticket_id}/messages", { ...path, body }))
          : unwrap(await api.POST("/api/v1/support/tickets/{ticket_id}/messages", { ...path, body }));
      }
      return staff
        ? unwrap(await api.POST("/api/v1/admin/support/tickets/{ticket_id}/close", path))
        : unwrap(await api.POST("/api/v1/support/tickets/{ticket_id}/close", path));
    },
    onSuccess: (ticket) => {
      queryClient.setQueryData(["support", staff ? "admin" : "mine", "one", id], ticket);
      void queryClient.invalidateQueries({ queryKey: ["support", staff ? "admin" : "mine"] });
    },
  });
}

/** The screenshot of my own ticket, through /me/documents (the author's file). */
export async function fetchMyDocument(id: string): Promise<Blob> {
  const result = await api.GET("/api/v1/me/documents/{document_id}/content", {
    params: { path: { document_id: id } },
    parseAs: "blob",
  });
  return unwrap(result) as unknown as Blob;
}

/** A ticket's screenshot for support staff (the read is audited on the server). */
export async function fetchTicketScreenshot(ticketId: string): Promise<Blob> {
  const result = await api.GET("/api/v1/admin/support/tickets/{ticket_id}/screenshot", {
    params: { path: { ticket_id: ticketId } },
    parseAs: "blob",
  });
  return unwrap(result) as unknown as Blob;
}
