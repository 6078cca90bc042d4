// The transcript, in Chromium: a teacher clicks a line of the interactive transcript and the
// video jumps there, searches inside it; a PD lead edits a cue in the admin editor (split,
// fix a mistake the editor flags, save) and the new words appear in the captions track and
// on the clip page. axe runs on the clip page and on the editor (also with errors showing).
// Driven by tests/browser/test_transcript.py, which passes everything in through the environment.
import { launch, screenshots, expectAccessible, signIn, step } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const CLIP_URL = `${BASE}${env("CLIP_PATH")}`;
const EDITOR_URL = `${BASE}${env("EDITOR_PATH")}`;
const CAPTIONS_URL = `${BASE}${env("CAPTIONS_PATH")}`;
const SEEK_TO = Number(env("SEEK_TO"));
const shoot = screenshots(env("SCREENSHOT_DIR"));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function teacherUsesTheTranscript(browser) {
  const page = await (await browser.newContext()).newPage();
  step("teacher signs in");
  await signIn(page, env("TEACHER_USERNAME"));
  step("teacher opens the clip page");
  await page.goto(CLIP_URL);
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
  await expectAccessible(page, "clip page with transcript");

  step("teacher clicks the third line of the transcript");
  const line = page.locator("[data-transcript-cues] li").nth(2).getByRole("button");
  await line.click();
  await page.waitForFunction(
    (t) => { const v = document.querySelector("[data-player] video"); return Math.abs(v.currentTime - t) < 0.6; },
    SEEK_TO, { timeout: 15_000 },
  );
  const at = await page.evaluate(() => document.querySelector("[data-player] video").currentTime);
  step(`video is at ${at.toFixed(2)} s (line starts at ${SEEK_TO} s)`);
  await page.waitForFunction(() => {
    const current = document.querySelectorAll('[data-transcript-cues] button[aria-current="true"]');
    return current.length === 1 && current[0].closest("li") === document.querySelectorAll("[data-transcript-cues] li")[2];
  }, null, { timeout: 10_000 });
  await page.evaluate(() => document.querySelector("[data-player] video").pause());

  step("teacher searches within the transcript");
  await page.getByLabel("Search the transcript").fill("zero pairs");
  const visible = await page.locator("[data-transcript-cues] li:visible").count();
  check(visible === 1, `expected 1 matching line, saw ${visible}`);
  check((await page.locator("[data-transcript-cues] mark").first().textContent()).toLowerCase() === "zero pairs", "no highlight");
  check((await page.locator("[data-transcript-count]").textContent()).includes("1 of 3"), "no match count");
  await shoot(page, "clip-transcript-search");
  await expectAccessible(page, "clip page, transcript filtered");

  step("teacher downloads the transcript as text");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "plain text" }).click()]);
  check(download.suggestedFilename().endsWith(".txt"), `download named ${download.suggestedFilename()}`);
  await page.context().close();
}

async function pdLeadEditsTheTranscript(browser) {
  const page = await (await browser.newContext()).newPage();
  step("PD lead signs in and opens the editor");
  await signIn(page, env("PD_LEAD_USERNAME"), { admin: true });
  await page.goto(EDITOR_URL);
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
  await expectAccessible(page, "admin: transcript editor");

  step("PD lead plays cue 2: it plays from its start and stops at its end");
  await page.getByRole("button", { name: "Play cue 2" }).click();
  await page.waitForFunction(() => {
    const video = document.querySelector("[data-player] video");
    const [h, m, s] = document.getElementById("cue-2-end").value.split(":").map(Number);
    return video.paused && video.currentTime >= h * 3600 + m * 60 + s - 0.3;
  }, null, { timeout: 20_000 });

  step("PD lead splits cue 1 and makes a mistake");
  await page.getByRole("button", { name: "Split cue 1" }).click();
  check((await page.locator("[data-cue]").count()) === 4, "split did not add a cue");
  check(await page.evaluate(() => document.activeElement.id === "cue-2-text"), "focus did not move to the new cue");
  await page.getByLabel("Start of cue 3", { exact: true }).fill("00:00:00.100");  // overlaps cue 2
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Save transcript" }).click()]);
  await page.waitForSelector("#cue-error-summary");
  check((await page.locator("#cue-3-errors").textContent()).includes("before the cue above ends"), "no overlap error on cue 3");
  await shoot(page, "editor-errors");
  await expectAccessible(page, "admin: transcript editor with errors");

  step("PD lead merges the split back, rewrites cue 2 and saves");
  await page.getByRole("button", { name: "Merge cue 1 with next" }).click();
  const merged = await page.getByLabel("Text of cue 2", { exact: true }).inputValue();
  check(merged.length > 0, "cue 2 lost its text");
  await page.getByLabel("Start of cue 2", { exact: true }).fill(await page.getByLabel("End of cue 1", { exact: true }).inputValue());
  await page.getByLabel("Text of cue 2", { exact: true }).fill("Counters make zero when they pair up.");
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Save transcript" }).click()]);
  await page.waitForSelector(".messages .success", { timeout: 10_000 });
  check((await page.locator("[data-cue]").count()) === 3, "expected 3 cues after saving");
  await shoot(page, "editor-saved");

  step("PD lead approves the draft");
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Approve transcript" }).click()]);
  check((await page.locator(".transcript-badge").first().textContent()).includes("Approved"), "not approved");
  await expectAccessible(page, "admin: transcript editor, approved");

  step("the captions track and the clip page have the new words");
  const captions = await (await page.request.get(CAPTIONS_URL)).text();
  check(captions.includes("Counters make zero when they pair up."), `captions lack the edit:\n${captions}`);
  check(!captions.includes("Zero pairs cancel out."), "captions still have the old words");
  await page.goto(CLIP_URL);
  check((await page.locator("[data-transcript-cues]").textContent()).includes("Counters make zero"), "clip page transcript lacks the edit");
  check((await page.locator(".transcript__badge").count()) === 0, "approved transcript still badged as draft");
  await page.context().close();
}

const browser = await launch();
try {
  await teacherUsesTheTranscript(browser);
  await pdLeadEditsTheTranscript(browser);
  console.log("transcript: ok");
} finally {
  await browser.close();
}
