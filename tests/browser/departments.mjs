// Departments journey, for real, in Chromium. PHASE=hod: the head of department creates the
// "Equality and equivalence" workshop with two pre-viewing clips (due 48 h before), sees
// "1 of 2 ready", checks the CSV matches the screen, and visits every page a HoD uses.
// PHASE=teacher: the teacher who is not ready finds the reminder and their assignments.
// axe on every page. Driven by test_departments_journey.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const DEPT = env("DEPARTMENT_SLUG");
const shoot = screenshots(env("SCREENSHOT_DIR"));

function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  text = text.replace(/^\ufeff/, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell); cell = ""; }
    else if (c === "\n") { row.push(cell.replace(/\r$/, "")); rows.push(row); row = []; cell = ""; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function screenTable(page) {
  return page.$$eval("table.report-table tr:not(.empty)", (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => cell.textContent.trim())));
}

async function expectCsvMatchesScreen(page, linkText) {
  const href = await page.getByRole("link", { name: linkText }).getAttribute("href");
  const response = await page.request.get(`${BASE}${href}`);
  if (!response.ok()) throw new Error(`CSV ${href}: ${response.status()}`);
  const csv = parseCsv(await response.text());
  const screen = await screenTable(page);
  if (JSON.stringify(csv) !== JSON.stringify(screen)) {
    throw new Error(`CSV differs from the screen:\nCSV ${JSON.stringify(csv)}\nscreen ${JSON.stringify(screen)}`);
  }
  return csv;
}

async function hod(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  step("HoD signs in and opens the department");
  await signIn(page, env("HOD_USERNAME"));
  await page.goto(`${BASE}/departments/`);
  await expectAccessible(page, "departments index");
  await page.getByRole("link", { name: env("DEPARTMENT_NAME") }).click();
  await page.waitForURL(`${BASE}/departments/${DEPT}/`);
  await expectAccessible(page, "department dashboard");
  await shoot(page, "dashboard");

  step("HoD creates the workshop with two pre-viewing clips");
  await page.getByRole("link", { name: "New workshop" }).click();
  await page.getByLabel("Title").fill("Equality and equivalence");
  await page.getByLabel("Kind of session").selectOption("departmental");
  await page.getByLabel("Starts at").fill(env("STARTS_AT"));
  await page.getByLabel("Room").fill("M4");
  for (const name of env("ATTENDEES").split("|")) await page.getByLabel(name, { exact: true }).check();
  for (const clip of env("CLIPS").split("|")) {
    await page.locator("fieldset", { hasText: "Pre-viewing clips" }).getByLabel(clip, { exact: true }).check();
  }
  await page.getByLabel("Agenda").fill(
    "15 Do the maths together\n15 Predict pupil responses and misconceptions\n15 Agree representations and stem sentences\n10 Action plan\n5 Reflection");
  await expectAccessible(page, "new workshop form");
  await shoot(page, "workshop-form");
  await Promise.all([page.waitForURL(/\/workshops\/\d+\/$/), page.getByRole("button", { name: "Create workshop" }).click()]);

  step("the departments index lists the workshop its facilitator leads");
  const workshopUrl = page.url();
  await page.goto(`${BASE}/departments/`);
  await page.locator("#workshops-heading + ul li", { hasText: "Equality and equivalence" }).getByText("You facilitate").waitFor();
  await expectAccessible(page, "departments index with the workshop");
  await shoot(page, "index-facilitating");
  await page.goto(workshopUrl);

  step("the roster shows 1 of 2 ready");
  const readiness = (await page.locator(".readiness").textContent()).trim();
  if (!readiness.includes("1 of 2 ready")) throw new Error(`readiness says: ${readiness}`);
  const due = (await page.locator("dt:has-text('Pre-viewing due') + dd").textContent()).trim();
  if (due !== env("EXPECTED_DUE")) throw new Error(`pre-viewing due ${due}, expected ${env("EXPECTED_DUE")}`);
  await expectAccessible(page, "workshop roster");
  await shoot(page, "roster");
  const csv = await expectCsvMatchesScreen(page, "Download readiness as CSV");
  console.log(`roster csv: ${JSON.stringify(csv)}`);
  console.log(`workshop url: ${page.url()}`);

  step("HoD opens the edit form, members, assignments and the grid report");
  await page.getByRole("link", { name: "Edit workshop" }).click();
  await expectAccessible(page, "edit workshop form");
  for (const [path, label] of [["members/", "members"], ["assignments/", "assignments"]]) {
    await page.goto(`${BASE}/departments/${DEPT}/${path}`);
    await expectAccessible(page, label);
    await shoot(page, label);
  }
  // One definition of what is due (issue #19): the pre-viewing the grid shows is listed here.
  for (const clip of env("CLIPS").split("|")) {
    await page.getByRole("rowheader", { name: clip, exact: true }).waitFor();
  }
  step("HoD assigns a clip to the whole department");
  await page.getByRole("radio", { name: "Clip", exact: true }).check();
  await page.locator("#id_clip").selectOption({ label: env("CLIPS").split("|")[0] });
  await page.getByRole("radio", { name: "Whole department" }).check();
  await page.locator("#id_due_at").fill(env("STARTS_AT"));
  await Promise.all([page.waitForURL(`${BASE}/departments/${DEPT}/assignments/`), page.getByRole("button", { name: "Assign" }).click()]);
  await page.getByText("Assigned to 3 people.").waitFor();
  await expectAccessible(page, "assignments after assigning");
  await page.goto(`${BASE}/departments/${DEPT}/reports/grid/`);
  await expectAccessible(page, "grid report");
  await shoot(page, "grid");
  await expectCsvMatchesScreen(page, "Download as CSV");

  step("retention curve (Chart.js)");
  await page.goto(`${BASE}/departments/videos/${env("VIDEO_ID")}/retention/`);
  await page.waitForFunction(() => window.Chart && Object.keys(window.Chart.instances).length === 1);
  await expectAccessible(page, "retention report");
  await shoot(page, "retention");
  await page.locator("summary").click();
  await expectCsvMatchesScreen(page, "Download as CSV");
}

