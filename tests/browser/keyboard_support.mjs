// Keyboard helpers of the keyboard-only journeys (keyboard.mjs, keyboard_lead.mjs; issue #18):
// Tab to a thing checking the focus ring at every stop, press a key (waiting for the page it
// opens), and check a page fits 320 CSS px with no sideways scrolling and passes axe.
import { expectAccessible } from "./support.mjs";

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export const describe = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent || el.value || "").trim().slice(0, 40)}"` : "none";
});

// The focused element shows the site's ring and nothing covers it, once any smooth scroll that
// brings it into view has ended (the Wagtail admin's scrolling <main> glides to what takes focus).
export async function expectVisibleFocus(page, label) {
  const problem = await page.evaluate(async () => {
    const el = document.activeElement;
    if (!el || el === document.body) return "focus is on the page body";
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    for (let still = 0, last = null, n = 0; still < 3 && n < 90; n += 1) {
      await frame();
      const now = JSON.stringify(el.getBoundingClientRect());
      still = now === last ? still + 1 : 0;
      last = now;
    }
    const cs = getComputedStyle(el);
    if (cs.outlineStyle === "none" || parseFloat(cs.outlineWidth) < 2) return `no visible ring (${cs.outlineStyle} ${cs.outlineWidth})`;
    const box = el.getBoundingClientRect();
    if (box.bottom < 0 || box.top > innerHeight) return "the focused element is off screen";
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + Math.min(box.height / 2, 8), 0), innerHeight - 1);
    let top = document.elementFromPoint(x, y);
    // Wagtail draws a panel's icon over its section toggle (both in the panel header): decoration
    // the toggle's ring goes round, not something covering it.
    const icon = top?.closest("svg[aria-hidden=true]");
    if (icon && icon.parentElement === el.parentElement) top = el;
    if (top && !el.contains(top) && !top.contains(el) && !(el.labels && [...el.labels].some((l) => l.contains(top)))) {
      return `covered by ${top.tagName.toLowerCase()}.${top.className}`;
    }
    return null;
  });
  check(!problem, `${label}: ${problem} (${await describe(page)})`);
}

// Tab (or Shift+Tab) until `locator` has focus, checking the ring at every stop on the way.
export async function tabTo(page, locator, { back = false, limit = 200 } = {}) {
  await locator.waitFor({ state: "attached", timeout: 15_000 });
  for (let i = 0; i < limit; i += 1) {
    if (await locator.evaluate((el) => el === document.activeElement, null, { timeout: 2_000 }).catch(() => false)) {
      await expectVisibleFocus(page, `on ${locator}`);
      return;
    }
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (await page.evaluate(() => document.activeElement !== document.body)) await expectVisibleFocus(page, `Tab stop ${i}`);
  }
  throw new Error(`could not reach ${locator} by ${back ? "Shift+Tab" : "Tab"}`);
}

export async function fits(page, label) {
  const { scrollWidth, width } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
  }));
  check(scrollWidth <= width, `${label} scrolls sideways at ${width} px (scrollWidth ${scrollWidth})`);
  await expectAccessible(page, `${label} at 320 px`);
}

export async function press(page, key, { navigates = false } = {}) {
  if (!navigates) return page.keyboard.press(key);
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

