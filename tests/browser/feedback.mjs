// Comments on a PD clip, by keyboard: a teacher plays a clip, posts a question at the current
// moment to "My department" tagged with a Big Idea; it shows in the list and as a seek-bar marker
// that seeks; the head of department replies with an @mention; a teacher of another department
// sees no comments. Axe on every page. Driven by tests/browser/test_feedback.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const BASE = process.env.BASE_URL;
const CLIP = `${BASE}${process.env.CLIP_PATH}`;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function openClip(page) {
  await page.goto(CLIP);
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
}

// Tab until `locator` has focus (at most `limit` presses): the keyboard path a person takes.
async function tabTo(page, locator, limit = 120) {
  for (let i = 0; i < limit; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${locator} by Tab`);
}

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = watchCsp(await context.newPage());
  step("teacher opens the clip and plays about three seconds");
  await signIn(page, "teacher");
  await openClip(page);
  await expectAccessible(page, "clip page with the comment panel");
  const panel = page.locator("[data-feedback]");
  check((await panel.textContent()).includes("No comments yet."), "the panel should start empty");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.currentTime >= 3, null, { timeout: 30_000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click();

  step("by keyboard: a question at the current moment, to my department, tagged");
  await tabTo(page, panel.getByLabel("Kind", { exact: true }));
  await panel.getByLabel("Kind", { exact: true }).selectOption("question");
  await tabTo(page, panel.getByRole("button", { name: "Use current time" }));
  await page.keyboard.press("Enter");
  const moment = await panel.getByLabel("At", { exact: true }).inputValue();
  check(/^0:0[2-9]$/.test(moment), `the moment should come from the player, got ${moment}`);
  await tabTo(page, panel.getByLabel("Comment", { exact: true }));
  await page.keyboard.type("Why is the whole drawn before the parts?");
  // A radio group is one Tab stop (the checked choice); arrows move the choice.
  await tabTo(page, panel.getByRole("radio", { name: "Only me" }));
  await page.keyboard.press("ArrowDown");
  check(await panel.getByRole("radio", { name: "My department" }).isChecked(), "arrow should choose My department");
  await tabTo(page, panel.locator("summary", { hasText: "Tags" }));
  await page.keyboard.press("Enter");
  await tabTo(page, panel.getByRole("checkbox", { name: /^Representation and structure$/i }));
  await page.keyboard.press("Space");
  await tabTo(page, panel.getByRole("button", { name: "Post comment" }));
  await page.keyboard.press("Enter");
  const item = panel.locator("[data-feedback-comments] > li").first();
  await item.waitFor();
  const text = (await item.textContent()).replace(/\s+/g, " ");
  check(text.includes("Question") && /Representation and structure/i.test(text), `the list should show it: ${text}`);
  await page.locator("[data-feedback-status]").filter({ hasText: /posted/ }).waitFor();
  await expectAccessible(page, "clip page after posting");
  await shoot(page, "teacher-posted");

  step("the seek-bar marker seeks to the moment");
  const marker = page.locator(".feedback-marker").first();
  await marker.waitFor();
  check(/^Question at 0:0[2-9]/.test(await marker.getAttribute("aria-label")), "the marker should name the moment");
  await page.evaluate(() => { document.querySelector("[data-player] video").currentTime = 15; });
  await marker.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-player] video").currentTime < 10, null, { timeout: 5_000 });

  step("the head of department replies and mentions the teacher");
  const hodPage = watchCsp(await (await browser.newContext()).newPage());
  await signIn(hodPage, "hod");
  await openClip(hodPage);
  const hodItem = hodPage.locator("[data-feedback-comments] > li").first();
  check((await hodItem.textContent()).includes("Why is the whole drawn"), "the department should see the question");
  await hodItem.locator("summary", { hasText: "Reply" }).focus();
  await hodPage.keyboard.press("Enter");
  await hodItem.getByLabel("Your reply").fill("Good question, @teacher: it fixes the whole first.");
  await hodItem.getByRole("button", { name: "Post reply" }).click();
  await hodPage.locator("[data-feedback-status]").filter({ hasText: "Reply posted." }).waitFor();
  check((await hodPage.locator(".feedback__replies").textContent()).includes("it fixes the whole first"), "the reply should show");
  await expectAccessible(hodPage, "clip page after the reply");
  await shoot(hodPage, "hod-replied");

  step("a teacher of another department sees no comments");
  const otherPage = watchCsp(await (await browser.newContext()).newPage());
  await signIn(otherPage, "other");
  await openClip(otherPage);
  check((await otherPage.locator("[data-feedback]").textContent()).includes("No comments yet."), "another department sees none");
  check((await otherPage.locator(".feedback-marker").count()) === 0, "and no markers");
  await expectAccessible(otherPage, "clip page for another department");
  expectNoCspViolations();
  console.log("feedback: ok");
} finally {
  await browser.close();
}
