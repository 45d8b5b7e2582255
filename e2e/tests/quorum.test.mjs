// End-to-end: chapter 1's quorum-intersection playground and tour 1/2 (issue 12). Pick two
// majorities of 5 by mouse and by keyboard and read the live line; shrink the quorum below a
// majority and read the warning; step tour 1/2 to its end and see the safety checks flag the
// minority quorum; axe-core clean; screenshots in e2e/out/ at both sizes, light and dark.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { axeViolations, distDir, LAPTOP, openPage, outDir, PHONE, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

const tour12 = JSON.parse(readFileSync(join(distDir, "guide", "tours", "1-2.json"), "utf8")).tour;

async function openChapter1(viewport, options = {}) {
  const context = await browser.newContext({ viewport, reducedMotion: "reduce", ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${base}#guide/1`);
  await page.locator("[data-quorum-playground] [data-qp-pick='a-1']").waitFor();
  return { page, context, problems };
}

const pick = (page, id) => page.locator(`[data-qp-pick='${id}']`);
const status = (page) => page.locator("[data-qp-status]").textContent();

/** Set quorum A to exactly `members`, by clicking the buttons that differ. */
async function setQuorum(page, key, members, n = 5) {
  for (let id = 1; id <= n; id++) {
    const button = pick(page, `${key}-${id}`);
    const pressed = (await button.getAttribute("aria-pressed")) === "true";
    if (pressed !== members.includes(id)) await button.click();
  }
}

describe("quorum playground", () => {
  test("two majorities of 5 share a server; a quorum below a majority shows two disjoint ones", async () => {
    const { page, context, problems } = await openChapter1(LAPTOP);
    try {
      const figure = page.locator("[data-quorum-playground]");
      assert.equal(await figure.locator("[data-qp-n='5']").getAttribute("aria-pressed"), "true");
      assert.equal(await page.locator("[data-qp-status]").getAttribute("aria-live"), "polite");
      // By mouse: A = S1, S2, S4 and B = S2, S3, S5.
      await setQuorum(page, "a", [1, 2, 4]);
      await setQuorum(page, "b", [2, 3, 5]);
      assert.match(await status(page), /Quorum A: S1, S2 and S4, a quorum \(3 of 5\)/);
      assert.match(await status(page), /A and B share S2\./);
      // A pick short of a majority is called so.
      await pick(page, "b-5").click();
      assert.equal(await pick(page, "b-5").getAttribute("aria-pressed"), "false");
      assert.match(await status(page), /Quorum B: S2 and S3, not a quorum: 2 of 5, needs 3/);
      // By keyboard: focus B's S4 and press Space, then Tab to S5 and press Enter.
      await pick(page, "b-4").focus();
      await page.keyboard.press("Space");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.qpPick), "b-5");
      await page.keyboard.press("Enter");
      assert.equal(await pick(page, "b-4").getAttribute("aria-pressed"), "true");
      assert.match(await status(page), /Quorum B: S2, S3, S4 and S5, a quorum \(4 of 5\)/);
      assert.match(await status(page), /A and B share S2 and S4\./);
      assert.equal(await page.locator("[data-quorum-playground] .qp-shared").count(), 4, "S2 and S4 ringed in both rows");
      assert.equal(await page.locator("[data-qp-verdict]").getAttribute("data-qp-verdict"), "majority");
      // Tap targets are at least 44 px.
      const box = await pick(page, "a-1").boundingBox();
      assert.ok(box.width >= 44 && box.height >= 44, `${box.width}x${box.height}`);
      await page.locator("[data-quorum-playground]").screenshot({ path: join(outDir, "quorum-playground-majority.png") });
      // Shrink the quorum to 2 of 5: two disjoint quorums and the warning.
      await page.locator("[data-qp-size]").selectOption("2");
      assert.match(await status(page), /Quorum A: S1 and S2, a quorum \(2 of 5\)/);
      assert.match(await status(page), /Quorum B: S4 and S5, a quorum \(2 of 5\)/);
      assert.match(await status(page), /A and B share no server/);
      const verdict = page.locator("[data-qp-verdict]");
      assert.equal(await verdict.getAttribute("data-qp-verdict"), "below");
      assert.match(await verdict.textContent(), /not a majority.*agreement breaks/);
      // Other cluster sizes reset to a majority.
      await figure.locator("[data-qp-n='7']").click();
      assert.equal(await pick(page, "a-7").count(), 1);
      assert.match(await status(page), /A and B share S4\./);
      await figure.locator("[data-qp-n='5']").click();
      await page.locator("[data-qp-size]").selectOption("2");
      await figure.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(outDir, "quorum-playground-below-a-majority.png") });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  for (const [viewport, size] of [[LAPTOP, "laptop"], [PHONE, "phone"]]) {
    for (const colorScheme of ["light", "dark"]) {
      test(`the playground at ${size} size in ${colorScheme}: no serious accessibility violation`, async () => {
        const { page, context } = await openChapter1(viewport, { bypassCSP: true, colorScheme });
        try {
          await page.locator("[data-qp-size]").selectOption("2");
          await page.locator("[data-quorum-playground]").scrollIntoViewIfNeeded();
          await page.screenshot({ path: join(outDir, `quorum-playground-${size}-${colorScheme}.png`) });
          assert.deepEqual(await axeViolations(page, "[data-quorum-playground]"), []);
        } finally {
          await context.close();
        }
      });
    }
  }

  test("tour 1/2 steps to its end and the safety checks flag the minority quorum", async () => {
    const { page, context, problems } = await openPage(browser, `${base}#guide/1/2`, LAPTOP, { bypassCSP: true });
    try {
      const waitStep = (k) => page.waitForFunction((k) => document.querySelector("[data-tour-step]")?.dataset.tourStep === String(k), k);
      await waitStep(1);
      assert.equal(await page.locator("[data-status=violated]").count(), 0, "safe at the start");
      for (let k = 2; k <= tour12.length; k++) {
        await page.getByRole("button", { name: "Next step" }).click();
        await waitStep(k);
        assert.equal(await page.locator("[data-tour-step]").textContent(), tour12[k - 1].caption);
      }
      assert.ok(await page.getByRole("button", { name: "Next step" }).isDisabled(), "the last step");
      for (const invariant of tour12[tour12.length - 1].expect.violations) {
        await page.locator(`[data-invariant=${invariant}][data-status=violated]`).waitFor();
      }
      await page.screenshot({ path: join(outDir, "tour-1-2-laptop.png") });
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
