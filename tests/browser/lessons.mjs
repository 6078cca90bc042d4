// A lesson recording's journey: record (consent first), upload, share a clip to comment, the
// colleague sees only the clip with their name over it and comments at a moment, the head of
// department gets a 404, revoke, audit list, delete. Axe on every page.
// Driven by tests/browser/test_lessons_journey.py, which passes everything in through the environment.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const TITLE = env("TITLE");
const shoot = screenshots(env("SCREENSHOT_DIR"));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function waitForFile(name, seconds = 30) {
  const { existsSync, readFileSync } = await import("node:fs");
  for (let i = 0; i < seconds * 10 && !existsSync(name); i += 1) await new Promise((r) => setTimeout(r, 100));
  check(existsSync(name), `${name} was not written`);
  return readFileSync(name, "utf-8").trim();
}

async function person(browser, username) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  await signIn(page, username);
  return page;
}

async function playerReady(page) {
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
}

// The seconds of video the player's playlists name files for (the first variant of the master playlist).
async function listedSeconds(page) {
  return page.evaluate(async () => {
    const master = new URL(document.querySelector("[data-player]").dataset.src, window.location.href);
    const text = await (await fetch(master)).text();
    const variant = text.split("\n").find((line) => line && !line.startsWith("#"));
    const media = await (await fetch(new URL(variant, master))).text();
    // Seconds of segments that name a file (a gap, EXT-X-GAP, names none and is never fetched).
    let seconds = 0;
    let gap = false;
    for (const line of media.split("\n")) {
      if (line.startsWith("#EXT-X-GAP")) gap = true;
      else if (line.startsWith("#EXTINF:") && !gap) seconds += parseFloat(line.slice(8));
      else if (line && !line.startsWith("#")) gap = false;
    }
    return seconds;
  });
}

