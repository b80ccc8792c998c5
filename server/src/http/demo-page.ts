import { asc } from "drizzle-orm";
import type { Request, Response } from "express";
import { schema, type Db } from "../db/client";

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /demo: a plain page, as a customer's site would be, embedding the widget with one script tag.
 * It uses the site named by `?site=` or else the oldest site (the seeded demo site).
 */
export function demoPage(db: Db) {
  return async (req: Request, res: Response) => {
    let key = typeof req.query.site === "string" ? req.query.site : undefined;
    if (!key) {
      const [site] = await db.select({ key: schema.sites.publicKey }).from(schema.sites).orderBy(asc(schema.sites.createdAt)).limit(1);
      key = site?.key;
    }
    if (!key) return res.status(404).type("text/plain").send("no site yet");
    res.type("html").send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop — Kaiwa widget</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222;line-height:1.6}pre{white-space:pre-wrap;word-break:break-all;background:#f4f4f5;padding:.75rem;border-radius:6px}</style>
</head>
<body>
<h1>Demo shop / デモショップ</h1>
<p>This is an ordinary web page. The chat button in the corner comes from one script tag:</p>
<pre><code>&lt;script src="${escapeAttr(`${req.protocol}://${req.get("host")}`)}/widget.js" data-site="${escapeAttr(key)}" async&gt;&lt;/script&gt;</code></pre>
<p>これは普通のウェブページです。右下のボタンからチャットできます。</p>
<script src="/widget.js" data-site="${escapeAttr(key)}" async></script>
</body>
</html>`);
  };
}
