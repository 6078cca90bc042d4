// The PD lead's keyboard-only journey at 320 CSS px (issue #18), PHASE=lead of keyboard.mjs:
// sign in to the Wagtail admin, Videos, Add video (the resumable upload; the file chooser is
// opened by Space on the file field, Playwright's "filechooser" event standing in for the
// system dialog), wait until the live worker has made it Ready, Transcripts, its editor: add a
// cue and delete it (focus goes back to "Add a cue at the end"), add two cues and Save; Pages,
// Clip library, add a PD video page, choose the video in Wagtail's chooser and "Submit for
// moderation". Focus ring checked at every Tab stop; axe and no sideways scrolling on every page.
// Driven by tests/browser/test_keyboard.py.
import { step } from "./support.mjs";
import { check, describe, expectVisibleFocus, fits, press, tabTo } from "./keyboard_support.mjs";

const BASE = process.env.BASE_URL;
const TITLE = process.env.VIDEO_TITLE;
const PAGE_TITLE = process.env.PAGE_TITLE;

const focused = (locator) => locator.evaluate((el) => el === document.activeElement);

async function signInToAdmin(page) {
  await page.goto(`${BASE}/admin/login/`);
  await fits(page, "admin sign-in");
  await tabTo(page, page.locator("#id_username"));
  await page.keyboard.type(process.env.USERNAME);
  await page.keyboard.press("Tab");
  await page.keyboard.type(process.env.PASSWORD);
  await press(page, "Enter", { navigates: true });
  check(new URL(page.url()).pathname === "/admin/", `signed in to ${page.url()}`);
}

// Opens the admin's sidebar (at 320 px it is behind "Toggle sidebar") and Tabs to `name` in it.
async function sidebarItem(page, name, role = "link") {
  const toggle = page.locator("button.sidebar-nav-toggle");
  if ((await toggle.isVisible()) && (await toggle.getAttribute("aria-expanded")) !== "true") {
    await tabTo(page, toggle);
    await press(page, "Enter");
    await page.waitForFunction(() => document.querySelector("button.sidebar-nav-toggle")?.getAttribute("aria-expanded") === "true");
  }
  const item = page.locator(".sidebar-main-menu").getByRole(role, { name, exact: true });
  await tabTo(page, item);
  return item;
}

async function waitUntilReady(page) {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const row = page.locator("tr", { hasText: TITLE });
    const text = (await row.textContent()) || "";
    if (text.includes("Ready")) return;
    check(!text.includes("Failed"), `transcode failed: ${text.trim()}`);
    check(Date.now() < deadline, `"${TITLE}" was not Ready within 240 s: ${text.trim()}`);
    await page.waitForTimeout(2000);
    await page.reload(); // what a person waiting does (F5)
  }
}

