import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type ClientWebhook = components["schemas"]["WebhookOut"];
export type WebhookDelivery = components["schemas"]["DeliveryOut"];

const KEY = ["integration-clients", "webhooks"] as const;

/** A client's webhooks as the school admin sees them (no secrets). */
export function useClientWebhooks(clientId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, clientId],
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/integration-clients/{client_uuid}/webhooks", {
          params: { path: { client_uuid: clientId }, query: { limit: 50 } },
          signal,
        }),
      ),
  });
}

export function useDeliveries(clientId: string, webhookId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, clientId, webhookId, "deliveries"],
    enabled,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/integration-clients/{client_uuid}/webhooks/{webhook_id}/deliveries", {
          params: { path: { client_uuid: clientId, webhook_id: webhookId }, query: { limit: 50 } },
          signal,
        }),
      ),
  });
}

export function useDisableWebhook(clientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (webhookId: string) =>
      unwrap(
        await api.POST("/api/v1/integration-clients/{client_uuid}/webhooks/{webhook_id}/disable", {
          params: { path: { client_uuid: clientId, webhook_id: webhookId } },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...KEY, clientId] }),
  });
}

export function useRedeliver(clientId: string, webhookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (deliveryId: string) =>
      unwrap(
        await api.POST("/api/v1/integration-clients/{client_uuid}/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", {
          params: { path: { client_uuid: clientId, webhook_id: webhookId, delivery_id: deliveryId } },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...KEY, clientId, webhookId, "deliveries"] }),
  });
}
