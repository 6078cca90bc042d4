// Shared helpers for the browser tests: launch Debian's Chromium, run axe, take screenshots,
// sign in (the one way every browser test signs in).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--autoplay-policy=no-user-gesture-required",
      // Speech synthesis through the test's own speech-dispatcher (tests/browser/conftest.py: speech).
      ...(process.env.SPEECHD_ADDRESS ? ["--enable-speech-dispatcher"] : []),
    ],
  });
}

export function screenshots(dir) {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page, name) => {
    n += 1;
    const file = path.join(dir, `${String(n).padStart(2, "0")}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

// Runs axe on the page and throws, listing each violation, unless there are none.
export async function expectAccessible(page, label, { exclude = [] } = {}) {
  // Colours measured mid-transition (a message fading in) are not what a person sees.
  // (Endless ones, such as spinners, never finish and are left alone.)
  const settled = () =>
    document
      .getAnimations()
      .every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity);
  await page.waitForFunction(settled, null, {
    timeout: 5000,
  }).catch(() => {});
  let builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
  for (const selector of exclude) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  if (violations.length) {
    const detail = violations
      .map((v) => `  ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`)
      .join("\n");
    throw new Error(`axe: ${violations.length} violation(s) on ${label} (${page.url()}):\n${detail}`);
  }
  console.log(`axe: 0 violations on ${label} [${((Date.now() - started) / 1000).toFixed(1)} s]`);
}

const started = Date.now();

export function step(message) {
  console.log(`step: [${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
}

// Signs `username` in through a sign-in form and waits until the form has sent them on.
// The site's own form (/accounts/login/, then My learning) unless `admin`: the Wagtail admin's
// (/admin/login/, then the dashboard). `next`: a path to land on instead. The password and the
// server's address come from PASSWORD and BASE_URL unless given.
export async function signIn(
  page,
  username,
  { next, admin = false, password = process.env.PASSWORD, base = process.env.BASE_URL } = {},
) {
  const form = admin ? "/admin/login/" : "/accounts/login/";
  const landing = new URL(next ?? (admin ? "/admin/" : "/my-learning/"), base).pathname;
  await page.goto(`${base}${form}${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.fill("#id_username", username);
  await page.fill("#id_password", password);
  const submit = page.locator("form", { has: page.locator("#id_username") }).locator("button[type=submit]");
  await Promise.all([page.waitForURL((url) => url.pathname === landing), submit.click()]);
}

// Content-Security-Policy violations Chromium reports on the console ("Refused to ... because it
// violates the following Content Security Policy directive ..."), from every watched page.
const cspViolations = [];

export function watchCsp(page) {
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

// Throws, listing them, unless no watched page reported a CSP violation.
export function expectNoCspViolations() {
  if (cspViolations.length) throw new Error(`CSP: ${cspViolations.length} violation(s):\n  ${cspViolations.join("\n  ")}`);
  console.log("csp: 0 violations");
}
