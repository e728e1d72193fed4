import type { components } from "@/api/generated/schema";
import { ApiProblem, parseRetryAfter } from "@/lib/api";
import { session } from "@/lib/auth";
import { currentLanguage } from "@/lib/i18n";

export type DocumentKind = components["schemas"]["DocumentKind"];
export type UploadedDocument = components["schemas"]["DocumentOut"];

export const UPLOAD_URL = "/api/v1/me/documents";

export interface UploadRequest {
  kind: DocumentKind;
  file: File;
  childId?: string | null;
  /** 0..1 as the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

interface Answer {
  status: number;
  body: unknown;
  requestId: string | null;
  retryAfter: number | null;
}

function send(request: UploadRequest, token: string | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append("kind", request.kind);
    if (request.childId) form.append("child_id", request.childId);
    form.append("file", request.file);

    const xhr = new XMLHttpRequest();
    xhr.open("POST", UPLOAD_URL);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", currentLanguage());
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON: keep the text
      }
      resolve({
        status: xhr.status,
        body,
        requestId: xhr.getResponseHeader("X-Request-ID"),
        retryAfter: parseRetryAfter(xhr.getResponseHeader("Retry-After")),
      });
    };
    xhr.onerror = () => reject(new TypeError("Network error"));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
    if (request.signal) {
      if (request.signal.aborted) {
        reject(new DOMException("The upload was cancelled", "AbortError"));
        return;
      }
      request.signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    xhr.send(form);
  });
}

/**
 * POST /api/v1/me/documents (multipart: kind, file, child_id) with XMLHttpRequest, because
 * fetch reports no upload progress. A 401 refreshes the session once and sends again.
 */
export async function uploadDocument(request: UploadRequest): Promise<UploadedDocument> {
  const token = await session.validToken();
  let answer = await send(request, token);
  if (answer.status === 401 && token) {
    const fresh = await session.refresh().catch(() => null);
    if (fresh) {
      request.onProgress?.(0);
      answer = await send(request, fresh);
    }
  }
  if (answer.status >= 200 && answer.status < 300) return answer.body as UploadedDocument;
  throw new ApiProblem(answer.status, answer.body, answer.requestId, answer.retryAfter);
}
