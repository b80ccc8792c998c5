import path from "node:path";
import type { NextConfig } from "next";

// Next compiles this file to CommonJS, so __dirname is the folder holding it (web/). Dependencies are
// hoisted to the repository root, and @kaiwa/shared lives beside web/, so Turbopack's root is one level up.
const repoRoot = path.resolve(__dirname, "..");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The contract ships as TypeScript source; Next compiles it like our own code.
  transpilePackages: ["@kaiwa/shared"],
  turbopack: { root: repoRoot },
  poweredByHeader: false,
  async headers() {
    // The console must not be framed by other sites (clickjacking); the widget frame is made to be embedded anywhere.
    const noFraming = [{ key: "Content-Security-Policy", value: "frame-ancestors 'self'" }];
    return [
      { source: "/", headers: noFraming },
      { source: "/:path((?!widget/|_next/).+)", headers: noFraming },
    ];
  },
};

export default nextConfig;
