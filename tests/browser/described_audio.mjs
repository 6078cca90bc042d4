// Described audio in Chromium: the PD lead uploads the track on the video's "Described audio"
// admin page; the teacher's player shows "Audio track" (Standard / Described); choosing
// Described switches hls.js's audio track (hls.audioTrack changes, the described playlist and
// its segments are fetched) and playback time goes on; the choice is remembered after a
// reload; the select fits a 320 px wide screen. Axe on every page, no CSP violation.
// Driven by tests/browser/test_described_audio.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const { BASE_URL, VIDEO_ID, AUDIO_FILE, CLIP_PATH } = process.env;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const hlsState = (page) =>
  page.evaluate(() => {
    const { hls, video } = document.querySelector("figure[data-player]").pdsitePlayer;
    return {
      audioTrack: hls.audioTrack,
      tracks: hls.audioTracks.map((t) => ({ name: t.name, characteristics: t.characteristics || "", url: t.url || "" })),
      time: video.currentTime,
    };
  });

const browser = await launch();
try {
  step("the PD lead uploads the described audio in the admin");
  const lead = watchCsp(await (await browser.newContext()).newPage());
  await signIn(lead, "described-lead", { admin: true });
  await lead.goto(`${BASE_URL}/admin/video_library/inspect/${VIDEO_ID}/`);
  await lead.getByRole("link", { name: "Manage described audio" }).click();
  await lead.getByRole("heading", { name: "Upload a described audio track" }).waitFor();
  await expectAccessible(lead, "described audio page (empty)");
  await lead.getByLabel("Described audio file").setInputFiles(AUDIO_FILE);
  await Promise.all([lead.waitForLoadState("load"), lead.getByRole("button", { name: "Upload described audio" }).click()]);
  await lead.getByText(/Described audio of “Bar models” saved/).waitFor();
  await lead.locator('[data-described-track="en"]', { hasText: "Ready" }).waitFor();
  await shoot(lead, "admin-uploaded");
  await expectAccessible(lead, "described audio page (ready)");

  step("the teacher's player offers the described track");
  const context = await browser.newContext();
  const page = watchCsp(await context.newPage());
  const requested = [];
  page.on("request", (request) => requested.push(request.url()));
  const describedPlaylists = [];
  page.on("response", async (response) => {
    if (response.url().includes("/hls/described-en/index.m3u8")) describedPlaylists.push(await response.text());
  });
  await signIn(page, "described-teacher");
  await page.goto(`${BASE_URL}${CLIP_PATH}`);
  const select = page.getByLabel("Audio track");
  await select.waitFor({ timeout: 30_000 });
  const options = await select.locator("option").allTextContents();
  check(JSON.stringify(options) === JSON.stringify(["Standard", "Described"]), `options: ${options}`);
  const before = await hlsState(page);
  console.log(`audio tracks: ${JSON.stringify(before.tracks)}; current ${before.audioTrack}`);
  const describedIndex = before.tracks.findIndex((t) => t.characteristics.includes("public.accessibility.describes-video"));
  check(describedIndex >= 0 && before.audioTrack !== describedIndex, "the described track should be offered, not chosen");
  check(!requested.some((url) => url.includes("/hls/described-en/")), "the described audio is fetched before it is chosen");
  await expectAccessible(page, "clip page with the audio track select");

  step("play, then choose Described: hls.js switches and playback goes on");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => document.querySelector("[data-player] video").currentTime > 1, null, { timeout: 30_000 });
  await select.focus();
  check(await select.evaluate((el) => el === document.activeElement), "the select takes keyboard focus");
  await select.selectOption({ label: "Described" });
  await page.waitForFunction(
    (index) => document.querySelector("figure[data-player]").pdsitePlayer.hls.audioTrack === index,
    describedIndex,
    { timeout: 15_000 },
  );
  await page.getByText("Audio track: described").waitFor();
  const deadline = Date.now() + 20_000;
  let segmentFetched = false;
  while (!segmentFetched && Date.now() < deadline) {
    const uris = describedPlaylists.flatMap((text) => text.split("\n").filter((line) => line && !line.startsWith("#")));
    segmentFetched = uris.length > 0 && requested.some((url) => uris.some((uri) => url === new URL(uri, `${BASE_URL}/videos/${VIDEO_ID}/hls/described-en/`).href));
    if (!segmentFetched) await page.waitForTimeout(250);
  }
  check(describedPlaylists.length > 0, "the described playlist was not fetched");
  check(segmentFetched, "no segment of the described playlist was fetched");
  const switched = await hlsState(page);
  await page.waitForFunction((t) => document.querySelector("[data-player] video").currentTime > t + 1.5, switched.time, { timeout: 30_000 });
  const after = await hlsState(page);
  console.log(`switched to track ${after.audioTrack} at ${switched.time.toFixed(2)} s; now ${after.time.toFixed(2)} s`);
  check(await page.evaluate(() => localStorage.getItem("pdsite.audioTrack")) === "described", "the choice is remembered");
  await shoot(page, "described-playing");
  await expectAccessible(page, "clip page playing the described track");

  step("a reload keeps the described track; the select fits 320 px");
  await page.setViewportSize({ width: 320, height: 720 });
  await page.reload();
  await select.waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    (index) => document.querySelector("figure[data-player]")?.pdsitePlayer?.hls.audioTrack === index,
    describedIndex,
    { timeout: 15_000 },
  );
  check((await select.inputValue()) === String(describedIndex), "the select shows Described after a reload");
  const box = await select.boundingBox();
  check(box && box.x >= 0 && box.x + box.width <= 320, `the select does not fit 320 px: ${JSON.stringify(box)}`);
  await shoot(page, "narrow");
  await expectAccessible(page, "clip page at 320 px");

  step("back to Standard");
  await select.selectOption({ label: "Standard" });
  await page.getByText("Audio track: standard").waitFor();
  check(await page.evaluate(() => localStorage.getItem("pdsite.audioTrack")) === "standard", "Standard is remembered");
  expectNoCspViolations();
  console.log("described_audio: ok");
} finally {
  await browser.close();
}
