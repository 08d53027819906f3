// Load report.html in headless Chromium and fail on anything a reader would notice: console
// errors, script errors, requests to the network (the report must be self-contained), internal
// links to nowhere, charts without an accessible name, a page wider than a phone. Saves
// desktop and phone screenshots.
//
// Usage: node check-report.mjs REPORT.html SCREENSHOT_DIR
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [report, shots] = process.argv.slice(2);
if (!report || !shots) {
  console.error("usage: node check-report.mjs REPORT.html SCREENSHOT_DIR");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // As root in a container, and with no network: no sandbox, no background connections.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const problems = [];
const url = pathToFileURL(path.resolve(report)).href;

async function visit(viewport) {
  const page = await browser.newPage({ viewport });
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`network request: ${r.url()}`); });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

const desktop = await visit({ width: 1280, height: 900 });
const checks = await desktop.evaluate(() => {
  const out = { broken: [], unlabelled: [], links: 0, charts: 0 };
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    out.links++;
    const id = decodeURIComponent(a.getAttribute("href").slice(1));
    if (!document.getElementById(id)) out.broken.push(a.getAttribute("href"));
  }
  for (const svg of document.querySelectorAll("svg")) {
    out.charts++;
    const ids = (svg.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    if (svg.getAttribute("role") !== "img" || ids.length === 0 || ids.some((i) => !document.getElementById(i))) {
      out.unlabelled.push(svg.outerHTML.slice(0, 80));
    }
  }
  out.title = document.title;
  out.sections = [...document.querySelectorAll("main > section")].map((s) => s.id);
  out.injected = document.querySelectorAll("main script, main iframe, main img").length;
  return out;
});
for (const b of checks.broken) problems.push(`internal link to nowhere: ${b}`);
for (const u of checks.unlabelled) problems.push(`chart without an accessible name: ${u}`);
if (checks.injected > 0) problems.push(`${checks.injected} script/iframe/img elements inside the report body`);
// Following an internal link brings its target into view (on a short page it cannot reach the top).
await desktop.click('nav a[href="#concepts"]');
const landed = await desktop.evaluate(() => {
  const r = document.getElementById("concepts").getBoundingClientRect();
  return r.top >= -1 && r.top < window.innerHeight;
});
if (!landed) problems.push("the navigation link to #concepts does not scroll to the concept index");
await desktop.evaluate(() => window.scrollTo(0, 0));
await desktop.screenshot({ path: path.join(shots, "report-desktop.png"), clip: { x: 0, y: 0, width: 1280, height: 1400 } });
// A whole large report takes a 2-core machine about 25 s to paint: more than playwright's
// default 30 s leaves room for.
await desktop.screenshot({ path: path.join(shots, "report-desktop-full.png"), fullPage: true, timeout: 180_000 });

const phone = await visit({ width: 390, height: 844 });
const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
if (overflow > 1) problems.push(`on a 390px phone the page is ${overflow}px wider than the screen`);
await phone.screenshot({ path: path.join(shots, "report-phone.png") });
await browser.close();

console.log(JSON.stringify({ ...checks, problems }, null, 1));
process.exit(problems.length ? 1 : 0);
