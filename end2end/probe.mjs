import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless","--no-sandbox","--disable-gpu","--disable-background-networking"] });
const p = await b.newPage();
const logs = [];
p.on("console", m => logs.push(m.type() + ": " + m.text().slice(0, 400)));
p.on("pageerror", e => logs.push("pageerror: " + e.message.slice(0,300)));
await p.goto("http://127.0.0.1:3999/login");
await p.waitForSelector("body[data-hydrated]");
await p.fill("#email", process.argv[2]); await p.fill("#password", "portico-demo-2026");
await p.click("button[type=submit]");
await p.waitForURL(u => !u.pathname.startsWith("/login"));
for (const path of process.argv.slice(3)) {
  logs.push("== " + path);
  await p.goto("http://127.0.0.1:3999" + path);
  await p.waitForTimeout(1500);
  logs.push("hydrated: " + await p.evaluate(() => document.body.hasAttribute("data-hydrated")));
}
console.log(logs.join("\n"));
await b.close();
