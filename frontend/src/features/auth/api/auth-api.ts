import type { components } from "@/api/generated/schema";
import { api, unwrap } from "@/lib/api";

export type Tokens = components["schemas"]["TokensOut"];
export type MfaChallenge = components["schemas"]["MfaChallengeOut"];
export type CodeSent = components["schemas"]["CodeSentOut"];
export type Registered = components["schemas"]["RegisterOut"];
export type RegisterBody = components["schemas"]["RegisterIn"];
export type ValidationVerdict = components["schemas"]["ValidationOut"];
export type MfaMethod = MfaChallenge["methods"][number];

/** POST /api/v1/validation/phone: the server's verdict on a number, in its own words. */
export async function checkPhone(value: string): Promise<ValidationVerdict> {
  return unwrap(
    await api.POST("/api/v1/validation/{kind}", { params: { path: { kind: "phone" } }, body: { value } }),
  );
}

export async function register(body: RegisterBody): Promise<Registered> {
  return unwrap(await api.POST("/api/v1/auth/register", { body }));
}

export async function confirmPhone(phone: string, code: string): Promise<Tokens> {
  return unwrap(await api.POST("/api/v1/auth/phone/confirm", { body: { phone, code } }));
}

export async function resendPhoneCode(phone: string): Promise<CodeSent> {
  return unwrap(await api.POST("/api/v1/auth/phone/resend", { body: { phone } }));
}

export async function logIn(login: string, password: string): Promise<Tokens | MfaChallenge> {
  return unwrap(await api.POST("/api/v1/auth/login", { body: { login, password } }));
}

export async function verifyLogin(challengeId: string, code: string, method: MfaMethod): Promise<Tokens> {
  return unwrap(
    await api.POST("/api/v1/auth/login/verify", { body: { challenge_id: challengeId, code, method } }),
  );
}

export async function resendLoginCode(challengeId: string): Promise<CodeSent> {
  return unwrap(await api.POST("/api/v1/auth/login/resend", { body: { challenge_id: challengeId } }));
}

export async function requestPasswordReset(login: string): Promise<void> {
  unwrap(await api.POST("/api/v1/auth/password/reset", { body: { login } }));
}

/** By the log-in the code went to, or by the e-mail link's id (then no log-in is typed). */
export async function confirmPasswordReset(
  by: { login: string } | { link: string },
  code: string,
  newPassword: string,
): Promise<void> {
  unwrap(
    await api.POST("/api/v1/auth/password/reset/confirm", {
      body: { ...by, code, new_password: newPassword },
    }),
  );
}

export async function confirmEmail(token: string): Promise<components["schemas"]["EmailOut"]> {
  return unwrap(await api.POST("/api/v1/auth/email/confirm", { body: { token } }));
}
