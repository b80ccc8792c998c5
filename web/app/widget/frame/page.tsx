import { ZSiteKey } from "@kaiwa/shared";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { dictionary, pickLocale } from "../../../lib/i18n";
import { VisitorFrame } from "./visitor-frame";

export const metadata: Metadata = { title: "Chat" };

/** /widget/frame?site=KEY: the chat inside widget.js's iframe (it also works opened on its own). */
export default async function WidgetFramePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { site } = await searchParams;
  const locale = pickLocale((await headers()).get("accept-language"));
  const siteKey = typeof site === "string" && ZSiteKey.safeParse(site).success ? site : null;
  if (!siteKey) {
    return <p style={{ padding: 24, color: "var(--muted)" }}>{dictionary(locale).errors.UNKNOWN_SITE}</p>;
  }
  return <VisitorFrame siteKey={siteKey} initialLocale={locale} />;
}
