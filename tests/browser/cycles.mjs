// Cycles journey, for real, in Chromium. PHASE=teacher: a teacher starts a lesson study cycle
// from the template with a colleague, gives the co-planning step to the colleague with a date
// and a plan, and marks the first step done. PHASE=hod: the head of department's dashboard
// lists the open cycle with its next step, owner and due date. axe on every page; no CSP
// violations. Driven by test_cycles.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const TITLE = env("CYCLE_TITLE");
const shoot = screenshots(env("SCREENSHOT_DIR"));

async function expectText(locator, text, label) {
  const found = (await locator.textContent()).replace(/\s+/g, " ").trim();
  if (!found.includes(text)) throw new Error(`${label}: expected “${text}” in “${found}”`);
}

async function teacher(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  step("the teacher finds the department's cycles");
  await signIn(page, env("TEACHER_USERNAME"));
  await page.goto(`${BASE}/cycles/`);
  await expectAccessible(page, "your cycles (none yet)");
  await page.getByRole("link", { name: `Cycles in ${env("DEPARTMENT_NAME")}` }).click();
  await expectAccessible(page, "department cycles");
  await shoot(page, "department-cycles");

  step("the teacher starts a lesson study with a colleague");
  await page.getByRole("link", { name: "Start a lesson study cycle" }).click();
  await page.getByLabel("Title").fill(TITLE);
  await page.getByLabel("Research focus").fill("Do ratio tables help pupils share from the whole?");
  await page.getByLabel(env("COLLEAGUE_NAME"), { exact: true }).check();
  await expectAccessible(page, "start cycle form");
  await shoot(page, "start-form");
  await Promise.all([page.waitForURL(/\/cycles\/\d+\/$/), page.getByRole("button", { name: "Start cycle" }).click()]);
  await page.getByText("7 steps").waitFor();
  await expectAccessible(page, "cycle page");
  await shoot(page, "cycle");
  const cycleUrl = page.url();

  step("the teacher gives the co-planning step to the colleague, with a date and the plan");
  await page.getByRole("link", { name: "Edit step: Co-plan the research lesson" }).click();
  await page.getByLabel("Owner").selectOption({ label: env("COLLEAGUE_NAME") });
  await page.getByLabel("Due on").fill(env("DUE_ON"));
  await page.getByLabel("Lesson plan").fill("Share 35 sweets in the ratio 2:5 with a ratio table first.");
  await page.getByLabel("Small step").fill("Share in a ratio given the whole");
  await expectAccessible(page, "step form");
  await shoot(page, "step-form");
  await Promise.all([page.waitForURL((url) => url.href.startsWith(cycleUrl)), page.getByRole("button", { name: "Save step" }).click()]);
  const coPlan = page.locator("#step-2");
  await expectText(coPlan, env("COLLEAGUE_NAME"), "co-planning owner");
  await expectText(coPlan, env("DUE_TEXT"), "co-planning due date");

  step("the teacher marks the first step done");
  await Promise.all([
    page.waitForLoadState("load"),
    page.getByRole("button", { name: "Mark done: Agree the research focus" }).click(),
  ]);
  await page.getByRole("button", { name: "Mark not done: Agree the research focus" }).waitFor();
  await expectText(page.locator("#step-1"), "Yes,", "first step done");
  await expectText(page.locator("dt:has-text('Next step') + dd"), "Co-plan the research lesson", "next step");
  await expectAccessible(page, "cycle page after marking a step done");
  await shoot(page, "cycle-step-done");

  await page.goto(`${BASE}/cycles/`);
  await page.getByRole("link", { name: TITLE }).waitFor();
  await expectAccessible(page, "your cycles");
}

async function hod(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  step("the head of department's dashboard lists the open cycle");
  await signIn(page, env("HOD_USERNAME"));
  await page.goto(`${BASE}/departments/${env("DEPARTMENT_SLUG")}/`);
  const open = page.locator("section", { has: page.getByRole("heading", { name: "Open cycles" }) });
  const item = open.locator("li", { hasText: TITLE });
  await expectText(item, `Next: Co-plan the research lesson · ${env("COLLEAGUE_NAME")} · due ${env("DUE_TEXT")}`, "dashboard");
  await expectText(item, "1 of 7 steps done", "dashboard progress");
  await expectAccessible(page, "department dashboard with open cycles");
  await shoot(page, "dashboard");
  await item.getByRole("link", { name: TITLE }).click();
  await expectAccessible(page, "cycle page as the head of department");
}

const browser = await launch();
try {
  const phase = env("PHASE");
  if (phase === "teacher") await teacher(browser);
  else await hod(browser);
  expectNoCspViolations();
  console.log(`cycles-${phase}: ok`);
} finally {
  await browser.close();
}
