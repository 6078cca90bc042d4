// The ECT plays a clip for real (hls.js in Chromium), changes speed, pauses with the
// keyboard, seeks to the end (which completes nothing), resumes, starts over and completes
// the clip at 2x, plays a shared range, then works through their pathway; their mentor
// confirms the meeting and comments. Axe on every page. Driven by tests/browser/test_player.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const BASE = process.env.BASE_URL;
const DURATION = Number(process.env.DURATION);
const shoot = screenshots(process.env.SCREENSHOT_DIR);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// A new browser context (its own cookies) with `username` signed in.
// hls.js (MSE, its worker) must work under the site's Content-Security-Policy.
async function signedInPage(browser, username) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  await signIn(page, username);
  return page;
}

const video = (page) => page.locator("[data-player] video");
const currentTime = (page) => video(page).evaluate((v) => v.currentTime);

async function waitForTime(page, seconds, timeout = 30_000) {
  await page.waitForFunction((s) => document.querySelector("[data-player] video")?.currentTime >= s, seconds, { timeout });
}

// The next progress report the player sends, and the server's answer.
function nextReport(page) {
  return page
    .waitForResponse((r) => r.url().includes("/progress/heartbeat/") && r.request().method() === "POST", { timeout: 30_000 })
    .then((r) => r.json());
}

