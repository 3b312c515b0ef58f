import { defineConfig, devices } from "@playwright/test";

// The real server binary (debug build from `make test`), on its own port with a fresh data dir
// and the demo data. Chromium comes from Debian: Playwright never downloads a browser here.
const bin = process.env.PORTICO_BIN ?? "../target/debug/portico";
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? "../target/site";
const port = process.env.PORTICO_E2E_PORT ?? "3107";
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// A real SMTP server (aiosmtpd) that writes every delivered mail to .mail/ for the tests to read.
const smtpPort = process.env.PORTICO_E2E_SMTP_PORT ?? "3125";
const python = process.env.PORTICO_TEST_PYTHON ?? "python3";
// A portal someone else started (.ci/two-instances: two instances behind nginx): the tests go
// there and nothing is started here; that portal's SMTP server writes to PORTICO_E2E_MAIL_DIR.
const external = process.env.PORTICO_E2E_BASE_URL;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: external ?? `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: external ? [] : [
    {
      command: `rm -rf .mail && ${python} ../server/tests/smtp_sink.py --dir .mail --port ${smtpPort}`,
      port: Number(smtpPort),
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `rm -rf .data && ${bin} --data-dir .data serve --demo --addr 127.0.0.1:${port} --site-root ${siteRoot} --smtp-url smtp://127.0.0.1:${smtpPort}`,
      url: `http://127.0.0.1:${port}/readyz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { PORTICO_LOG: "warn" },
    },
  ],
});
