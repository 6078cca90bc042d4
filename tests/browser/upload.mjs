// A PD lead uploads a large video on the admin "Add video" page, and the upload survives
// a pause, a page reload and a dropped connection, each time continuing where it stopped
// (no part that had arrived is sent again), after a file that is not a video was refused on
// the field itself. axe checks the page before, after the refusal and mid-upload.
// Driven by tests/browser/test_upload.py, which passes everything in through the environment.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, screenshots, expectAccessible, signIn, step } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const CLIP = env("CLIP_PATH");
const TITLE = env("VIDEO_TITLE");
const BACKEND = env("UPLOAD_BACKEND"); // "s3" or "local"
const shoot = screenshots(env("SCREENSHOT_DIR"));

// Which piece of the file a request carries: S3 part number, or the chunk's first byte.
function pieceOf(request) {
  if (request.method() !== "PUT") return null;
  const url = new URL(request.url());
  if (BACKEND === "s3") return url.searchParams.get("partNumber");
  if (url.pathname.endsWith("/chunk/")) return (request.headers()["content-range"] || "").split(/[ -]/)[1];
  return null;
}

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Reloading mid-upload: say yes to "leave this page?".
  page.on("dialog", (dialog) => dialog.accept());
  const finished = new Map(); // piece -> how many times it arrived
  let finishedTotal = 0;
  page.on("requestfinished", async (request) => {
    const piece = pieceOf(request);
    if (piece === null) return;
    const response = await request.response();
    if (response && response.ok()) {
      finished.set(piece, (finished.get(piece) || 0) + 1);
      finishedTotal += 1;
    }
  });
  // Slow every piece down a little, so there is time to interrupt between them.
  await page.route(
    (url) => BACKEND === "s3" ? url.searchParams.has("partNumber") : url.pathname.endsWith("/chunk/"),
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      try {
        await route.continue();
      } catch {
        // The page went away or offline meanwhile; the browser sees the request fail.
      }
    },
  );
  const waitForPieces = async (n, what) => {
    const deadline = Date.now() + 60_000;
    while (finishedTotal < n) {
      if (Date.now() > deadline) throw new Error(`only ${finishedTotal} pieces arrived waiting for ${what}`);
      await page.waitForTimeout(50);
    }
  };
  const status = page.locator("[data-upload-status]");
  const progress = page.getByRole("progressbar", { name: "Video file uploaded" });

  step("PD lead signs in and opens Add video");
  await signIn(page, env("USERNAME"), { admin: true });
  await page.goto(`${BASE}/admin/video_library/new/`);
  await expectAccessible(page, "admin: upload video");

  step("a text file named .mp4 is refused on the field itself, the bar turns red, Create stops spinning");
  const fake = path.join(mkdtempSync(path.join(tmpdir(), "pdsite-upload-")), "notes.mp4");
  writeFileSync(fake, "These are my lesson notes, not a video.\n".repeat(200));
  await page.fill("#id_title", TITLE);
  await page.setInputFiles("#id_source", fake);
  const create = page.getByRole("button", { name: "Create", exact: true });
  await create.click();
  const sourceField = page.locator("[data-field]").filter({ has: page.locator("#id_source") });
  await sourceField.locator(".error-message").waitFor({ timeout: 30_000 });
  if (!(await sourceField.evaluate((field) => field.classList.contains("w-field--error")))) {
    throw new Error("the refusal is not shown as the file field's error");
  }
  if (!(await page.locator(".pdsite-upload--failed").count())) throw new Error("the progress bar did not turn red");
  await page.waitForFunction(
    () => [...document.querySelectorAll("button[type=submit]")].every(
      (b) => !b.disabled && !b.classList.contains("button-longrunning-active")),
    null,
    { timeout: 10_000 },
  );
  await shoot(page, "upload-refused");
  await expectAccessible(page, "admin: upload video, file refused");
  finished.clear();
  finishedTotal = 0;

  step("the upload starts and is paused, then resumed");
  await page.fill("#id_title", TITLE);
  await page.setInputFiles("#id_source", CLIP);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await waitForPieces(1, "the first piece");
  await page.getByRole("button", { name: "Pause upload" }).click();
  await status.filter({ hasText: "Paused" }).waitFor();
  const pausedAt = Number(await progress.getAttribute("value"));
  if (!(pausedAt > 0 && pausedAt < 100)) throw new Error(`paused at ${pausedAt}%`);
  await shoot(page, "upload-paused");
  await expectAccessible(page, "admin: upload video, paused");
  await page.getByRole("button", { name: "Resume upload" }).click();
  await status.filter({ hasText: "Continuing the upload from" }).waitFor();

  step("the page is reloaded mid-upload; choosing the same file continues it");
  const beforeReload = finishedTotal;
  await waitForPieces(beforeReload + 1, "a piece after resuming");
  await page.reload();
  await page.getByText("Unfinished upload: ").waitFor();
  await page.fill("#id_title", TITLE);
  await page.setInputFiles("#id_source", CLIP);
  await status.filter({ hasText: "partly uploaded before" }).waitFor();
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await status.filter({ hasText: "Continuing the upload from" }).waitFor();
  await shoot(page, "upload-resumed-after-reload");

  step("the connection drops mid-upload and comes back");
  // Offline while a piece is on its way (the route holds each one for a second).
  await page.waitForRequest((request) => pieceOf(request) !== null);
  await context.setOffline(true);
  await status.filter({ hasText: "Connection lost" }).waitFor({ timeout: 30_000 });
  await shoot(page, "upload-offline");
  await context.setOffline(false);

  step("the upload completes and opens the video library");
  await page.waitForURL(/\/admin\/video_library\/$/, { timeout: 240_000 });
  await page.getByText(TITLE).first().waitFor();
  await shoot(page, "upload-done");

  const resent = [...finished.entries()].filter(([, count]) => count > 1);
  if (resent.length) throw new Error(`pieces sent twice after arriving: ${JSON.stringify(resent)}`);
  console.log(`pieces: ${JSON.stringify(Object.fromEntries(finished))}`);
  console.log("upload: ok");
} finally {
  await browser.close();
}
