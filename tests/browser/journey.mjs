// The walking-skeleton journey, for real: a PD lead uploads a clip in the Wagtail admin, a
// live Celery worker makes it READY, captions are attached, the page is submitted and a
// reviewer approves it; a teacher finds it from the curriculum, watches, sees progress on
// My learning, searches a phrase and lands on that second.
// Driven by tests/browser/test_journey.py, which passes everything in through the environment.
import { launch, screenshots, expectAccessible, signIn, step } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const LIBRARY_ID = env("CLIP_LIBRARY_ID");
const UNIT_TITLE = env("UNIT_TITLE");
const CLIP = env("CLIP_PATH");
const CAPTIONS = env("CAPTIONS_PATH");
const PHRASE = env("SEARCH_PHRASE");
const EXPECTED_SECOND = Number(env("EXPECTED_SECOND"));
const shoot = screenshots(env("SCREENSHOT_DIR"));
const TITLE = "Bar models before the nth term";

async function waitForReady(page) {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    await page.goto(`${BASE}/admin/video_library/`);
    const row = page.locator("tr", { hasText: TITLE });
    const text = (await row.textContent()) || "";
    if (text.includes("Ready")) return;
    if (text.includes("Failed")) throw new Error(`transcode failed: ${text.trim()}`);
    await page.waitForTimeout(1500);
  }
  throw new Error("the upload did not become Ready within 180 s");
}

async function pdLeadPublishes(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();

  step("PD lead signs in to the admin");
  await signIn(page, env("PD_LEAD_USERNAME"), { admin: true });
  await expectAccessible(page, "admin: dashboard");

  step("PD lead uploads a clip");
  await page.goto(`${BASE}/admin/video_library/new/`);
  await page.fill("#id_title", TITLE);
  await expectAccessible(page, "admin: new video");
  await page.setInputFiles("#id_source", CLIP);
  await shoot(page, "admin-upload");
  await Promise.all([
    page.waitForURL(/\/admin\/video_library\/$/),
    page.getByRole("button", { name: "Create", exact: true }).click(),
  ]);
  await shoot(page, "admin-uploaded");

  step("the live worker transcodes it to READY");
  await waitForReady(page);
  await expectAccessible(page, "admin: video library");
  await shoot(page, "admin-video-ready");

  step("PD lead attaches captions");
  await page.locator("tr", { hasText: TITLE }).locator("a", { hasText: TITLE }).first().click();
  await expectAccessible(page, "admin: edit video");
  await page.setInputFiles("#id_captions", CAPTIONS);
  await Promise.all([
    page.waitForURL(/\/admin\/video_library\/$/),
    page.getByRole("button", { name: "Save", exact: true }).click(),
  ]);

  step("PD lead creates the PD video page, links it to the unit and submits it for review");
  await page.goto(`${BASE}/admin/pages/add/courses/pdvideopage/${LIBRARY_ID}/`);
  await page.locator("#id_title").pressSequentially(TITLE);
  await page.locator("#id_title").blur();
  // Wagtail fills the slug (on the Promote tab) from the title as you type; wait for it.
  await page.waitForFunction(() => document.querySelector("#id_slug").value !== "");
  // The video field is Wagtail's video chooser: open it and pick the clip in the modal.
  await page.getByRole("button", { name: "Choose a video" }).click();
  const chooser = page.locator(".modal-dialog");
  await chooser.getByRole("link", { name: TITLE }).first().click();
  await chooser.waitFor({ state: "hidden" });
  await page.locator("[data-chooser-title]").filter({ hasText: TITLE }).first().waitFor();
  // Closing the modal leaves the page scrolled under Wagtail's sticky header, where a
  // section toggle would be measured as overlapped; a person scrolls back up.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByLabel(UNIT_TITLE, { exact: false }).check();
  await expectAccessible(page, "admin: new PD video page");
  await openFooterActions(page);
  await Promise.all([
    page.waitForURL(/\/admin\/pages\/\d+\//),
    page.locator("button[name='action-submit']").click(),
  ]);
  await shoot(page, "admin-submitted");
  await context.close();
}

async function openFooterActions(page) {
  await page.locator("footer [data-w-dropdown-target='toggle']").first().click();
}

async function reviewerApproves(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();

  step("reviewer approves the page from the dashboard, which publishes it and says so");
  await signIn(page, env("REVIEWER_USERNAME"), { admin: true });
  await expectAccessible(page, "admin: reviewer dashboard");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: TITLE }) }).first();
  await row.getByRole("button", { name: "Actions" }).click();
  await Promise.all([
    page.waitForNavigation(),
    // Wagtail's dashboard labels it "Approve" (the editor's footer says "Approve and Publish").
    page.getByRole("button", { name: "Approve", exact: true }).first().click(),
  ]);
  const confirmation = page.locator(".messages").getByText(`“${TITLE}” was approved and is now published.`);
  if (!(await confirmation.isVisible())) throw new Error("no confirmation after approving from the dashboard");
  await expectAccessible(page, "admin: after approval");
  await shoot(page, "admin-approved");
  await context.close();
}

