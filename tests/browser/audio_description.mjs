// Audio description in Chromium: the PD lead writes the cues in the admin editor; the teacher
// turns Audio description on, chooses a voice and a speed, plays, and the cues are spoken
// (the SpeechSynthesisUtterance start and end events, seen through "pdsite:description"), the
// extended cue pauses the video until its speech ends, the live region holds the cue's text;
// the choice is remembered after a reload; everything fits 320 px. Axe on every page, no CSP
// violation. Driven by tests/browser/test_audio_description.py (with its speech-dispatcher).
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const { BASE_URL, VIDEO_ID, CLIP_PATH } = process.env;
const shoot = screenshots(process.env.SCREENSHOT_DIR);
const FIRST = "A bar is drawn and split into three equal parts.";
const SECOND = "Two of the parts are shaded.";

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const events = (page) => page.evaluate(() => window.descriptionEvents);
const hasEvent = (page, phase, text) =>
  page.waitForFunction(([p, t]) => window.descriptionEvents.some((e) => e.phase === p && e.text === t), [phase, text], { timeout: 30_000 });

const browser = await launch();
try {
  step("the PD lead writes two descriptions, the second needing a pause");
  const lead = watchCsp(await (await browser.newContext()).newPage());
  await signIn(lead, "ad-lead", { admin: true });
  await lead.goto(`${BASE_URL}/admin/transcripts/${VIDEO_ID}/en/`);
  await lead.getByRole("link", { name: "Audio description of this video" }).click();
  await lead.getByText("This video has no audio description in English yet.").waitFor();
  await expectAccessible(lead, "descriptions editor (empty)");
  await lead.getByRole("button", { name: "Add a cue at the end" }).click();
  await lead.getByLabel("Start of cue 1").fill("0.5");
  await lead.getByLabel("End of cue 1").fill("1.5");
  await lead.getByLabel("Text of cue 1").fill(FIRST);
  await lead.getByRole("button", { name: "Add a cue at the end" }).click();
  await lead.getByLabel("Start of cue 2").fill("3");
  await lead.getByLabel("End of cue 2").fill("3.5");
  await lead.getByLabel("Text of cue 2").fill(SECOND);
  await lead.getByLabel("This cue needs a pause (cue 2)").check();
  await Promise.all([lead.waitForLoadState("load"), lead.getByRole("button", { name: "Save audio description" }).click()]);
  await lead.getByText("Audio description of “Bar models” saved: 2 cues.").waitFor();
  check(await lead.getByLabel("This cue needs a pause (cue 2)").isChecked(), "cue 2 keeps its pause");
  check(!(await lead.getByLabel("This cue needs a pause (cue 1)").isChecked()), "cue 1 has no pause");
  await shoot(lead, "editor-saved");
  await expectAccessible(lead, "descriptions editor (saved)");

  step("the teacher turns Audio description on and chooses a voice and a speed");
  const page = watchCsp(await (await browser.newContext()).newPage());
  await signIn(page, "ad-teacher");
  await page.goto(`${BASE_URL}${CLIP_PATH}`);
  await page.evaluate(() => {
    window.descriptionEvents = [];
    document.addEventListener("pdsite:description", (event) => {
      const video = document.querySelector("[data-player] video");
      window.descriptionEvents.push({ ...event.detail, paused: video.paused, at: video.currentTime });
    });
  });
  const button = page.getByRole("button", { name: "Audio description" });
  await button.waitFor({ timeout: 30_000 });
  check((await button.getAttribute("aria-pressed")) === "false", "Audio description starts off");
  await button.click();
  check((await button.getAttribute("aria-pressed")) === "true", "Audio description is on");
  await page.getByText("Audio description on").waitFor();
  const voice = page.getByLabel("Voice");
  await page.waitForFunction(() => document.querySelector('[data-action="description-voice"]').options.length > 2, null, { timeout: 15_000 });
  const voices = await voice.locator("option").allTextContents();
  console.log(`voices offered: ${voices.slice(0, 6).join(" | ")}${voices.length > 6 ? ` … (${voices.length})` : ""}`);
  await voice.selectOption({ index: 2 });
  await page.getByLabel("Description speed").selectOption("1.5");
  await shoot(page, "description-on");
  await expectAccessible(page, "clip page with audio description on");

  step("play: both cues are spoken; the extended one pauses the video until it has been said");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await hasEvent(page, "start", FIRST);
  await hasEvent(page, "end", FIRST);
  await hasEvent(page, "cue", SECOND);
  const atCue = (await events(page)).find((e) => e.phase === "cue" && e.text === SECOND);
  check(atCue.extended, "the second cue is extended");
  await hasEvent(page, "start", SECOND);
  const started = (await events(page)).find((e) => e.phase === "start" && e.text === SECOND);
  check(started.paused, "the video is paused while the extended cue is spoken");
  check((await page.locator("[data-description-live]").textContent()) === SECOND, "the live region holds the cue");
  await hasEvent(page, "end", SECOND);
  const ended = (await events(page)).find((e) => e.phase === "end" && e.text === SECOND);
  await page.waitForFunction((t) => {
    const video = document.querySelector("[data-player] video");
    return !video.paused && video.currentTime > t + 0.3;
  }, ended.at, { timeout: 15_000 });
  check(!(await events(page)).some((e) => e.phase === "error"), `speech failed: ${JSON.stringify(await events(page))}`);
  console.log(`events: ${JSON.stringify(await events(page))}`);
  await shoot(page, "spoken");

  step("a reload remembers it; the controls fit 320 px");
  await page.setViewportSize({ width: 320, height: 720 });
  await page.reload();
  await button.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('[data-action="descriptions"]')?.getAttribute("aria-pressed") === "true");
  check(await page.evaluate(() => localStorage.getItem("pdsite.descriptionRate")) === "1.5", "the speed is remembered");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const wide = await page.evaluate(() => Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > 321).slice(0, 5).map((el) => `${el.tagName}.${el.className}`));
  check(width <= 320, `the page scrolls sideways at 320 px (scrollWidth ${width}; ${wide.join(", ")})`);
  await shoot(page, "narrow");
  await expectAccessible(page, "clip page at 320 px, description on");
  expectNoCspViolations();
  console.log("audio_description: ok");
} finally {
  await browser.close();
}
