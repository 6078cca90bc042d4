// Defects from the keyboard-and-320-px audit (issue #18; reflow also at 200 % zoom), each phase measuring one of them in
// Chromium, with axe on every page it opens. PHASE picks the phase; driven by
// tests/browser/test_a11y.py.
import { launch, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const BASE = process.env.BASE_URL;
const PHASE = process.env.PHASE;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// What sticks out past a 320 px viewport: the page's scrollWidth and the widest offenders.
async function overflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
}

async function expectNoSidewaysScroll(page, label) {
  const { scrollWidth, width, wide } = await overflow(page);
  check(scrollWidth <= width, `${label} at ${width} px scrolls sideways (scrollWidth ${scrollWidth}): ${wide.join(", ")}`);
  console.log(`reflow: ${label} fits ${width} px`);
}

// Tab until `locator` has focus (at most `limit` presses): the keyboard path a person takes.
async function tabTo(page, locator, limit = 150) {
  for (let i = 0; i < limit; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${locator} by Tab`);
}

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className ? `.${el.className}` : ""}` : "none";
});

// Every id named by aria-describedby / aria-labelledby exists on the page.
async function expectReferencesResolve(page, label) {
  const missing = await page.evaluate(() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
    .flatMap((el) => `${el.getAttribute("aria-describedby") || ""} ${el.getAttribute("aria-labelledby") || ""}`
      .split(/\s+/).filter(Boolean).filter((id) => !document.getElementById(id)).map((id) => `${el.id || el.tagName}→${id}`)));
  check(!missing.length, `${label}: aria references to missing ids: ${missing.join(", ")}`);
}

// A refused form: focus on the error summary, its links lead to the fields, each field names
// its message by aria-describedby.
async function expectErrorSummary(page, label, firstField) {
  const summary = page.locator("[data-error-summary]");
  await summary.waitFor();
  check(await summary.evaluate((el) => el === document.activeElement), `${label}: focus is on ${await focused(page)}, not the error summary`);
  await expectReferencesResolve(page, label);
  const href = await summary.locator("a").first().getAttribute("href");
  check(href === `#${firstField}`, `${label}: the summary's first link goes to ${href}, not #${firstField}`);
  const described = await page.locator(`#${firstField}`).getAttribute("aria-describedby");
  check(described && described.split(" ").some((id) => id.endsWith("_error")), `${label}: #${firstField} does not name its error`);
  await page.keyboard.press("Tab");
  const link = summary.locator("a").first();
  check(await link.evaluate((el) => el === document.activeElement), `${label}: Tab from the summary should reach its first link`);
  await page.keyboard.press("Enter");
  await page.waitForFunction((id) => document.activeElement?.id === id, firstField, { timeout: 5000 })
    .catch(async () => { throw new Error(`${label}: the summary link left focus on ${await focused(page)}`); });
  await expectAccessible(page, `${label} (refused)`);
}

// The focused element's ring (3 px outline, 2 px offset) is not under a sticky or fixed bar.
async function expectRingUncovered(page, label) {
  // What a person sees: once the (smooth) scroll that brings the focused element into view ends.
  await page.evaluate(async () => {
    const where = () => Math.round(document.activeElement?.getBoundingClientRect().top ?? 0);
    for (let last = null, i = 0; i < 40; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = where();
      if (now === last) return;
      last = now;
    }
  });
  const covered = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const ring = el.getBoundingClientRect();
    const [top, bottom] = [ring.top - 5, ring.bottom + 5];
    for (const bar of document.querySelectorAll("body *")) {
      if (bar.contains(el) || !["sticky", "fixed"].includes(getComputedStyle(bar).position)) continue;
      const box = bar.getBoundingClientRect();
      if (!box.height || box.bottom <= 0 || box.top >= innerHeight) continue;
      if (box.left < ring.right && box.right > ring.left && box.top < bottom && box.bottom > top) {
        return `${el.tagName.toLowerCase()}#${el.id} [${Math.round(top)}–${Math.round(bottom)}] under ${bar.tagName.toLowerCase()}.${bar.className} [${Math.round(box.top)}–${Math.round(box.bottom)}]`;
      }
    }
    return null;
  });
  check(!covered, `${label}: the focus ring is covered: ${covered}`);
}

