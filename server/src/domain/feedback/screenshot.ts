import { ErrorCodes, FEEDBACK_SCREENSHOT_MAX_BYTES } from "@kaiwa/shared";
import { DomainError } from "../errors";

// File signatures (magic numbers) of the accepted image types.
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP",
};

/** Decode a screenshot and check it on its bytes: the declared type must match the file's signature, and the size the limit. */
export function decodeScreenshot(input: { type: string; data: string }): { type: string; bytes: Buffer } {
  const bytes = Buffer.from(input.data, "base64");
  if (bytes.length === 0) throw new DomainError(ErrorCodes.VALIDATION, "screenshot: empty");
  if (bytes.length > FEEDBACK_SCREENSHOT_MAX_BYTES) {
    throw new DomainError(ErrorCodes.PAYLOAD_TOO_LARGE, `screenshot: at most ${FEEDBACK_SCREENSHOT_MAX_BYTES} bytes`);
  }
  const matches = SIGNATURES[input.type];
  if (!matches || !matches(bytes)) throw new DomainError(ErrorCodes.VALIDATION, "screenshot: the bytes are not a PNG, JPEG or WebP image of the declared type");
  return { type: input.type, bytes };
}
