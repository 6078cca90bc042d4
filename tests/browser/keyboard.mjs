// Keyboard-only journeys at 320 CSS px (issue #18, "Journeys without a mouse"): Tab, Shift+Tab,
// Enter, Space, arrows and typing only, never a click. PHASE=teacher: a teacher finds a clip by
// search, plays it, turns captions on, changes speed, leaves a comment and reaches My learning.
// PHASE=hod: a head of department creates a workshop and reads its roster. PHASE=lead: a PD lead
// uploads a clip in the Wagtail admin, captions it in the transcript editor, puts it on a PD video
// page with the video chooser and submits that for moderation (keyboard_lead.mjs). At every stop the
// focus is visible (the site's ring, not under anything) and lands where the person expects;
// nothing scrolls sideways; axe on every page. Driven by tests/browser/test_keyboard.py.
import { launch, screenshots, expectNoCspViolations, step, watchCsp } from "./support.mjs";
import { check, describe, expectVisibleFocus, fits, press, tabTo } from "./keyboard_support.mjs";
import { lead } from "./keyboard_lead.mjs";

const BASE = process.env.BASE_URL;
const PHASE = process.env.PHASE;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

// The site's sign-in form, by keyboard.
async function signIn(page, username) {
  await page.goto(`${BASE}/accounts/login/`);
  await tabTo(page, page.locator("#id_username"));
  await page.keyboard.type(username);
  await page.keyboard.press("Tab");
  await page.keyboard.type(process.env.PASSWORD);
  await press(page, "Enter", { navigates: true });
  check(new URL(page.url()).pathname === "/my-learning/", `signed in to ${page.url()}`);
}

const nav = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

const phases = {
  lead: (page) => lead(page, shoot),

  async teacher(page) {
    step("teacher signs in and goes to Search");
    await signIn(page, "teacher");
    await tabTo(page, nav(page, "Search"));
    await press(page, "Enter", { navigates: true });
    await fits(page, "search");
    await tabTo(page, page.getByLabel(/Words said in a clip/));
    await page.keyboard.type("zero pairs");
    await press(page, "Enter", { navigates: true });
    await fits(page, "search results");

    step("the first moment opens the clip at that second");
    const moment = page.locator("main .moment-link").first();
    await tabTo(page, moment);
    await press(page, "Enter", { navigates: true });
    const video = page.locator("[data-player] video");
    await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
    await fits(page, "clip page");

    step("play, captions on, speed 1.25×, audio description on");
    const play = page.locator('[data-player] [data-action="play"]');
    await tabTo(page, play);
    await press(page, "Enter");
    await page.waitForFunction(() => !document.querySelector("[data-player] video").paused, null, { timeout: 10_000 });
    check(await play.evaluate((el) => el === document.activeElement), "focus left Play/Pause");
    const captions = page.getByRole("button", { name: "Captions" });
    await tabTo(page, captions);
    if ((await captions.getAttribute("aria-pressed")) === "true") await press(page, "Enter"); // off first, to turn it on
    await press(page, "Space");
    check((await captions.getAttribute("aria-pressed")) === "true", "captions should be on");
    check(await captions.evaluate((el) => el === document.activeElement), "focus left the Captions button");
    await page.locator("[data-captions]").waitFor({ timeout: 15_000 });
    const speed = page.locator('[data-player] [data-action="rate"]'); // "Speed", not "Description speed"
    await tabTo(page, speed);
    await press(page, "ArrowDown");
    await page.waitForFunction(() => document.querySelector("[data-player] video").playbackRate === 1.25, null, { timeout: 5_000 });
    const description = page.locator('[data-player] [data-action="descriptions"]');
    await tabTo(page, description);
    await press(page, "Enter");
    check((await description.getAttribute("aria-pressed")) === "true", "audio description should be on");
    check(await description.evaluate((el) => el === document.activeElement), "focus left the Audio description button");
    await tabTo(page, page.locator('[data-action="description-voice"]'), { limit: 3 }); // its choices come next
    await fits(page, "clip page, playing");
    await shoot(page, "teacher-playing");

    step("a comment at this moment");
    const panel = page.locator("[data-feedback]");
    await tabTo(page, panel.getByLabel("Comment", { exact: true }));
    await page.keyboard.type("The zero pairs step needs a pause for pupils.");
    await tabTo(page, panel.getByRole("button", { name: "Post comment" }));
    await press(page, "Enter");
    await page.locator("[data-feedback-status]").filter({ hasText: /posted/ }).waitFor();
    const after = await describe(page);
    check(!after.startsWith("body"), `focus dropped to the body after posting`);
    await expectVisibleFocus(page, "after posting");
    check((await panel.locator("[data-feedback-comments] > li").first().textContent()).includes("zero pairs step"), "the comment is listed");
    await fits(page, "clip page, commented");

    step("back up to My learning");
    await tabTo(page, nav(page, "My learning"), { back: true, limit: 300 });
    await press(page, "Enter", { navigates: true });
    check(new URL(page.url()).pathname === "/my-learning/", `at ${page.url()}`);
    await fits(page, "my learning");
    await shoot(page, "teacher-my-learning");
  },

  async hod(page) {
    step("head of department: Departments, the department, New workshop");
    await signIn(page, "hod");
    await tabTo(page, nav(page, "Departments"));
    await press(page, "Enter", { navigates: true });
    await fits(page, "departments");
    await tabTo(page, page.getByRole("link", { name: process.env.DEPARTMENT_NAME, exact: true }));
    await press(page, "Enter", { navigates: true });
    await fits(page, "department dashboard");
    await tabTo(page, page.getByRole("link", { name: "New workshop" }));
    await press(page, "Enter", { navigates: true });
    await fits(page, "new workshop");

    step("the form by keyboard");
    await tabTo(page, page.getByLabel("Title (required)"));
    await page.keyboard.type("Equality and equivalence");
    await tabTo(page, page.getByLabel(/^Starts at/));
    // ddmmyyyy, then Tab to the time segments (the year takes up to six digits), then hhmm.
    const [day, time] = process.env.STARTS_AT_KEYS.split(" ");
    await page.keyboard.type(day);
    await page.keyboard.press("Tab");
    await page.keyboard.type(time);
    for (const name of process.env.ATTENDEES.split("|")) {
      await tabTo(page, page.getByLabel(name, { exact: true }));
      await press(page, "Space");
      check(await page.getByLabel(name, { exact: true }).isChecked(), `${name} should be ticked`);
    }
    await tabTo(page, page.getByRole("button", { name: "Create workshop" }));
    await press(page, "Enter", { navigates: true });
    check(/\/workshops\/\d+\/$/.test(page.url()), `the workshop was not created: ${page.url()} ${await page.locator("main").innerText()}`);
    await fits(page, "workshop");

    step("the roster: reach its region and read it");
    const region = page.locator(".table-scroll[role=region]").first();
    await tabTo(page, region);
    const rows = await region.locator("tbody tr").allTextContents();
    for (const name of process.env.ATTENDEES.split("|")) {
      check(rows.some((row) => row.includes(name)), `${name} is not in the roster: ${rows}`);
    }
    await press(page, "ArrowRight"); // a focused region scrolls by keyboard
    await shoot(page, "hod-roster");
  },
};

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: "en-GB" });
  const page = watchCsp(await context.newPage());
  step(`phase ${PHASE}`);
  try {
    await phases[PHASE](page);
  } catch (error) {
    await shoot(page, "failure").catch(() => {});
    throw error;
  }
  expectNoCspViolations();
  console.log(`keyboard-${PHASE}: ok`);
} finally {
  await browser.close();
}
