import { describe, expect, it } from "vitest";
import { formatBytes, refuseFile } from "./file-check";

describe("file check", () => {
  it("refuses what the server would, saying which rule", () => {
    expect(refuseFile({ size: 6 * 1024 * 1024, type: "image/png" }, 5 * 1024 * 1024)?.code).toBe("FILE_TOO_LARGE");
    expect(refuseFile({ size: 10, type: "text/plain" }, 5 * 1024 * 1024)?.code).toBe("FILE_TYPE_NOT_ALLOWED");
    expect(refuseFile({ size: 0, type: "image/png" }, 1000)?.code).toBe("VALIDATION");
    expect(refuseFile({ size: 10, type: "" }, 1000)).toBeNull();
    expect(refuseFile({ size: 10, type: "application/pdf" }, undefined)).toBeNull();
  });

  it("writes limits as people read them", () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MB");
    expect(formatBytes(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(formatBytes(300 * 1024)).toBe("300 KB");
  });
});