async function expectFocusOn(page, locator, label) {
  await page.waitForFunction((el) => el === document.activeElement, await locator.elementHandle(), { timeout: 3000 })
    .catch(async () => { throw new Error(`${label}: focus is on ${await focused(page)}`); });
}

// The site's focus style (3 px solid orange, as on links and buttons) on the focused element.
async function expectSiteFocusStyle(page, label) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  const style = await page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement);
    return `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
  });
  check(style === "solid 3px rgb(211, 84, 0)", `${label}: focus style is "${style}", not the site's`);
}

const phases = {
  // prefers-reduced-motion: nothing glides. The admin's scrolling area jumps to a focused field
  // (Wagtail glides it); the site's pages run no animations.
  async reduced_motion(browser) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 420 }, reducedMotion: "reduce" });
    const page = watchCsp(await context.newPage());
    await signIn(page, "pdlead", { admin: true });
    await page.goto(`${BASE}/admin/video_library/new/`);
    await page.locator("[data-pdsite-upload]").waitFor();
    const behaviour = await page.locator("main.content-wrapper").evaluate((el) => getComputedStyle(el).scrollBehavior);
    check(behaviour === "auto", `the admin's scrolling area has scroll-behavior ${behaviour} under reduced motion`);
    await page.locator("#id_title").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const where = () => page.locator("main.content-wrapper").evaluate((el) => new Promise((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(el.scrollTop)))));
    const first = await where();
    await page.waitForTimeout(400);
    check(first === (await where()), "the admin glided to the focused field under reduced motion");
    await expectRingUncovered(page, "a field, reduced motion");

    await page.goto(`${BASE}${process.env.LIBRARY_PATH}`);
    const moving = await page.evaluate(() => [
      getComputedStyle(document.documentElement).scrollBehavior,
      document.getAnimations().filter((a) => a.playState === "running").length,
    ]);
    check(moving[0] === "auto" && moving[1] === 0, `the site moves under reduced motion: ${moving}`);
  },

  // 4. The player by keyboard at 320 px: "Resume at" with K keeps focus and resumes; one set of
  // controls; the seek bar's arrows move 5 s and its handle follows playback while focused; the
  // name's duration is the clock's; captions drawn large enough, with a size control.
  async player(browser) {
    const page = watchCsp(await (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage());
    await signIn(page, "teacher");
    await page.goto(`${BASE}${process.env.CLIP_PATH}`);
    const video = page.locator("[data-player] video");
    await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
    const time = () => video.evaluate((v) => v.currentTime);
    const resumeAt = Number(process.env.RESUME_AT);

    step("one set of controls: the native ones hidden, no extra Tab stops");
    check(!(await video.evaluate((v) => v.controls || v.hasAttribute("controls"))), "the native controls are shown");
    check((await video.evaluate((v) => v.tabIndex)) < 0 || !(await video.evaluate((v) => v.controls)), "the video is an extra Tab stop");

    step("K on Resume at: resumes there, focus stays in the player");
    const resume = page.getByRole("button", { name: /^Resume at/ });
    await tabTo(page, resume);
    await page.keyboard.press("k");
    await page.waitForFunction((t) => document.querySelector("[data-player] video").currentTime >= t - 1, resumeAt, { timeout: 10_000 })
      .catch(async () => { throw new Error(`K on Resume started at ${await time()}, not ${resumeAt}`); });
    const play = page.locator('[data-player] [data-action="play"]');
    await expectFocusOn(page, play, "after K on Resume at");
    await expectSiteFocusStyle(page, "play button");

    step("the seek bar follows playback while focused; arrows move 5 s");
    const seek = page.getByRole("slider", { name: "Seek" });
    await tabTo(page, seek);
    const before = Number(await seek.inputValue());
    await page.waitForTimeout(1500);
    check(Number(await seek.inputValue()) > before + 0.5, "the focused seek bar's handle does not follow playback");
    await page.keyboard.press("k");
    await page.waitForFunction(() => document.querySelector("[data-player] video").paused);
    const at = await time();
    await page.keyboard.press("ArrowLeft");
    await page.waitForTimeout(300);
    check(Math.abs((await time()) - (at - 5)) < 0.6, `ArrowLeft on the seek bar moved from ${at} to ${await time()}, not 5 s`);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    check(Math.abs((await time()) - (at + 5)) < 0.6, `two ArrowRight on the seek bar went to ${await time()}, not ${at + 5}`);
    check(Math.abs(Number(await seek.inputValue()) - (await time())) < 0.6, "the handle is not where the video is");

    step("the name's duration is the clock's");
    const named = (await page.locator("[data-player] figcaption time").textContent()).trim();
    const shown = (await page.locator("[data-time]").textContent()).split("/")[1].trim();
    check(named === shown, `the player's name says ${named}, its clock ${shown}`);

    step("captions drawn by the site, large enough at 320 px, with a size control");
    await page.keyboard.press("k");
    const box = page.locator("[data-captions]");
    await box.waitFor({ timeout: 15_000 });
    const px = async () => Number((await box.evaluate((el) => getComputedStyle(el).fontSize)).replace("px", ""));
    check((await px()) >= 16, `captions are ${await px()} px at 320 px`);
    await tabTo(page, page.getByLabel("Caption size"));
    await page.keyboard.press("ArrowDown");
    check((await px()) >= 24, `Large captions are ${await px()} px`);
    await tabTo(page, page.getByRole("button", { name: "Captions" }));
    await page.keyboard.press("Enter");
    await box.waitFor({ state: "hidden" });
    await expectNoSidewaysScroll(page, "clip page with the player");
    await expectAccessible(page, "clip page, player by keyboard at 320 px");
  },

  // 5. A Departments link in the menu for a head of department (none for a teacher), and
  // 6. the site's focus style on select, textarea and the roster's scrolling region.
  async nav_focus(browser) {
    const dept = process.env.DEPARTMENT_SLUG;
    const teacher = watchCsp(await (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage());
    await signIn(teacher, "teacher");
    check(!(await teacher.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Departments" }).count()),
      "a teacher who manages nothing should not see Departments");
    const page = watchCsp(await (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage());
    await signIn(page, "hod");
    const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Departments" });
    await tabTo(page, link);
    await Promise.all([page.waitForURL(`${BASE}/departments/`), page.keyboard.press("Enter")]);
    await expectAccessible(page, "departments index at 320 px");

    await page.goto(`${BASE}/departments/${dept}/workshops/new/`);
    await tabTo(page, page.getByLabel("Kind of session"));
    await expectSiteFocusStyle(page, "select");
    await tabTo(page, page.getByLabel("Pre-task"));
    await expectSiteFocusStyle(page, "textarea");
    await page.goto(`${BASE}${process.env.WORKSHOP_PATH}`);
    await tabTo(page, page.locator(".table-scroll[role=region]").first());
    await expectSiteFocusStyle(page, "roster region");
    await expectAccessible(page, "workshop roster at 320 px");
  },

  // 3. Add video by keyboard: focus after Create, Pause, Resume and Cancel; Create usable again
  // at once after a refusal; the sticky action bar never hides the focus ring.
  async add_video(browser) {
    const page = watchCsp(await (await browser.newContext({ viewport: { width: 1024, height: 420 } })).newPage());
    page.on("dialog", (dialog) => dialog.accept());
    await page.route((url) => url.pathname.endsWith("/chunk/"), async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue().catch(() => {});
    });
    await signIn(page, "pdlead", { admin: true });
    await page.goto(`${BASE}/admin/video_library/new/`);
    await page.locator("[data-pdsite-upload]").waitFor();
    const create = page.getByRole("button", { name: "Create", exact: true });

    step("Tab through the form: no ring under the sticky bar");
    await page.locator("#id_title").focus();
    for (let i = 0; i < 12; i += 1) {
      await expectRingUncovered(page, `Tab stop ${i}`);
      if (await create.evaluate((el) => el === document.activeElement)) break;
      await page.keyboard.press("Tab");
    }

    step("Create with a blank title: refused on the title, Create usable at once");
    await page.setInputFiles("#id_source", process.env.FILE_PATH);
    await page.fill("#id_title", "   ");
    await create.focus();
    await page.keyboard.press("Enter");
    await expectFocusOn(page, page.locator("#id_title"), "after the refusal");
    await page.waitForTimeout(500);
    const stuck = await create.evaluate((b) => b.disabled || b.classList.contains("button-longrunning-active"));
    check(!stuck, "Create stays disabled after the refusal");

    step("Create: the upload starts, focus on Pause");
    await page.keyboard.type("Department workshop");
    await create.focus();
    await page.keyboard.press("Enter");
    const pause = page.getByRole("button", { name: "Pause upload" });
    await expectFocusOn(page, pause, "after Create");
    await expectRingUncovered(page, "Pause upload");
    await page.keyboard.press("Enter");
    const resume = page.getByRole("button", { name: "Resume upload" });
    await expectFocusOn(page, resume, "after Pause");
    await page.keyboard.press("Enter");
    await expectFocusOn(page, pause, "after Resume");
    await expectAccessible(page, "add video, uploading");

    step("Cancel: focus back on Create");
    await tabTo(page, page.getByRole("button", { name: "Cancel upload" }));
    await expectRingUncovered(page, "Cancel upload");
    await page.keyboard.press("Enter");
    await page.locator("[data-upload-status]").filter({ hasText: "cancelled" }).waitFor();
    await expectFocusOn(page, create, "after Cancel");
    check(!(await create.evaluate((b) => b.disabled)), "Create is disabled after Cancel");
    await expectRingUncovered(page, "Create");
    await expectAccessible(page, "add video, cancelled");
  },

  // 2. Workshop and assignment forms: errors tied to fields, a summary that takes focus.
  async form_errors(browser) {
    const page = watchCsp(await (await browser.newContext()).newPage());
    const dept = process.env.DEPARTMENT_SLUG;
    await signIn(page, "hod");
    await page.goto(`${BASE}/departments/${dept}/workshops/new/`);
    await tabTo(page, page.getByRole("button", { name: "Create workshop" }));
    await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), page.keyboard.press("Enter")]);
    await expectErrorSummary(page, "new workshop", "id_title");
    await page.goto(`${BASE}/departments/${dept}/assignments/`);
    await tabTo(page, page.getByRole("button", { name: "Assign" }));
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    await expectErrorSummary(page, "new assignment", "id_clip");
  },

  // 1. The clip library and a clip page fit 320 CSS px.
  async reflow(browser) {
    const page = watchCsp(await (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage());
    await signIn(page, "teacher");
    await page.goto(`${BASE}${process.env.LIBRARY_PATH}`);
    await expectNoSidewaysScroll(page, "clip library");
    await expectAccessible(page, "clip library at 320 px");
    await page.goto(`${BASE}${process.env.CLIP_PATH}`);
    await expectNoSidewaysScroll(page, "clip page");
    await expectAccessible(page, "clip page at 320 px");

    // 200 % zoom of a 1280 × 800 window: 640 × 400 CSS px, two device pixels to each.
    const zoomed = watchCsp(await (await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 })).newPage());
    await signIn(zoomed, "teacher");
    for (const [label, path] of [["clip library", process.env.LIBRARY_PATH], ["clip page", process.env.CLIP_PATH],
      ["search", "/search/?q=ratio"], ["My learning", "/my-learning/"]]) {
      await zoomed.goto(`${BASE}${path}`);
      await expectNoSidewaysScroll(zoomed, `${label} at 200 % zoom`);
      await expectAccessible(zoomed, `${label} at 200 % zoom`);
    }
  },
};

const browser = await launch();
try {
  step(`phase ${PHASE}`);
  await phases[PHASE](browser);
  expectNoCspViolations();
  console.log(`a11y-${PHASE}: ok`);
} finally {
  await browser.close();
}
