// A teacher plays a clip a few seconds and clicks "My learning" while it plays: that very page
// load lists the clip under "Continue watching" with its progress (no reload). Axe on both
// pages. Driven by tests/browser/test_leave_clip.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const BASE = process.env.BASE_URL;
const TITLE = process.env.CLIP_TITLE;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await launch();
try {
  const page = watchCsp(await (await browser.newContext()).newPage());
  step("teacher signs in: nothing watched yet");
  await signIn(page, "teacher");
  check((await page.content()).includes("You have not watched any videos yet"), "My learning should start empty");

  step("clip page: play about four seconds");
  await page.goto(`${BASE}${process.env.CLIP_PATH}`);
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
  await expectAccessible(page, "clip page");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.currentTime >= 4, null, { timeout: 30_000 });

  step("click My learning while the clip plays");
  const navigation = page.waitForResponse((r) => new URL(r.url()).pathname === "/my-learning/" && r.request().isNavigationRequest());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My learning", exact: true }).click();
  const response = await navigation;
  await page.waitForURL((url) => url.pathname === "/my-learning/");
  const served = await response.text();
  // The HTML the server answered this navigation with, not a later reload.
  check(served.includes(TITLE), `My learning should list “${TITLE}” on the first load`);
  const item = page.locator(".continue-list li", { hasText: TITLE });
  await item.waitFor();
  const text = (await item.textContent()).replace(/\s+/g, " ");
  const percent = Number((text.match(/(\d+) % watched/) || [])[1]);
  check(percent >= 10 && percent < 90, `the clip should show its progress, got: ${text}`);
  check(/resume at 0:0[3-9]/.test(text), `the clip should offer to resume where it was left: ${text}`);
  await expectAccessible(page, "my learning after leaving the clip");
  await shoot(page, "my-learning-after-leaving");
  expectNoCspViolations();
  console.log("leave-clip: ok");
} finally {
  await browser.close();
}
