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
  // The pages' Content-Security-Policy (scripts by nonce, framing) is set per answer by the server
  // (server/src/http/page-security.ts): Next.js reads the nonce from the request.
};

export default nextConfig;