async function pdLead(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  step("PD lead opens school uptake");
  await signIn(page, env("PD_LEAD_USERNAME"));
  await page.goto(`${BASE}/departments/`);
  await page.getByRole("link", { name: /Uptake across/ }).click();
  await page.getByRole("cell", { name: "Coherence", exact: true }).waitFor();
  await expectAccessible(page, "school uptake");
  await shoot(page, "uptake");
  await expectCsvMatchesScreen(page, "Download as CSV");
}

async function teacher(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  step("the teacher who is not ready finds the reminder");
  await signIn(page, env("TEACHER_USERNAME"));
  await page.goto(`${BASE}/departments/notifications/`);
  await page.getByRole("heading", { name: /PD to watch: 2 items/ }).waitFor();
  await expectAccessible(page, "notifications");
  await shoot(page, "notifications");
  await page.goto(`${BASE}/my-learning/`);
  await page.getByRole("heading", { name: "Assigned and due" }).waitFor();
  await expectAccessible(page, "my learning with assigned and due");
  await shoot(page, "my-learning");
  await page.goto(env("WORKSHOP_URL"));
  await expectAccessible(page, "workshop as a teacher");
  await page.goto(`${BASE}/departments/notifications/`);
  await page.getByLabel("Mute reminder emails and notifications").check();
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Save reminder setting" }).click()]);
  await page.getByText("Reminders are now muted.").waitFor();
  await expectAccessible(page, "notifications after muting");
}

const browser = await launch();
try {
  const phase = env("PHASE");
  if (phase === "hod") { await hod(browser); await pdLead(browser); }
  else await teacher(browser);
  expectNoCspViolations(); // Chart.js and every page, under the site's Content-Security-Policy
  console.log(`departments-${phase}: ok`);
} finally {
  await browser.close();
}