export async function lead(page, shoot) {
  const CUES = JSON.parse(process.env.CUES_JSON); // [[start, end, text], ...] as typed
  // Listening from the start turns Chromium's file-dialog interception on before Space is pressed
  // on the file field (a listener added only then can lose the race and a real dialog would open).
  page.on("filechooser", () => {});
  page.setDefaultTimeout(20_000);
  step("PD lead signs in to the admin");
  await signInToAdmin(page);
  await fits(page, "admin dashboard");

  step("Videos, Add video");
  await sidebarItem(page, "Videos");
  await press(page, "Enter", { navigates: true });
  await fits(page, "video library");
  await tabTo(page, page.getByRole("link", { name: /Add video/ }).first());
  await press(page, "Enter", { navigates: true });
  await fits(page, "add video");

  step("title, the file (Space on the field opens the chooser), Create");
  await tabTo(page, page.locator("#id_title"));
  await page.keyboard.type(TITLE);
  step("title typed, to the file field");
  await tabTo(page, page.locator("#id_source"));
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), press(page, "Space")]);
  await chooser.setFiles(process.env.CLIP_PATH);
  check(await focused(page.locator("#id_source")), `focus left the file field after choosing: ${await describe(page)}`);
  await fits(page, "add video, file chosen");
  await tabTo(page, page.getByRole("button", { name: "Create", exact: true }));
  await shoot(page, "lead-add-video");
  await Promise.all([page.waitForURL(/\/admin\/video_library\/$/, { timeout: 120_000 }), press(page, "Enter")]);

  step("the live worker makes it Ready");
  await waitUntilReady(page);
  await fits(page, "video library, ready");
  await shoot(page, "lead-video-ready");

  step("Transcripts, its editor: two cues typed and saved");
  await sidebarItem(page, "Transcripts");
  await press(page, "Enter", { navigates: true });
  await fits(page, "transcripts");
  await tabTo(page, page.locator("main").getByRole("link", { name: TITLE, exact: true }));
  await press(page, "Enter", { navigates: true });
  await page.waitForFunction(() => document.querySelector("[data-player] video")?.readyState >= 1, null, { timeout: 30_000 });
  await fits(page, "transcript editor");
  const append = page.getByRole("button", { name: "Add a cue at the end" });
  // A cue added and deleted again: with none left, focus goes back to "Add a cue at the end".
  await tabTo(page, append);
  await press(page, "Enter");
  await tabTo(page, page.getByRole("button", { name: "Delete cue 1" }));
  await press(page, "Enter");
  check((await page.locator("[data-cue]").count()) === 0, "the cue was not deleted");
  check(await focused(append), `after deleting the only cue focus is on ${await describe(page)}`);
  await expectVisibleFocus(page, "after deleting the only cue");
  for (const [n, [start, end, text]] of CUES.entries()) {
    await tabTo(page, append);
    await press(page, "Enter");
    const textField = page.locator(`#cue-${n + 1}-text`);
    check(await focused(textField), `after "Add a cue at the end" focus is on ${await describe(page)}, not cue ${n + 1}'s text`);
    await expectVisibleFocus(page, `cue ${n + 1} text`);
    await page.keyboard.type(text);
    for (const [which, value] of [["start", start], ["end", end]]) {
      await tabTo(page, page.locator(`#cue-${n + 1}-${which}`), { back: true });
      await page.keyboard.press("Control+A");
      await page.keyboard.type(value);
    }
  }
  await fits(page, "transcript editor, cues typed");
  await tabTo(page, page.getByRole("button", { name: "Save transcript" }));
  await press(page, "Enter", { navigates: true });
  await page.locator(".messages .success").waitFor({ timeout: 10_000 });
  check((await page.locator("[data-cue]").count()) === CUES.length, "the saved transcript lacks cues");
  await fits(page, "transcript editor, saved");
  await shoot(page, "lead-transcript-saved");

  step("Pages, Clip library, add a PD video page");
  await sidebarItem(page, "Pages", "button");
  await press(page, "Enter");
  const explorer = page.locator(".c-page-explorer");
  await explorer.waitFor();
  await tabTo(page, explorer.getByRole("link", { name: "Clip library" }).first());
  await press(page, "Enter", { navigates: true });
  await fits(page, "clip library listing");
  await tabTo(page, page.getByRole("link", { name: /Add child page/ }).first());
  await press(page, "Enter", { navigates: true });
  if (!/\/add\/courses\/pdvideopage\//.test(page.url())) {
    await fits(page, "page type choice");
    await tabTo(page, page.getByRole("link", { name: /PD video page/i }).first());
    await press(page, "Enter", { navigates: true });
  }
  await fits(page, "new PD video page");

  step("title, the video by Wagtail's chooser");
  await tabTo(page, page.locator("#id_title"));
  await page.keyboard.type(PAGE_TITLE);
  const choose = page.getByRole("button", { name: "Choose a video" });
  await tabTo(page, choose);
  await press(page, "Enter");
  const modal = page.locator(".modal-dialog");
  await modal.getByRole("link", { name: TITLE }).first().waitFor();
  // Wagtail's modal focuses its dialog (role=dialog, tabindex=-1) once it has faded in; Tab then
  // walks the dialog's own controls.
  await page.waitForFunction(() => document.activeElement?.closest("[role=dialog]"), null, { timeout: 5_000 })
    .catch(async () => check(false, `focus did not move into the chooser: ${await describe(page)}`));
  await fits(page, "video chooser");
  await shoot(page, "lead-chooser");
  await tabTo(page, modal.getByRole("link", { name: TITLE }).first());
  await press(page, "Enter");
  await modal.waitFor({ state: "hidden" });
  await page.locator("[data-chooser-title]").filter({ hasText: TITLE }).first().waitFor();
  // Focus goes to the chooser's "Change" button once the modal has gone (home/admin-a11y.js).
  await page.waitForFunction(() => document.activeElement !== document.body && !document.querySelector(".modal"), null, { timeout: 3_000 })
    .catch(() => {});
  await expectVisibleFocus(page, "after choosing the video");
  const change = await page.evaluate(() => document.activeElement.closest("[id$=-chooser]")?.id);
  check(change === "id_video-chooser", `after choosing, focus is on ${await describe(page)}, not the video chooser's button`);
  await fits(page, "new PD video page, video chosen");

  step("Submit for moderation, from the action menu");
  const more = page.locator("footer [data-w-dropdown-target='toggle']").first();
  await tabTo(page, more, { limit: 400 });
  await press(page, "Enter");
  const submit = page.locator("footer button[name='action-submit']");
  await submit.waitFor();
  await tabTo(page, submit, { limit: 10 });
  await shoot(page, "lead-submit");
  await press(page, "Enter", { navigates: true });
  await page.locator(".messages .success").waitFor({ timeout: 10_000 });
  const message = await page.locator(".messages").innerText();
  check(/submitted for moderation/i.test(message), `no "submitted" message: ${message}`);
  const row = (await page.locator("main tr", { hasText: PAGE_TITLE }).first().innerText()).replace(/\s+/g, " ");
  check(/in moderation/i.test(row), `the page is not shown as in moderation: ${row}`);
  await fits(page, "PD video page, in moderation");
  await shoot(page, "lead-submitted");
}
