// LTI 1.3 in Chromium (issue #16): a course page of the test platform (another origin) frames
// pdsite. A learner's launch reaches the clip page inside the frame and plays it (the session
// cookie works in the frame: the progress reports count); an instructor's deep-linking launch
// shows the picker, picks part of a clip by keyboard, and the platform receives and verifies it.
// The instructor then opens part of the clip and the course roster (NRPS). Axe on every page. Driven by tests/browser/test_lti.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, step, watchCsp } from "./support.mjs";

const PLATFORM = process.env.PLATFORM_URL;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function toolFrame(page, path) {
  for (let i = 0; i < 300; i += 1) {
    const frame = page.frames().find((f) => new URL(f.url()).pathname.startsWith(path));
    if (frame) return frame;
    await page.waitForTimeout(100);
  }
  const texts = await Promise.all(page.frames().map(async (f) => `${f.url()}: ${(await f.locator("main").textContent().catch(() => "")).trim().slice(0, 300)}`));
  throw new Error(`no frame at ${path}; frames:\n${texts.join("\n")}`);
}

const browser = await launch();
try {
  const page = watchCsp(await (await browser.newContext()).newPage());

  step("a learner opens the course link: the clip plays inside the platform's frame");
  await page.goto(`${PLATFORM}/course/${process.env.HINT_LEARN}`);
  const clip = await toolFrame(page, "/lti/clip/");
  await clip.getByRole("heading", { level: 1, name: process.env.CLIP_TITLE }).waitFor();
  await clip.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
  check((await clip.locator("[data-transcript], .transcript").count()) >= 0, "transcript area");
  await expectAccessible(page, "the clip page framed by the course");
  await clip.getByRole("button", { name: "Play", exact: true }).click();
  await clip.waitForFunction(() => document.querySelector("[data-player] video")?.currentTime >= 2.5, null, { timeout: 30_000 });
  await clip.getByRole("button", { name: "Pause", exact: true }).click();
  await page.waitForTimeout(1500); // the pause report goes out
  await shoot(page, "learner-clip");

  step("an instructor adds part of the clip with the picker, by keyboard");
  await page.goto(`${PLATFORM}/course/${process.env.HINT_PICK}`);
  const picker = await toolFrame(page, "/lti/pick/");
  await picker.getByRole("heading", { level: 1, name: "Add pdsite content to your course" }).waitFor();
  await expectAccessible(page, "the deep-linking picker framed by the course");
  const choice = picker.getByRole("radio", { name: `Clip: ${process.env.CLIP_TITLE}` });
  await choice.focus();
  await page.keyboard.press("Space");
  check(await choice.isChecked(), "Space should choose the clip");
  await picker.getByLabel("Start at (seconds)").fill("1");
  await picker.getByLabel("End at (seconds)").fill("3");
  await picker.getByRole("button", { name: "Add to course" }).focus();
  await page.keyboard.press("Enter");
  const back = await toolFrame(page, "/deep-link-return");
  await back.locator("[data-added]").waitFor();
  const added = await back.locator("[data-added]").textContent();
  check(added.includes(process.env.CLIP_TITLE), `the platform should have received the clip: ${added}`);
  await shoot(page, "instructor-added");
  step("the instructor opens part of the clip from the course, then the roster");
  await page.goto(`${PLATFORM}/course/${process.env.HINT_ROSTER}`);
  const part = await toolFrame(page, "/lti/clip/");
  await part.getByText("Your course asks you to watch 0:01–0:03.").waitFor();
  await expectAccessible(page, "part of the clip, with the roster link");
  await part.getByRole("link", { name: "Course roster and progress" }).click();
  const roster = await toolFrame(page, "/lti/roster/");
  const learnerRow = roster.getByRole("row", { name: /Lee Learner/ });
  await learnerRow.waitFor();
  check(/\d+%/.test(await learnerRow.textContent()), "the learner's progress should show");
  await expectAccessible(page, "the course roster");
  await shoot(page, "instructor-roster");
  expectNoCspViolations();
  console.log("lti: ok");
} finally {
  await browser.close();
}