const browser = await launch();
try {
  step("ECT signs in: My learning and the pathway");
  const ect = await signedInPage(browser, "ect");
  await expectAccessible(ect, "my learning (start)");
  await ect.getByRole("link", { name: "ECT year 1: multiplicative reasoning" }).click();
  await expectAccessible(ect, "pathway (start)");
  await shoot(ect, "pathway-start");
  check((await ect.locator(".pathway-step").first().textContent()).includes("To do"), "the first step should be to do");
  check((await ect.locator(".pathway-step").nth(1).textContent()).includes("Locked"), "the reflection should wait for the clip");

  step("clip page: play, 2x speed, pause with the keyboard");
  await Promise.all([ect.waitForURL(/ratio-tables/), ect.getByRole("link", { name: /Watch “Ratio tables/ }).click()]);
  await ect.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
  await expectAccessible(ect, "clip page");
  // One set of controls, the site's: the native ones are gone once the player runs.
  check(!(await video(ect).evaluate((v) => v.controls)), "the native controls are still shown");
  const mute = ect.getByRole("button", { name: "Mute", exact: true });
  await mute.click();
  check((await video(ect).evaluate((v) => v.muted)) && (await mute.getAttribute("aria-pressed")) === "true", "Mute");
  await mute.click();
  check(!(await video(ect).evaluate((v) => v.muted)), "Mute again should unmute");
  await ect.getByRole("button", { name: "Play", exact: true }).click();
  await waitForTime(ect, 2);
  await ect.getByLabel("Speed").selectOption("2");
  check((await video(ect).evaluate((v) => v.playbackRate)) === 2, "speed should be 2x");
  await waitForTime(ect, 6);
  await ect.locator("[data-player]").focus();
  let report = nextReport(ect);
  await ect.keyboard.press("k");
  let answer = await report;
  check(await video(ect).evaluate((v) => v.paused), "k should pause");
  check(answer.watched_seconds >= 5 && !answer.completed, `after 6 s: ${JSON.stringify(answer)}`);
  const pausedAt = await currentTime(ect);

  step("arrow keys seek 5 s");
  await ect.keyboard.press("ArrowLeft");
  check(Math.abs((await currentTime(ect)) - (pausedAt - 5)) < 0.6, "ArrowLeft should go back 5 s");
  await ect.keyboard.press("ArrowRight");

  step("seeking to the end completes nothing");
  await ect.locator('[data-action="seek"]').evaluate((input, d) => {
    input.value = String(d - 1.5);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, DURATION);
  report = nextReport(ect);
  await video(ect).evaluate((v) => v.play());
  await ect.waitForFunction(() => document.querySelector("[data-player] video")?.ended, null, { timeout: 30_000 });
  answer = await report;
  check(!answer.completed, `seeking to the end must not complete the clip: ${JSON.stringify(answer)}`);
  await shoot(ect, "clip-after-seek");

  step("resume: the saved position is offered");
  // Put the saved position mid-clip, as a teacher leaving half way would.
  await ect.goto(ect.url().split("?")[0] + "?t=12");
  await ect.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
  report = nextReport(ect);
  await video(ect).evaluate((v) => v.play());
  await waitForTime(ect, 13.5);
  await video(ect).evaluate((v) => v.pause());
  await report;
  await ect.goto(ect.url().split("?")[0]);
  const resume = ect.getByRole("button", { name: /^Resume at 0:1\d$/ });
  await resume.waitFor();
  await expectAccessible(ect, "clip page with resume");
  await shoot(ect, "resume");
  await resume.click();
  await waitForTime(ect, 12);
  check((await currentTime(ect)) < 20, "resume should start near 0:13");
  await video(ect).evaluate((v) => v.pause());

  step("start over and watch it all at 2x: completed");
  await ect.reload();
  await ect.getByRole("button", { name: "Start over" }).click();
  await ect.getByLabel("Speed").selectOption("2");
  report = nextReport(ect);
  await ect.waitForFunction(() => document.querySelector("[data-player] video")?.ended, null, { timeout: 60_000 });
  answer = await report;
  while (!answer.completed) answer = await nextReport(ect); // the "ended" report follows the "pause" one
  check(answer.percent_watched >= 90, `completed at ${answer.percent_watched} %`);

  step("a shared range plays only that range");
  await ect.goto(ect.url().split("?")[0] + "?start=3&end=6");
  await ect.locator("[data-range-notice]").waitFor();
  check((await ect.locator("[data-range-notice]").textContent()).includes("0:03 to 0:06"), "range notice");
  await ect.getByRole("button", { name: "Play", exact: true }).click();
  await ect.waitForFunction(() => document.querySelector("[data-player] video").paused && document.querySelector("[data-player] video").currentTime > 5, null, { timeout: 30_000 });
  const stoppedAt = await currentTime(ect);
  check(stoppedAt >= 5.9 && stoppedAt <= 6.5, `the range should stop at 0:06, not ${stoppedAt}`);
  await expectAccessible(ect, "clip page with a range");

  step("chapter link seeks in place");
  await ect.getByRole("link", { name: /Double number lines/ }).click();
  await waitForTime(ect, 10);
  check(ect.url().includes("start=3"), "the chapter link should not reload the page");
  await video(ect).evaluate((v) => v.pause());

  step("pathway: the watch step is done; write the reflection");
  await ect.goto(`${BASE}/progress/pathways/ect-year-1/`);
  check((await ect.locator(".pathway-step").first().textContent()).includes("Done"), "watching should complete the watch step");
  await ect.getByLabel("Your reflection").fill("I will try ratio tables with 8X on Thursday.");
  await ect.getByRole("button", { name: /Save write a reflection/i }).click();
  await ect.locator(".messages").waitFor();
  check((await ect.locator(".messages").textContent()).includes("Reflection saved"), "reflection saved message");
  await expectAccessible(ect, "pathway (reflection saved)");
  await shoot(ect, "pathway-reflection");

  step("mentor: their ECTs, confirm the meeting, comment on the reflection");
  const mentor = await signedInPage(browser, "mentor");
  await mentor.goto(`${BASE}/progress/mentees/`);
  await expectAccessible(mentor, "mentees");
  await mentor.getByRole("link", { name: "ECT year 1: multiplicative reasoning" }).click();
  check((await mentor.content()).includes("I will try ratio tables with 8X"), "the mentor should see the reflection");
  await expectAccessible(mentor, "mentee pathway");
  await mentor.getByLabel("Comment for Priya Shah").first().fill("Good plan. Tell me how 8X get on.");
  await mentor.getByRole("button", { name: "Add comment" }).first().click();
  await mentor.locator(".messages").waitFor();
  await mentor.getByLabel("Meeting note (optional)").fill("Met on Tuesday.");
  await mentor.getByRole("button", { name: "Confirm the meeting took place" }).click();
  await mentor.locator(".messages").waitFor();
  await expectAccessible(mentor, "mentee pathway (after)");
  await shoot(mentor, "mentor");

  step("ECT sees the comment and the completed pathway on My learning");
  await ect.goto(`${BASE}/progress/pathways/ect-year-1/`);
  check((await ect.content()).includes("Tell me how 8X get on"), "the ECT should see the comment");
  await ect.goto(`${BASE}/my-learning/`);
  check((await ect.content()).includes("Pathways completed"), "the certificate should show");
  await expectAccessible(ect, "my learning (end)");
  await shoot(ect, "my-learning-end");
  expectNoCspViolations();
  console.log("player: ok");
} finally {
  await browser.close();
}
