// Work Groups journey, for real, in Chromium (issue #15). A subject leader books a pair (one focus
// each, dietary needs), records the headteacher's endorsement and downloads the .ics; the
// facilitator reads the roster by focus with dietary needs, records attendance at workshop 1
// and sets a gap task, then moves workshop 3 (everyone booked is emailed); a participant sees the workshops, submits a shared lesson clip and
// rates herself at the start and the end; the facilitator's report shows the change per
// heading; a teacher of another school sees nothing of the group; the subject leader cancels the
// booking and the participant loses the space. axe on every page; no CSP
// violations. Driven by test_workgroups.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const GROUP = env("GROUP_TITLE");
const shoot = screenshots(env("SCREENSHOT_DIR"));

async function expectText(locator, text, label) {
  const found = (await locator.textContent()).replace(/\s+/g, " ").trim();
  if (!found.includes(text)) throw new Error(`${label}: expected “${text}” in “${found}”`);
}

async function as(browser, username) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  await signIn(page, username);
  return page;
}

async function submitAndLoad(page, name) {
  await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), page.getByRole("button", { name }).click()]);
}

async function subjectLeader(browser) {
  step("the subject leader finds the Work Group and books a pair");
  const page = await as(browser, env("HOD_USERNAME"));
  await page.goto(`${BASE}/workgroups/`);
  await expectAccessible(page, "Work Groups");
  await page.getByRole("link", { name: GROUP }).first().click();
  await expectAccessible(page, "the Work Group's page (advert)");
  await shoot(page, "group-advert");
  await page.getByRole("link", { name: "Book places" }).click();
  await page.getByRole("combobox", { name: "Participant 1 (required)" }).selectOption({ label: env("ANN_NAME") });
  await page.getByLabel("Participant 1's focus").selectOption({ label: "Focus A: Developing mathematical thinking" });
  await page.getByLabel("Participant 1's dietary needs").fill("Vegetarian");
  await page.getByRole("combobox", { name: "Participant 2", exact: true }).selectOption({ label: env("BEN_NAME") });
  await page.getByLabel("Participant 2's focus").selectOption({ label: "Focus B: Developing curriculum coherence" });
  await page.getByLabel("Participant 2's access needs").fill("Step-free access");
  await page.getByRole("group", { name: "Lead participant" }).getByLabel("Participant 1").check();
  await expectAccessible(page, "booking form");
  await shoot(page, "book");
  await submitAndLoad(page, "Hold the places");
  await expectText(page.locator("#booking-status"), "Waiting for the headteacher's endorsement", "status before");
  await expectAccessible(page, "booking awaiting endorsement");

  step("the subject leader records the headteacher's endorsement");
  await page.getByLabel("Name of the person endorsing").fill("Mrs J Patel");
  await page.getByLabel("Headteacher").check();
  await page.getByLabel("They support these participants").check();
  await submitAndLoad(page, "Record endorsement and confirm");
  await expectText(page.locator("#booking-status"), "Confirmed", "status after");
  await expectAccessible(page, "confirmed booking");
  await shoot(page, "confirmed");
  const href = await page.getByRole("link", { name: "Download the calendar file (.ics)" }).getAttribute("href");
  const ics = await (await page.request.get(`${BASE}${href}`)).text();
  const events = ics.split("BEGIN:VEVENT").length - 1;
  if (!ics.startsWith("BEGIN:VCALENDAR") || events !== 3) throw new Error(`calendar file: ${events} events`);
}

async function facilitatorRuns(browser) {
  step("the facilitator reads the roster by focus, with dietary needs");
  const page = await as(browser, env("FAC_USERNAME"));
  await page.goto(`${BASE}/workgroups/${env("GROUP_ID")}/`);
  await expectAccessible(page, "the group's page as its facilitator");
  await page.getByRole("link", { name: "Roster by focus" }).click();
  const focusA = page.locator("table", { has: page.locator("caption", { hasText: "Focus A" }) });
  await expectText(focusA, env("ANN_NAME"), "Focus A roster");
  await expectText(focusA, "Vegetarian", "dietary needs");
  await expectAccessible(page, "roster");
  await shoot(page, "roster");

  step("the facilitator records attendance at workshop 1");
  await page.getByRole("link", { name: "Attendance and date of workshop 1" }).click();
  await page.getByLabel(`${env("ANN_NAME")} (`).check();
  await page.getByLabel(`${env("BEN_NAME")} (`).check();
  await expectAccessible(page, "attendance form");
  await submitAndLoad(page, "Save attendance");
  await page.getByText("Attendance at workshop 1 saved: 2 present.").waitFor();

  step("the facilitator sets a gap task");
  await page.getByRole("link", { name: "Set a gap task" }).click();
  await page.getByLabel("Title").fill("Bring a clip of pupils reasoning");
  await page.getByLabel("Instructions").fill("Teach a Focus A task and share a short clip with the group.");
  await page.getByLabel("Due before").selectOption({ index: 2 });
  await expectAccessible(page, "gap task form");
  await submitAndLoad(page, "Set the gap task");
  await expectAccessible(page, "gap task page as the facilitator");

  step("the facilitator moves workshop 3; the booked participants are told");
  await page.goto(`${BASE}/workgroups/${env("GROUP_ID")}/roster/`);
  await page.getByRole("link", { name: "Attendance and date of workshop 3" }).click();
  await page.getByRole("textbox", { name: "Date (required)" }).fill(env("NEW_DATE"));
  await submitAndLoad(page, "Move the workshop");
  await page.getByText("Workshop 3 moved; every booked participant is told by email.").waitFor();
  await expectAccessible(page, "workshop 3 after the move");
}

