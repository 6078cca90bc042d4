// Caption languages in Chromium: the player's "Caption language" switches the captions drawn
// under the picture, the transcript panel (the Welsh list shown, the English hidden) and the
// audio description track to Cymraeg; ?lang=cy opens the clip in Welsh. By keyboard, at 320 px,
// axe on each state. Driven by tests/browser/test_caption_languages.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const { BASE_URL, CLIP_PATH, WELSH_FIRST, ENGLISH_FIRST } = process.env;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const state = (page) => page.evaluate(() => {
  const video = document.querySelector("[data-player] video");
  const modes = Object.fromEntries([...video.textTracks].map((t) => [`${t.kind}-${t.language}`, t.mode]));
  const shown = [...document.querySelectorAll("[data-transcript-language]")].filter((el) => !el.hidden).map((el) => el.dataset.transcriptLanguage);
  return { modes, shown, captions: document.querySelector("[data-captions]").textContent, captionLang: document.querySelector("[data-captions]").lang };
});

const browser = await launch();
try {
  step("the teacher opens the clip: English first, Cymraeg offered");
  const page = watchCsp(await (await browser.newContext({ viewport: { width: 320, height: 800 } })).newPage());
  await signIn(page, "cy-teacher");
  await page.goto(`${BASE_URL}${CLIP_PATH}`);
  const language = page.locator('[data-action="caption-language"]');
  await language.waitFor({ timeout: 30_000 });
  check(JSON.stringify(await language.locator("option").allTextContents()) === JSON.stringify(["English", "Cymraeg"]), "the languages offered");
  check(JSON.stringify((await state(page)).shown) === JSON.stringify(["en"]), "the English transcript is shown first");
  const description = page.locator('[data-action="descriptions"]');
  await description.waitFor();
  await description.focus();
  await page.keyboard.press("Enter");
  check((await state(page)).modes["descriptions-en"] === "hidden", "the English description is the one on");
  await expectAccessible(page, "clip page in English");

  step("Cymraeg by keyboard: captions, transcript and description follow");
  await language.focus();
  await page.keyboard.press("ArrowDown");
  await page.getByText("Captions: Cymraeg").waitFor();
  let now = await state(page);
  check(JSON.stringify(now.shown) === JSON.stringify(["cy"]), `transcript shown: ${now.shown}`);
  check(now.modes["descriptions-cy"] === "hidden" && now.modes["descriptions-en"] === "disabled", `description tracks: ${JSON.stringify(now.modes)}`);
  check((await page.locator('[data-transcript-language="cy"]').textContent()).includes(WELSH_FIRST), "the Welsh cues are listed");
  await page.locator('[data-player] [data-action="play"]').focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction((text) => document.querySelector("[data-captions]").textContent === text, WELSH_FIRST, { timeout: 15_000 });
  now = await state(page);
  check(now.captionLang === "cy", "the caption box is marked lang=cy");
  await page.keyboard.press("k");
  const { scrollWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
  check(scrollWidth <= 320, `scrolls sideways at 320 px (${scrollWidth})`);
  await shoot(page, "cymraeg");
  await expectAccessible(page, "clip page in Cymraeg");

  step("?lang=cy opens the clip in Welsh");
  await page.goto(`${BASE_URL}${CLIP_PATH}?lang=cy`);
  await language.waitFor({ timeout: 30_000 });
  check((await language.inputValue()) === "cy", "Cymraeg is chosen");
  check(JSON.stringify((await state(page)).shown) === JSON.stringify(["cy"]), "the Welsh transcript is shown");
  check(!(await page.locator('[data-transcript-language="en"]').isVisible()), `the English list (${ENGLISH_FIRST}) is hidden`);
  await expectAccessible(page, "clip page opened with ?lang=cy");
  expectNoCspViolations();
  console.log("caption_languages: ok");
} finally {
  await browser.close();
}
