import type { VisitorBrowser } from "@kaiwa/shared";
import Bowser from "bowser";

/** The most of a User-Agent header we keep (real ones are a few hundred characters). */
export const USER_AGENT_MAX_LENGTH = 1024;

/** Browser, OS and device for the visitor panel, read from a User-Agent with bowser; null when nothing is known. */
export function parseUserAgent(userAgent: string | null | undefined): VisitorBrowser | null {
  if (!userAgent || userAgent.trim() === "") return null;
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(userAgent);
  } catch {
    return null; // bowser refuses some malformed strings; the panel then says "unknown"
  }
  // Every Mac since Big Sur says "10_15_7" (Catalina) in its User-Agent: naming a version there would mislead.
  const frozenMac = parsed.os.name === "macOS" && parsed.os.version === "10.15.7";
  const os = [parsed.os.name, frozenMac ? null : (parsed.os.versionName ?? parsed.os.version)].filter(Boolean).join(" ") || null;
  const browser: VisitorBrowser = {
    name: parsed.browser.name || null,
    version: parsed.browser.version || null,
    os,
    device: parsed.platform.type || null,
  };
  return browser.name || browser.os || browser.device ? browser : null;
}
