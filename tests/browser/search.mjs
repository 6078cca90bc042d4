// A teacher searches every transcript for "zero pairs", sees the results grouped by clip with
// facet counts, filters by year, clicks a moment and lands in the player at that second. The
// first result is above the fold at 1366×900 (filters beside it); filters fold on a phone.
// Driven by tests/browser/test_search.py; axe on every page.
import { launch, screenshots, expectAccessible, signIn, step } from "./support.mjs";

const BASE = process.env.BASE_URL;
const EXPECTED_SECOND = Number(process.env.EXPECTED_SECOND);
const shoot = screenshots(process.env.SCREENSHOT_DIR);

const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();

  step("teacher signs in");
  await signIn(page, process.env.TEACHER_USERNAME);

  step("search page, empty");
  await page.goto(`${BASE}/search/`);
  await expectAccessible(page, "search page");

  step('search for "zero pairs"');
  await page.getByLabel(/Words said in a clip/).fill("zero pairs");
  await Promise.all([page.waitForURL(/q=zero/), page.getByRole("button", { name: "Search", exact: true }).click()]);
  await expectAccessible(page, "search results");
  await shoot(page, "results");

  step("results come first: the first result is above the fold at 1366×900");
  await page.setViewportSize({ width: 1366, height: 900 });
  const firstMoment = await page.locator("main .search-result").first().locator(".moment-link").first().boundingBox();
  if (!firstMoment || firstMoment.y + firstMoment.height > 900) {
    throw new Error(`the first result's first moment is below the fold (${JSON.stringify(firstMoment)})`);
  }
  await shoot(page, "results-1366x900");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  if (await page.locator("details.search-filters").evaluate((panel) => panel.open)) {
    throw new Error("the filters are not folded on a narrow screen");
  }
  await expectAccessible(page, "search results, narrow");
  await shoot(page, "results-390x844");
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.reload();
  const clips = page.locator("main .search-result");
  if ((await clips.count()) < 1) throw new Error("no clip found for zero pairs");
  const title = await clips.first().locator("h3").textContent();
  if (!title.includes(process.env.CLIP_TITLE)) throw new Error(`first clip is ${title}`);
  if (!(await clips.first().locator(".snippet mark").count())) throw new Error("the snippet highlights nothing");
  const years = page.locator("fieldset.facet", { hasText: "Year" });
  const yearLabel = await years.locator("label", { hasText: "Year 7" }).textContent();
  if (!/\(1 clip\)/.test(yearLabel)) throw new Error(`Year 7 facet shows ${yearLabel}`);

  step("filter by Year 7");
  await years.getByLabel(/Year 7/).check();
  await Promise.all([page.waitForURL(/year=7/), page.getByRole("button", { name: "Apply filters" }).click()]);
  await expectAccessible(page, "filtered results");
  if ((await page.locator("main .search-result").count()) !== 1) throw new Error("the filter lost the clip");

  step("click the moment → the player at that second");
  const moment = page.locator("main .moment-link").first();
  const href = await moment.getAttribute("href");
  const second = Number(new URL(href, BASE).searchParams.get("t"));
  if (Math.abs(second - EXPECTED_SECOND) > 1) throw new Error(`moment at ${second}s, expected ${EXPECTED_SECOND}s`);
  await Promise.all([page.waitForURL(/\?t=/), moment.click()]);
  await page.waitForFunction(
    (t) => {
      const video = document.querySelector("video");
      return video && video.readyState >= 1 && Math.abs(video.currentTime - t) < 1;
    },
    second,
    { timeout: 30_000 },
  );
  await expectAccessible(page, "clip at the moment");
  await shoot(page, "clip");
  console.log("search: ok");
} finally {
  await browser.close();
}