async function participant(browser) {
  step("the participant sees the workshops and submits a shared clip");
  const page = await as(browser, env("ANN_USERNAME"));
  await page.goto(`${BASE}/workgroups/`);
  await page.getByRole("link", { name: GROUP }).first().click();
  await page.locator("#workshop-1").waitFor();
  await expectText(page.locator("#workshop-1"), "09:30–15:15", "workshop times");
  await expectAccessible(page, "the group's space as a participant");
  await shoot(page, "space");
  await page.getByRole("link", { name: "Bring a clip of pupils reasoning" }).click();
  await page.getByLabel("Note").fill("Pupils compared two methods; see 0:30–1:30.");
  await page.getByLabel("A lesson clip shared with the group").selectOption({ label: env("CLIP_LABEL") });
  await expectAccessible(page, "gap task submission form");
  await submitAndLoad(page, "Submit gap task");
  await page.getByText("Gap task submitted.").waitFor();
  await expectAccessible(page, "gap task submitted");

  step("the participant rates herself at the start and the end");
  await page.goto(`${BASE}/workgroups/${env("GROUP_ID")}/outcomes/?stage=start`);
  await expectAccessible(page, "ratings at the start");
  for (const [stage, score] of [["start", "1 – not yet"], ["end", "3 – developing"]]) {
    if (stage === "end") await page.getByRole("link", { name: "At the end" }).click();
    for (const fieldset of await page.locator("fieldset").all()) await fieldset.getByLabel(score).check();
    await submitAndLoad(page, "Save ratings");
    await page.getByText("4 ratings saved").waitFor();
  }
  await expectAccessible(page, "ratings at the end");
  await shoot(page, "ratings");
}

async function facilitatorReport(browser) {
  step("the facilitator's report shows the change per heading");
  const page = await as(browser, env("FAC_USERNAME"));
  await page.goto(`${BASE}/workgroups/${env("GROUP_ID")}/report/`);
  const row = page.getByRole("row", { name: /Student outcomes/ });
  await expectText(row, "+2.0", "change for student outcomes");
  await expectText(row, "Level 5: student learning outcomes", "Guskey level");
  await expectText(page.locator("table", { has: page.locator("caption", { hasText: "Gap-task completion" }) }), "1 of 3", "gap tasks");
  await expectAccessible(page, "report");
  await shoot(page, "report");
}

async function stranger(browser) {
  step("a teacher of another school sees nothing of the group");
  const page = await as(browser, env("STRANGER_USERNAME"));
  await page.goto(`${BASE}/workgroups/${env("GROUP_ID")}/`);
  const text = await page.locator("main").textContent();
  if (text.includes(env("ANN_NAME")) || text.includes("Gap tasks")) throw new Error("a stranger sees the group's space");
  await expectAccessible(page, "the advert as a teacher of another school");
  for (const path of ["roster/", "report/", "calendar.ics"]) {
    const response = await page.goto(`${BASE}/workgroups/${env("GROUP_ID")}/${path}`);
    if (response.status() !== 404) throw new Error(`${path}: ${response.status()} for a stranger`);
  }
}

async function subjectLeaderCancels(browser) {
  step("the subject leader cancels the booking: a refused submit first, then confirmed");
  const page = await as(browser, env("HOD_USERNAME"));
  await page.goto(`${BASE}/workgroups/`);
  await page.getByRole("link", { name: GROUP }).first().click();
  await page.getByRole("link", { name: /Northfield Academy/ }).first().click();
  await page.getByRole("link", { name: "Cancel this booking" }).click();
  await expectAccessible(page, "cancel booking page");
  await submitAndLoad(page, "Cancel the booking");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.matches("[data-error-summary]"));
  if (!focused) throw new Error("the refused cancel did not put focus on the error summary");
  await expectAccessible(page, "cancel booking, refused");
  await page.getByLabel("Cancel every place of this booking").check();
  await submitAndLoad(page, "Cancel the booking");
  await expectText(page.locator("#booking-status"), "Cancelled", "status after cancelling");
  await expectAccessible(page, "cancelled booking");
  await shoot(page, "cancelled");

  step("the participant no longer sees the group's space");
  const ann = await as(browser, env("ANN_USERNAME"));
  await ann.goto(`${BASE}/workgroups/${env("GROUP_ID")}/`);
  if ((await ann.locator("main").textContent()).includes("Gap tasks")) throw new Error("a cancelled participant still sees the space");
}

const browser = await launch();
try {
  await subjectLeader(browser);
  await facilitatorRuns(browser);
  await participant(browser);
  await facilitatorReport(browser);
  await stranger(browser);
  await subjectLeaderCancels(browser);
  expectNoCspViolations();
  console.log("workgroups: ok");
} finally {
  await browser.close();
}
