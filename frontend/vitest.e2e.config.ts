import { defineConfig } from "vitest/config";

// Browser tests: playwright-core drives Debian's /usr/bin/chromium against a running
// server (E2E_BASE_URL, default http://127.0.0.1:8765). Nothing is downloaded.
export default defineConfig({
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
