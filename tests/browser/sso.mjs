// Single sign-on through the real OpenID provider (scripts/oidc_provider.mjs): Ada signs in with
// her school account for the first time (pending member), signs out; Cal's domain is refused; Bea's
// existing account is linked by verified email; the head of department approves Ada into Maths.
// Axe on every pdsite page (the provider's own pages are not ours). Driven by tests/browser/test_sso.py.
import { launch, screenshots, expectAccessible, expectNoCspViolations, signIn, step, watchCsp } from "./support.mjs";

const BASE = process.env.BASE_URL;
const shoot = screenshots(process.env.SCREENSHOT_DIR);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// From pdsite's sign-in page through the provider's login and consent, as `login`; resolves on
// the first pdsite page after the callback.
async function schoolSignIn(page, login) {
  await page.goto(`${BASE}/accounts/login/`);
  await page.getByRole("button", { name: "Sign in with School account" }).click();
  await page.waitForURL((url) => url.port === "9400" && url.pathname.startsWith("/interaction/"));
  await page.fill("input[name=login]", login);
  await page.fill("input[name=password]", "any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click(); // the provider's consent
  await page.waitForURL((url) => url.origin === new URL(BASE).origin);
}

const browser = await launch();
try {
  step("the sign-in page offers the school sign-in next to the password form");
  const ada = watchCsp(await (await browser.newContext()).newPage());
  await ada.goto(`${BASE}/accounts/login/`);
  await expectAccessible(ada, "sign-in page with the school sign-in");
  await shoot(ada, "sign-in");

  step("Ada's first school sign-in: a pending member of Allowed Academy");
  await schoolSignIn(ada, "ada");
  check(new URL(ada.url()).pathname === "/my-learning/", `Ada should land on My learning, not ${ada.url()}`);
  const welcome = ada.getByRole("status");
  check((await welcome.textContent()).includes("A head of department at Allowed Academy will approve your membership"), "the pending notice should show");
  check(await ada.getByRole("button", { name: "Sign out Ada" }).isVisible(), "Ada should be signed in");
  await expectAccessible(ada, "My learning of a pending member");
  await shoot(ada, "pending-member");

  step("Ada signs out");
  await Promise.all([ada.waitForURL(`${BASE}/`), ada.getByRole("button", { name: "Sign out Ada" }).click()]);
  check(await ada.getByRole("link", { name: "Sign in" }).isVisible(), "Ada should be signed out");
  await expectAccessible(ada, "home page after signing out");

  step("Cal's domain is refused, with the reason");
  const cal = watchCsp(await (await browser.newContext()).newPage());
  await schoolSignIn(cal, "cal");
  check((await cal.getByRole("heading", { level: 1 }).textContent()).includes("We could not sign you in"), "the refusal page should show");
  check((await cal.getByRole("alert").textContent()).includes("refused.example is not the email domain of a school that uses pdsite"), "the reason should show");
  check(await cal.getByRole("link", { name: "Sign in", exact: true }).isVisible(), "Cal should not be signed in");
  await expectAccessible(cal, "sign-in refused page");
  await shoot(cal, "refused");

  step("Bea's existing account is linked by her verified email");
  const bea = watchCsp(await (await browser.newContext()).newPage());
  await schoolSignIn(bea, "bea");
  check((await bea.getByRole("status").textContent()).includes("Your school sign-in is now linked to your pdsite account (bea)"), "the linked notice should show");
  check(await bea.getByRole("button", { name: "Sign out Bea" }).isVisible(), "Bea should be signed in as herself");
  await expectAccessible(bea, "My learning after linking");
  await shoot(bea, "linked");

  step("the head of department approves Ada into Maths");
  const hod = watchCsp(await (await browser.newContext()).newPage());
  await signIn(hod, "hod", { next: "/accounts/pending/" });
  const card = hod.locator("li", { hasText: "ada.lovelace@allowed.example" });
  check(await card.isVisible(), "Ada should be waiting");
  await expectAccessible(hod, "pending members");
  await card.getByLabel("Add to department").selectOption({ label: "Maths" });
  await Promise.all([
    hod.waitForURL(`${BASE}/accounts/pending/`),
    card.getByRole("button", { name: "Approve ada.lovelace@allowed.example" }).click(),
  ]);
  check((await hod.getByRole("status").textContent()).includes("ada.lovelace@allowed.example joined Maths as a teacher."), "the approval should be confirmed");
  check((await hod.textContent("main")).includes("No one is waiting for approval."), "no one should be left waiting");
  await expectAccessible(hod, "pending members after approving");
  await shoot(hod, "approved");

  expectNoCspViolations();
  console.log("sso: ok");
} finally {
  await browser.close();
}
