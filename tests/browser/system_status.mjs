// The System status screen in Chromium: a superuser opens it from the admin's Settings menu,
// reads the readiness checks and the queue, and retries a failed video (the result is
// announced as a message); axe runs on the screen before and after. A PD lead who types the
// address lands back on the dashboard. Driven by tests/browser/test_system_status.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const STATUS_PATH = env("STATUS_PATH");
const FAILED_TITLE = env("FAILED_TITLE");
const shoot = screenshots(env("SCREENSHOT_DIR"));

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function superuser(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  // Straight to the screen: the superuser's dashboard asks releases.wagtail.org for updates,
  // which the CSP blocks (Wagtail's page, not this one).
  step("superuser signs in to the admin, on to System status");
  await signIn(page, env("SUPERUSER_USERNAME"), { admin: true, next: STATUS_PATH });

  step("opens System status from the Settings menu");
  await page.getByRole("button", { name: "Settings" }).click();
  await Promise.all([page.waitForURL((url) => url.pathname === STATUS_PATH), page.getByRole("link", { name: "System status" }).click()]);
  await page.getByRole("heading", { name: "System status", level: 1 }).waitFor();
  await expectAccessible(page, "system status");
  await shoot(page, "system-status");

  const services = page.getByRole("table", { name: "Readiness checks, as /readyz reports them" });
  for (const name of ["Database", "Broker", "Search", "Storage"]) {
    const row = services.getByRole("row", { name: new RegExp(`^${name}\\b`) });
    check((await row.getByRole("cell").first().textContent()).trim() === "OK", `${name} is not OK`);
  }
  await page.getByText("Every service answered: the site is ready.").waitFor();
  await page.getByText("1 video").first().waitFor();

  step("retries the failed video with the keyboard");
  const retry = page.getByRole("button", { name: `Retry ${FAILED_TITLE}` });
  await retry.focus();
  await Promise.all([page.waitForURL((url) => url.pathname === STATUS_PATH), page.keyboard.press("Enter")]);
  await page.getByText(`“${FAILED_TITLE}” is queued for transcoding again.`).waitFor();
  await expectAccessible(page, "system status after a retry");
  await shoot(page, "system-status-retried");
}

async function pdLead(browser) {
  // Not watched for CSP: this lands on Wagtail's dashboard.
  const page = await (await browser.newContext()).newPage();
  step("a PD lead is refused the screen");
  await signIn(page, env("PD_LEAD_USERNAME"), { admin: true });
  await page.goto(`${BASE}${STATUS_PATH}`);
  check(new URL(page.url()).pathname === "/admin/", `PD lead landed on ${page.url()}`);
  await page.getByText("Sorry, you do not have permission to access this area.").waitFor();
  check((await page.getByRole("link", { name: "System status" }).count()) === 0, "the menu offers System status to a PD lead");
}

const browser = await launch();
try {
  await superuser(browser);
  await pdLead(browser);
  expectNoCspViolations();
  console.log("system-status: ok");
} finally {
  await browser.close();
}
