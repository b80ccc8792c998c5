import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "server/test/**/*.test.ts", "web/lib/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Suites start servers and databases of their own; two cores do not gain from more parallelism.
    maxWorkers: 2,
    env: { LOG_LEVEL: "silent" },
  },
});
