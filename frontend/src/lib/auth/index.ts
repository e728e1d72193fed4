import { currentLanguage } from "@/lib/i18n";
import { problemFromResponse } from "@/lib/problem";

import { browserChannel, browserLock } from "./cross-tab";
import { createSession, storageHint, type TokenGrant } from "./session";

export const REFRESH_PATH = "/api/v1/auth/refresh";

/** POST /api/v1/auth/refresh with the HttpOnly cookie; the body's refresh token is ignored. */
async function requestRefresh(): Promise<TokenGrant> {
  const response = await globalThis.fetch(REFRESH_PATH, {
    method: "POST",
    credentials: "include",
    headers: { Accept: "application/json", "Accept-Language": currentLanguage() },
  });
  if (!response.ok) throw await problemFromResponse(response);
  const body = (await response.json()) as TokenGrant;
  return { access_token: body.access_token, expires_in: body.expires_in };
}

/** This tab's session (see session.ts). */
export const session = createSession({
  requestRefresh,
  lock: browserLock(),
  channel: browserChannel(),
  hint: storageHint,
});

export type { SessionSnapshot, SessionStatus, TokenGrant } from "./session";
