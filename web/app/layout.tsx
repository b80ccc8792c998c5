import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { StageChrome } from "../components/stage-chrome";
import "./globals.css";

export const metadata: Metadata = {
  title: "Kaiwa",
  description: "Customer chat support",
  robots: { index: false, follow: false },
};

// Every page is rendered per request: its scripts carry that answer's CSP nonce (server/src/http/page-security.ts),
// which a page prerendered at build time could not.
export const dynamic = "force-dynamic";

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

export default function RootLayout({ children }: { children: ReactNode }) {
  // Pages set <html lang> once they know the visitor's or operator's language.
  return (
    <html lang="en">
      <body>
        <StageChrome position="top" />
        {children}
        <StageChrome position="bottom" />
      </body>
    </html>
  );
}