const browser = await launch();
try {
  step("ect opens My recordings from the menu, then Record a lesson");
  const ect = await person(browser, "ect");
  await ect.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My recordings" }).click();
  await ect.waitForURL(/\/recordings\/$/);
  await expectAccessible(ect, "My recordings (empty)");
  await ect.getByRole("link", { name: "Record a lesson" }).click();
  await ect.waitForURL(/\/recordings\/record\/$/);
  check((await ect.locator(".consent").textContent()).includes("Pupils without consent sit out of shot"), "the statement shows");
  check(/Last changed \w{3} \d+ \w{3} \d{4}/.test(await ect.locator("main").textContent()), "and its date");
  await expectAccessible(ect, "Record a lesson");
  await shoot(ect, "record-a-lesson");

  step("without the consent box ticked the server refuses before any byte moves");
  await ect.getByLabel("Title").fill(TITLE);
  await ect.getByLabel("Year group").selectOption({ label: "Year 8" });
  await ect.getByLabel("Small step").fill("Share in a given ratio");
  await ect.getByLabel("Lesson focus").fill("How pupils use the bar model to find one part.");
  await ect.getByLabel("Video file (required)").setInputFiles(env("CLIP_PATH"));
  await ect.getByRole("button", { name: "Upload recording" }).click();
  await ect.locator("[data-upload-status]").filter({ hasText: /consent statement/ }).waitFor();
  await expectAccessible(ect, "Record a lesson, refused");

  step("with consent confirmed the upload runs and the recording becomes ready");
  await ect.getByLabel(/I confirm the recording follows/).check();
  await Promise.all([
    ect.waitForURL(/\/recordings\/\d+\/$/, { timeout: 180_000 }),
    ect.getByRole("button", { name: "Upload recording" }).click(),
  ]);
  const recordingUrl = ect.url();
  for (let i = 0; i < 60 && !(await ect.locator("[data-player]").count()); i += 1) {
    await ect.waitForTimeout(2000);
    await ect.reload();
  }
  await playerReady(ect);
  check((await ect.locator("[data-viewer-overlay]").textContent()).includes("Esme Early"), "the owner's name is over the video");
  check((await ect.locator("video").getAttribute("controlslist")).includes("nodownload"), "no download control");
  check((await ect.locator("a[download], a:has-text('Open the stream')").count()) === 0, "no download or stream link");
  await expectAccessible(ect, "the owner's recording page");
  await shoot(ect, "owner-recording");

  step("ect shares 0:05–0:15 with mentor to comment");
  const form = ect.locator("form.share-form");
  await form.getByLabel("Share with").selectOption({ label: "Mo Mentor" });
  await form.getByRole("radio", { name: "A clip" }).check();
  await form.getByLabel("Clip from").fill("0:05");
  await form.getByLabel("Clip to").fill("0:15");
  await form.getByRole("radio", { name: "View and comment" }).check();
  await form.getByRole("button", { name: "Share" }).click();
  await ect.locator(".messages").filter({ hasText: "shared with Mo Mentor" }).waitFor();
  check((await ect.locator("#shares + .table-scroll").textContent()).includes("Clip 0:05–0:15"), "the share list shows the clip");
  await expectAccessible(ect, "the owner's page after sharing");

  step("mentor finds it under Shared with you and sees only the clip, with their own name");
  const mentor = await person(browser, "mentor");
  await mentor.goto(`${BASE}/recordings/`);
  await expectAccessible(mentor, "My recordings, shared with the mentor");
  await mentor.getByRole("link", { name: TITLE }).click();
  await mentor.waitForURL((url) => url.searchParams.get("start") === "5" && url.searchParams.get("end") === "15");
  await playerReady(mentor);
  check((await mentor.locator("[data-viewer-overlay]").textContent()).includes("Mo Mentor"), "the viewer's name is over the video");
  check((await mentor.locator("main").textContent()).includes("the clip from 0:05 to 0:15"), "the page names the clip");
  const listed = await listedSeconds(mentor);
  check(listed > 0 && listed < 19, `the playlist lists only the clip's segments (${listed} s of 20)`);
  // The rest are gaps, so the player's clock is the lesson's: it starts at the clip's 0:05.
  const clock = await mentor.evaluate(() => { const v = document.querySelector("[data-player] video"); return { t: v.currentTime, d: v.duration }; });
  check(Math.abs(clock.d - 20) < 1 && Math.abs(clock.t - 5) < 1, `the player reads the lesson's times: ${JSON.stringify(clock)}`);
  check((await mentor.locator("#shares, form.share-form").count()) === 0, "no share form for the colleague");
  await expectAccessible(mentor, "the colleague's clip page");

  step("mentor comments at a moment inside the clip");
  const panel = mentor.locator("[data-feedback]");
  await mentor.getByRole("button", { name: "Play", exact: true }).click();
  await mentor.waitForFunction(() => document.querySelector("[data-player] video")?.currentTime >= 7, null, { timeout: 30_000 });
  await mentor.getByRole("button", { name: "Pause", exact: true }).click();
  await panel.getByLabel("Kind", { exact: true }).selectOption("strength");
  await panel.getByRole("button", { name: "Use current time" }).click();
  const moment = await panel.getByLabel("At", { exact: true }).inputValue();
  check(/^0:(0[7-9]|1[0-4])$/.test(moment), `the moment is the lesson's time, inside the clip: ${moment}`);
  await panel.getByLabel("Comment", { exact: true }).fill("The bar is drawn before any numbers: the whole first.");
  await panel.locator("summary", { hasText: "Tags" }).click();
  await panel.getByRole("checkbox", { name: /^Representation and structure$/i }).check();
  await panel.getByRole("button", { name: "Post comment" }).click();
  await mentor.locator("[data-feedback-status]").filter({ hasText: /posted/ }).waitFor();
  const posted = await panel.locator("[data-feedback-comments]").textContent();
  check(posted.includes("the whole first") && /Representation and structure/i.test(posted), `the tagged comment shows: ${posted}`);
  await expectAccessible(mentor, "the clip page after commenting");
  await shoot(mentor, "mentor-commented");

  step("mentor's request for a segment outside the clip is refused like an unknown file");
  // A media URL signed for the mentor (the test's side signs it, as a playlist would), of a
  // segment the clip leaves out: a forged or remembered link, asked for from their browser.
  const outside = await waitForFile(env("OUTSIDE_URL_FILE"));
  const outsideAnswer = await mentor.request.get(`${BASE}${outside}`);
  check(outsideAnswer.status() === 404, `a segment outside the clip answered ${outsideAnswer.status()}`);
  const unknownFile = await mentor.request.get(`${BASE}/videos/media/not-a-signed-name`);
  // The same answer as an unknown file (the 404 page; its CSP nonce differs per response).
  check(unknownFile.status() === 404 && outsideAnswer.headers()["content-type"] === unknownFile.headers()["content-type"],
    `answered as ${outsideAnswer.headers()["content-type"]}, an unknown file as ${unknownFile.headers()["content-type"]}`);

  step("ect replies to the mentor's strength");
  await ect.goto(recordingUrl);
  await playerReady(ect);
  const ectItem = ect.locator("[data-feedback-comments] > li").first();
  check((await ectItem.textContent()).includes("the whole first"), "the owner sees the mentor's comment");
  await ectItem.locator("summary", { hasText: "Reply" }).click();
  await ectItem.getByLabel("Your reply").fill("Thank you: next time the class draws it first.");
  await ectItem.getByRole("button", { name: "Post reply" }).click();
  await ect.locator("[data-feedback-status]").filter({ hasText: "Reply posted." }).waitFor();
  check((await ect.locator(".feedback__replies").textContent()).includes("the class draws it first"), "the reply shows");
  await expectAccessible(ect, "the owner's page after replying");

  step("a teacher of the same department gets the same 404 as for an unknown recording");
  const teacher = await person(browser, "teacher");
  const teacherRefused = await teacher.goto(recordingUrl);
  check(teacherRefused.status() === 404, `teacher should get 404, got ${teacherRefused.status()}`);

  step("the head of department gets the same 404 as for an unknown recording");
  const hod = await person(browser, "hod");
  const refused = await hod.goto(recordingUrl);
  check(refused.status() === 404, `hod should get 404, got ${refused.status()}`);
  const refusedText = await hod.locator("main").textContent();
  const unknown = await hod.goto(`${BASE}/recordings/999999/`);
  check(unknown.status() === 404 && (await hod.locator("main").textContent()) === refusedText, "alike an unknown id");
  await expectAccessible(hod, "the 404 page");
  await hod.goto(`${BASE}/recordings/`);
  check(!(await hod.locator("main").textContent()).includes(TITLE), "nor in the head of department's list");

  step("the head of department's recording policy page");
  await hod.goto(`${BASE}/recordings/policy/${env("SCHOOL_SLUG")}/`);
  check((await hod.getByLabel("Consent statement").inputValue()).includes("Parents have been told"), "the statement to edit");
  await expectAccessible(hod, "the school's recording policy");

  step("a teacher at a school without a statement cannot record");
  const elsewhere = await person(browser, "elsewhere");
  await elsewhere.goto(`${BASE}/recordings/record/`);
  check((await elsewhere.locator("main").textContent()).includes("has not set a recording consent statement"), "the refusal page");
  await expectAccessible(elsewhere, "no consent statement");

  step("ect revokes; mentor's next request is a 404");
  await ect.reload();
  await ect.getByRole("button", { name: "Revoke the share with Mo Mentor" }).click();
  await ect.locator(".messages").filter({ hasText: "Stopped sharing with Mo Mentor" }).waitFor();
  const gone = await mentor.reload();
  check(gone.status() === 404, `after revoking the colleague gets 404, got ${gone.status()}`);

  step("ect reads the audit list");
  const audit = await ect.locator("table.audit").textContent();
  check(audit.includes("Mo Mentor") && audit.includes("Clip 0:05–0:15"), `the audit list names who watched what: ${audit}`);
  check(!audit.includes("Hana Head"), "a refused request is no view");
  await expectAccessible(ect, "the owner's page with the audit list");
  await shoot(ect, "audit");

  step("ect deletes the recording after confirming");
  await ect.getByRole("link", { name: "Delete recording" }).click();
  await ect.waitForURL(/\/delete\/$/);
  await expectAccessible(ect, "the delete confirmation");
  await Promise.all([ect.waitForURL(/\/recordings\/$/), ect.getByRole("button", { name: "Delete recording" }).click()]);
  check((await ect.locator(".messages").textContent()).includes("is deleted"), "the deletion is confirmed");
  check((await ect.locator("main").textContent()).includes("You have not recorded a lesson yet."), "the list is empty");
  await expectAccessible(ect, "My recordings after deleting");
  const after = await ect.goto(recordingUrl);
  check(after.status() === 404, "the deleted recording's page is a 404");
  expectNoCspViolations();
  console.log("lessons: ok");
} finally {
  await browser.close();
}