async function teacherWatchesAndSearches(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();

  step("teacher signs in");
  await page.goto(`${BASE}/accounts/login/`);
  await expectAccessible(page, "sign-in page");
  await signIn(page, env("TEACHER_USERNAME"));

  step("teacher opens the curriculum, the unit and the clip");
  await page.goto(`${BASE}/`);
  await expectAccessible(page, "home page");
  await page.getByRole("link", { name: "Curriculum" }).first().click();
  await expectAccessible(page, "curriculum");
  await page.getByRole("link", { name: UNIT_TITLE }).click();
  await expectAccessible(page, "unit page");
  await shoot(page, "unit");
  await page.click(`main a:has-text("${TITLE}")`);
  const clipUrl = page.url();

  step("teacher plays a few seconds; the player reports what was played");
  await page.waitForFunction(() => document.querySelector("video")?.readyState >= 1, null, { timeout: 30_000 });
  await expectAccessible(page, "clip page");
  await page.evaluate(() => { const v = document.querySelector("video"); v.muted = true; return v.play(); });
  await page.waitForFunction(() => document.querySelector("video").currentTime >= 3, null, { timeout: 30_000 });
  const reported = page.waitForResponse((r) => r.url().includes("/progress/heartbeat/") && r.status() === 200);
  await page.evaluate(() => document.querySelector("video").pause());
  const progress = await (await reported).json();
  if (!(progress.watched_seconds >= 2)) throw new Error(`heartbeat recorded too little: ${JSON.stringify(progress)}`);
  await shoot(page, "clip-playing");

  step("teacher sees progress on My learning");
  await page.goto(`${BASE}/my-learning/`);
  await expectAccessible(page, "My learning");
  const watched = await page.locator("main .watched").first().textContent();
  const percent = Number.parseInt(watched, 10);
  if (!(percent > 0)) throw new Error(`My learning shows "${watched}"`);
  await shoot(page, "my-learning");

  step(`teacher searches for "${PHRASE}" and opens the moment`);
  await page.goto(`${BASE}/search/`);
  await expectAccessible(page, "search page");
  await page.fill("#q", PHRASE);
  await Promise.all([page.waitForURL(/\/search\/\?q=/), page.click("main form button[type=submit]")]);
  await expectAccessible(page, "search results");
  await shoot(page, "search-results");
  const hit = page.locator("main .hit a").first();
  const href = await hit.getAttribute("href");
  if (!href.includes(`?t=${EXPECTED_SECOND}`) || !clipUrl.endsWith(href.split("?")[0])) {
    throw new Error(`the first hit links to ${href}, expected the clip at ?t=${EXPECTED_SECOND}`);
  }
  await hit.click();
  await page.waitForFunction(
    (t) => { const v = document.querySelector("video"); return v && v.readyState >= 1 && Math.abs(v.currentTime - t) < 1; },
    EXPECTED_SECOND,
    { timeout: 30_000 },
  );
  const at = await page.evaluate(() => document.querySelector("video").currentTime);
  console.log(`player opened at ${at.toFixed(2)} s (expected ${EXPECTED_SECOND} s)`);
  await shoot(page, "clip-at-moment");
  await context.close();
}

const browser = await launch();
try {
  await pdLeadPublishes(browser);
  await reviewerApproves(browser);
  await teacherWatchesAndSearches(browser);
  console.log("journey: ok");
} catch (error) {
  // A picture of every open page at the moment of failure, next to the step screenshots.
  for (const context of browser.contexts()) {
    for (const page of context.pages()) await shoot(page, "failure").catch(() => {});
  }
  throw error;
} finally {
  await browser.close();
}
