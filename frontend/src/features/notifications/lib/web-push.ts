/**
 * Browser push: the service worker's PushManager subscription, registered with the API.
 * The id the API gave the subscription is remembered (not secret) so it can be removed.
 */
import { api, unwrap } from "@/lib/api";
import { readPreference, writePreference } from "@/lib/storage";

const SUBSCRIPTION_KEY = "edudiary.push.subscription";

export type PushState = "unsupported" | "denied" | "off" | "on";

export function pushSupported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** base64url → bytes, for PushManager.subscribe's applicationServerKey. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function registration(): Promise<ServiceWorkerRegistration> {
  // The production build registers the worker at start; a development server does not.
  const existing = await navigator.serviceWorker.getRegistration("/");
  if (!existing) await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  return navigator.serviceWorker.ready;
}

export async function currentPushState(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  const existing = await navigator.serviceWorker.getRegistration("/");
  const subscription = existing ? await existing.pushManager.getSubscription() : null;
  return subscription && readPreference(SUBSCRIPTION_KEY) ? "on" : "off";
}

export async function enablePush(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return permission === "denied" ? "denied" : "off";
  const { key } = unwrap(await api.GET("/api/v1/push/vapid-public-key"));
  const worker = await registration();
  const subscription =
    (await worker.pushManager.getSubscription()) ??
    (await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) }));
  const json = subscription.toJSON();
  const created = unwrap(
    await api.POST("/api/v1/me/push-subscriptions", {
      body: {
        endpoint: json.endpoint ?? subscription.endpoint,
        keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
        expirationTime: json.expirationTime ?? null,
      },
    }),
  );
  writePreference(SUBSCRIPTION_KEY, created.id);
  return "on";
}

export async function disablePush(): Promise<PushState> {
  const id = readPreference(SUBSCRIPTION_KEY);
  if (id) {
    await api.DELETE("/api/v1/me/push-subscriptions/{subscription_id}", { params: { path: { subscription_id: id } } });
    writePreference(SUBSCRIPTION_KEY, null);
  }
  const existing = pushSupported() ? await navigator.serviceWorker.getRegistration("/") : undefined;
  const subscription = existing ? await existing.pushManager.getSubscription() : null;
  await subscription?.unsubscribe();
  return "off";
}
