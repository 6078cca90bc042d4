// Defects from the keyboard-and-320-px audit (issue #18), each phase measuring one of them in
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

const phases = {
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
