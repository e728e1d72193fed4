/**
 * The seed's requirements for scans: PDF, JPEG or PNG, at least 300 dpi, at most 5 MB.
 * The browser checks type and size before sending (saving a parent a wasted upload on a
 * slow connection); the server checks everything again, dpi included.
 */
export const MAX_FILE_SIZE = 5 * 1024 * 1024;

export const ACCEPTED_TYPES = {
  "application/pdf": ["pdf"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/png": ["png"],
} as const;

export const ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

export type FileProblem = "empty" | "type" | "size";

/** The MIME type the file most likely has: its own, or one read from the extension. */
export function fileType(file: Pick<File, "name" | "type">): string | null {
  if (file.type && file.type in ACCEPTED_TYPES) return file.type;
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  for (const [type, extensions] of Object.entries(ACCEPTED_TYPES)) {
    if ((extensions as readonly string[]).includes(extension)) return type;
  }
  return null;
}

export function checkFile(file: Pick<File, "name" | "type" | "size">): FileProblem | null {
  if (fileType(file) === null) return "type";
  if (file.size === 0) return "empty";
  if (file.size > MAX_FILE_SIZE) return "size";
  return null;
}
