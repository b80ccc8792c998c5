"use client";

// The "Browsing now" part of the visitor panel: the host page the visitor is on (live, from `visitor:page`),
// where they came from, and their browser, OS and device as the server read them from the User-Agent.
import type { VisitorBrowser, VisitorPage } from "@kaiwa/shared";
import type { InboxDictionary } from "../../lib/inbox-i18n";
import styles from "./console.module.css";

/** Only http(s) URLs become links; anything else (never stored, but defence in depth) is shown as text. */
function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

function ExternalLink(props: { href: string; testId: string }) {
  if (!isHttpUrl(props.href)) return <span data-testid={props.testId}>{props.href}</span>;
  return (
    <a href={props.href} target="_blank" rel="noopener noreferrer" data-testid={props.testId}>
      {props.href}
    </a>
  );
}

export function VisitorWhereabouts(props: {
  page: VisitorPage | null;
  referrer: string | null;
  browser: VisitorBrowser | null;
  ti: InboxDictionary;
  formatDate(iso: string): string;
}) {
  const { page, referrer, browser, ti } = props;
  const browserText = browser?.name ? [browser.name, browser.version].filter(Boolean).join(" ") : ti.unknown;
  const device = browser?.device ? (ti.devices[browser.device] ?? browser.device) : ti.unknown;
  return (
    <details className={styles.visitorPanel} data-testid="visitor-whereabouts" open>
      <summary>{ti.whereabouts}</summary>
      <dl>
        {page ? (
          <>
            <dt>{ti.currentPage}</dt>
            <dd>
              <ExternalLink href={page.url} testId="visitor-page-url" />
            </dd>
            <dt>{ti.pageTitle}</dt>
            <dd data-testid="visitor-page-title">{page.title || "—"}</dd>
            <dt>{ti.pageSeen}</dt>
            <dd>{props.formatDate(page.seenAt)}</dd>
            <dt>{ti.referrer}</dt>
            <dd data-testid="visitor-referrer">{referrer ? <ExternalLink href={referrer} testId="visitor-referrer-url" /> : ti.noReferrer}</dd>
          </>
        ) : (
          <>
            <dt>{ti.currentPage}</dt>
            <dd data-testid="visitor-page-none">{ti.noPage}</dd>
          </>
        )}
        <dt>{ti.browser}</dt>
        <dd data-testid="visitor-browser">{browserText}</dd>
        <dt>{ti.os}</dt>
        <dd data-testid="visitor-os">{browser?.os ?? ti.unknown}</dd>
        <dt>{ti.device}</dt>
        <dd data-testid="visitor-device">{device}</dd>
      </dl>
    </details>
  );
}
