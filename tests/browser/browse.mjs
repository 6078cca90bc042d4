// A teacher browses the seeded demo: curriculum → unit → clip → Big Idea → module → clip
// library filters → an Essence principle, with axe on every page.
// Driven by tests/browser/test_browse.py.
import { launch, screenshots, expectAccessible, signIn, step } from "./support.mjs";

const BASE = process.env.BASE_URL;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

async function visit(page, label, action) {
  await action();
  await page.waitForLoadState("load");
  await expectAccessible(page, label);
  await shoot(page, label.replace(/\W+/g, "-"));
}

const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();

  step("teacher signs in");
  await signIn(page, process.env.USERNAME);

  step("home → curriculum");
  await visit(page, "home", () => page.goto(`${BASE}/`));
  await visit(page, "curriculum", () => page.getByRole("link", { name: "Curriculum", exact: true }).first().click());
  if (!(await page.getByRole("heading", { name: /Year 7/ }).count())) throw new Error("Year 7 is not listed");

  step("curriculum → unit (small steps, diagnostic, clips)");
  await visit(page, "unit", () => page.locator("main .unit-list a").first().click());
  await page.locator("details summary").first().click();
  await expectAccessible(page, "unit with an answer open");
  const clipCount = await page.locator("main .clip-list li").count();
  if (clipCount < 1) throw new Error("the unit page lists no clips");
  if (!(await page.locator("main .clip-list .watched").first().textContent()).includes("Not started")) {
    throw new Error("a signed-in teacher should see how much of each clip they have watched");
  }

  step("unit → clip → its Big Idea");
  await visit(page, "clip", () => page.locator("main .clip-list a").first().click());
  await page.waitForFunction(() => document.querySelector("video")?.readyState >= 1, null, { timeout: 30_000 });
  await visit(page, "big-idea", () => page.locator("main .links a[href*='big-ideas']").first().click());
  if ((await page.locator("main .clip-list li").count()) < 1) throw new Error("the Big Idea page lists no clips");

  step("home → PD modules → a module → one of its clips");
  await page.goto(`${BASE}/`);
  await visit(page, "modules", () => page.getByRole("link", { name: "PD modules", exact: true }).first().click());
  await visit(page, "module", () => page.locator("main .cards a").first().click());
  if ((await page.locator("main .reflection").count()) < 1) throw new Error("the module shows no reflection prompt");
  await visit(page, "module-clip", () => page.locator("main .module-clip a").first().click());

  step("clip library: filter by year and length");
  await page.goto(`${BASE}/`);
  await visit(page, "clip-library", () => page.getByRole("link", { name: "Clip library", exact: true }).first().click());
  await page.selectOption("#f-year", "7");
  await page.selectOption("#f-duration", "short");
  await visit(page, "clip-library-filtered", () => page.getByRole("button", { name: "Show clips" }).click());
  if (!page.url().includes("year=7")) throw new Error(`the filter did not apply: ${page.url()}`);
  if ((await page.locator("main .clip-list li").count()) < 1) throw new Error("no Year 7 clips under 5 minutes");

  step("Essence of mastery → a principle");
  await page.goto(`${BASE}/`);
  await visit(page, "essence", () => page.getByRole("link", { name: "Essence of mastery", exact: true }).first().click());
  await visit(page, "principle", () => page.locator("main .cards a").first().click());
  console.log("browse: ok");
} finally {
  await browser.close();
}
