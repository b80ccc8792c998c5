// What a chat accepts as a file, checked in the browser before the upload (the server checks again, on the bytes):
// a person hears at once which limit or type refused it.
import { ErrorCodes, type ApiError } from "@kaiwa/shared";

/** The types the server accepts (it reads them from the bytes). */
export const ACCEPTED_FILE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"] as const;

/** For `<input type="file" accept>`. */
export const ACCEPT_ATTRIBUTE = ACCEPTED_FILE_TYPES.join(",");

/** The refusal for a file over `maxBytes` or of a type the chat does not take; null when it may go. */
export function refuseFile(file: Pick<File, "size" | "type">, maxBytes: number | undefined): ApiError | null {
  if (maxBytes !== undefined && file.size > maxBytes) return { code: ErrorCodes.FILE_TOO_LARGE, message: `at most ${maxBytes} bytes` };
  // A browser that cannot tell the type says "": the server decides from the bytes.
  if (file.type && !(ACCEPTED_FILE_TYPES as readonly string[]).includes(file.type)) return { code: ErrorCodes.FILE_TYPE_NOT_ALLOWED, message: file.type };
  if (file.size === 0) return { code: ErrorCodes.VALIDATION, message: "the file is empty" };
  return null;
}

/** "5 MB", "512 KB": a limit as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The first file a paste or a drop carries, if any. */
export function firstFile(list: FileList | null | undefined): File | null {
  return list && list.length > 0 ? (list[0] ?? null) : null;
}
