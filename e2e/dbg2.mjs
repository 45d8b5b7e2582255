import { launch, openPage } from "./lib.mjs";
import { startServer } from "./server.mjs";
const browser = await launch();
const served = await startServer({ dir: "/work/main/dist", prefix: "/" });
for (const [stem, at, name] of [["raft-log-compaction", 1400, "compaction"], ["raft-leader-transfer", 2600, "transfer"], ["raft-prevote-rejoin", 3400, "prevote"]]) {
  const { page } = await openPage(browser, served.url, { width: 1280, height: 800 });
  await page.getByRole("button", { name: "Scenarios", exact: true }).click();
  await page.locator(`[data-scenario="${stem}"]`).click();
  await page.waitForFunction(() => !document.querySelector(".backdrop"));
  const slider = page.locator("input[type=range]").first();
  await slider.evaluate((el, ms) => { el.value = ms; el.dispatchEvent(new Event("input", { bubbles: true })); }, at);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `/tmp/shot-${name}.png` });
  await page.close();
}
await browser.close(); served.server.close();
