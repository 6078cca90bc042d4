// Invitations, for real, in Chromium, with axe on every page. Driven by test_invitation.py.
// PHASE=hod: the head of department invites an address on the members page and is refused
// making themself PD lead (the error is announced and tied to its field).
// PHASE=invitee: signed out, the invitee opens the emailed link, gets a linked error for
// passwords that differ, makes an account and lands on My learning; the used link then
// answers "not valid any more".
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const BASE = env("BASE_URL");
const shoot = screenshots(env("SCREENSHOT_DIR"));

async function submit(page, name) {
  await Promise.all([page.waitForLoadState("load"), page.waitForEvent("framenavigated"), page.getByRole("button", { name }).click()]);
}

async function hod(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  const members = `${BASE}/departments/${env("DEPARTMENT_SLUG")}/members/`;
  step("HoD invites an address from the members page");
  await signIn(page, env("HOD_USERNAME"), { next: new URL(members).pathname });
  await expectAccessible(page, "members page");
  await page.getByLabel("Username or email").fill(env("INVITE_EMAIL"));
  await page.getByLabel("Role").selectOption("teacher");
  await submit(page, "Add member");
  await page.getByText(`If ${env("INVITE_EMAIL")} is a member of`).waitFor();
  await page.getByRole("heading", { name: "Invitations waiting for an answer" }).waitFor();
  await expectAccessible(page, "members page after inviting");
  await shoot(page, "members-invited");

  step("HoD tries to make themself PD lead");
  await page.getByLabel("Username or email").fill(env("HOD_USERNAME"));
  await page.getByLabel("Role").selectOption("pd_lead");
  await submit(page, "Add member");
  const person = page.getByLabel("Username or email");
  const described = await person.getAttribute("aria-describedby");
  const errorText = await page.locator(`#${described.split(" ").pop()}`).textContent();
  if (!errorText.includes("You cannot change your own role")) throw new Error(`error not linked to the field: ${errorText}`);
  if ((await person.getAttribute("aria-invalid")) !== "true") throw new Error("field not marked invalid");
  await expectAccessible(page, "members page with an error");
  await shoot(page, "members-own-role-refused");
}

async function invitee(browser) {
  const page = watchCsp(await (await browser.newContext()).newPage());
  const link = `${BASE}${env("INVITE_PATH")}`;
  step("Invitee opens the link signed out");
  await page.goto(link);
  await page.getByRole("heading", { name: /^Join / }).waitFor();
  await expectAccessible(page, "invitation accept page");
  await shoot(page, "accept");

  step("Passwords that differ are refused, the error tied to its field");
  await page.getByLabel("Username (required)").fill("newteacher");
  await page.getByLabel("First name").fill("Nia");
  await page.getByLabel("Last name").fill("Newton");
  await page.getByLabel("Password (required)", { exact: true }).fill("a-long-pass-phrase");
  await page.getByLabel("Password confirmation (required)").fill("a-different-phrase");
  await submit(page, "Make my account and join");
  const confirm = page.getByLabel("Password confirmation (required)");
  const described = await confirm.getAttribute("aria-describedby");
  if (!described?.includes("id_password2_error")) throw new Error(`aria-describedby: ${described}`);
  await page.locator("#id_password2_error").waitFor();
  await expectAccessible(page, "invitation accept page with an error");
  await shoot(page, "accept-error");

  step("Invitee makes the account and joins");
  await page.getByLabel("Password (required)", { exact: true }).fill("a-long-pass-phrase");
  await confirm.fill("a-long-pass-phrase");
  await Promise.all([page.waitForURL((url) => url.pathname === "/my-learning/"), page.getByRole("button", { name: "Make my account and join" }).click()]);
  await page.getByText("you are now a member of").waitFor();
  await expectAccessible(page, "my learning after joining");
  await shoot(page, "joined");

  step("The used link answers not valid any more");
  const response = await page.goto(link);
  if (response.status() !== 410) throw new Error(`used link: ${response.status()}`);
  await page.getByRole("heading", { name: "This invitation is not valid any more" }).waitFor();
  await expectAccessible(page, "invitation not valid page");
  await shoot(page, "not-valid");
}

const browser = await launch();
try {
  const phase = env("PHASE");
  if (phase === "hod") await hod(browser);
  else await invitee(browser);
  expectNoCspViolations();
  console.log(`invitation-${phase}: ok`);
} finally {
  await browser.close();
}
