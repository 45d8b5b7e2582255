// End-to-end: the guide (issue 12). Every chapter route loads its article; a glossary link
// opens its definition by keyboard and Esc closes it; the cheat sheet prints on at most two A4
// pages; axe-core finds no serious violation on a chapter; screenshots in e2e/out/. Assertions
// are about structure (data-chapter, data-tour), never wording: the prose lives in web/guide/.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { axeViolations, distDir, LAPTOP, outDir, PHONE, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const has = (file) => existsSync(join(distDir, "guide", file));

async function openGuide(route, viewport = LAPTOP, options = {}) {
  const context = await browser.newContext({ viewport, reducedMotion: "reduce", ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${base}#${route}`);
  await page.locator(".guide-column").waitFor();
  await page.waitForFunction(() => document.querySelector(".guide-content:not([aria-busy])")?.childElementCount > 0);
  return { page, context, problems };
}

describe("guide", () => {
  test("the header's Guide entry opens the index, and every chapter route loads its article with its tours", async () => {
    const context = await browser.newContext({ viewport: LAPTOP, reducedMotion: "reduce" });
    const page = await context.newPage();
    try {
      await page.goto(base);
      await page.locator("[data-node]").first().waitFor();
      await page.locator("[data-guide-entry]").click();
      await page.locator("[data-guide-index]").waitFor();
      assert.equal(await page.locator(".notice, [role=alert]").count(), 0, "#guide is no link");
      for (let n = 1; n <= 6; n++) {
        if (!has(`${n}.html`)) continue;
        await page.evaluate((n) => { location.hash = `#guide/${n}`; }, n);
        await page.locator(`article[data-chapter="${n}"]`).waitFor();
        if (n === 3) {
          assert.ok(await page.locator("a[data-tour^='3/']").count() >= 2, "chapter 3 links its tours");
        }
      }
      assert.ok(has("3.html"), "chapter 3 is there");
      await page.evaluate(() => { location.hash = ""; });
      await page.locator("[data-node]").first().waitFor();
    } finally {
      await context.close();
    }
  });

  test("a missing page says so instead of showing nothing", async () => {
    const { page, context } = await openGuide("guide/6");
    try {
      if (!has("6.html")) await page.locator(".guide-notice[role=alert]").waitFor();
      else await page.locator('article[data-chapter="6"]').waitFor();
    } finally {
      await context.close();
    }
  });

  test("a glossary link opens its definition by keyboard; Esc closes it and focus stays on the link", async (t) => {
    if (!has("glossary.html")) return t.skip("no glossary yet");
    const { page, context, problems } = await openGuide("guide/3");
    try {
      const link = page.locator("article a[data-term]").first();
      const slug = await link.getAttribute("data-term");
      await link.focus();
      await page.keyboard.press("Enter");
      await page.locator(`.glossary-popover[data-popover="${slug}"]`).waitFor();
      assert.ok((await page.locator(".glossary-popover").textContent()).length > 20, "a definition");
      await page.keyboard.press("Escape");
      await page.locator(".glossary-popover").waitFor({ state: "detached" });
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.term), slug);
      await page.keyboard.press("Enter");
      await page.locator(".glossary-popover").waitFor();
      await page.keyboard.press("Enter");
      await page.locator(".glossary-popover").waitFor({ state: "detached" });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("the cheat sheet prints on at most two A4 pages", async (t) => {
    if (!has("cheatsheet.html")) return t.skip("no cheat sheet yet");
    const { page, context } = await openGuide("guide/cheatsheet");
    try {
      await page.locator("[data-cheatsheet]").waitFor();
      const pdf = await page.pdf({ format: "A4", path: join(outDir, "cheatsheet.pdf") });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
    } finally {
      await context.close();
    }
  });

  test("a chapter has no serious accessibility violation; screenshots at 1280x800 and 375x740", async () => {
    for (const [name, viewport] of [["laptop", LAPTOP], ["phone", PHONE]]) {
      const { page, context } = await openGuide("guide/3", viewport, { bypassCSP: true });
      try {
        await page.locator('article[data-chapter="3"]').waitFor();
        await page.screenshot({ path: join(outDir, `guide-chapter-3-${name}.png`) });
        if (name === "laptop") assert.deepEqual(await axeViolations(page), []);
      } finally {
        await context.close();
      }
    }
  });
});
