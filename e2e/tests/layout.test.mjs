// End-to-end: the layout on a phone (issue 11, item 4): the playback bar takes at most 15% of
// a 375x740 screen, its buttons are 44x44 px tap targets, nothing scrolls sideways, in light
// and dark. Screenshots go to e2e/out/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axeViolations, linkFor, openPage, outDir, scenarioFile, seek, servedLab } from "../lib.mjs";

let browser;
let base;
servedLab((b, url) => {
  [browser, base] = [b, url];
});

test("every message in flight shows its direction: a trail back toward its sender", async () => {
  const { page, context } = await openPage(browser, base, { width: 1280, height: 800 });
  try {
    await seek(page, 230);
    const checked = await page.evaluate(() => {
      const centre = (el) => {
        const box = el.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      };
      const node = (id) => centre(document.querySelector(`svg [data-node="${id}"] .node-body`));
      return [...document.querySelectorAll("svg [data-msg]")].map((m) => {
        const trail = m.querySelector(".msg-trail");
        const [from, to] = [node(m.dataset.from), node(m.dataset.to)];
        const t = { x: +trail.getAttribute("x1"), y: +trail.getAttribute("y1") };
        return { id: m.dataset.msg, dot: t.x * (to.x - from.x) + t.y * (to.y - from.y) };
      });
    });
    assert.ok(checked.length >= 3, `messages in flight: ${checked.length}`);
    for (const { id, dot } of checked) assert.ok(dot < 0, `message ${id}'s trail points back toward its sender`);
  } finally {
    await context.close();
  }
});

test("on a laptop the stage, its narration and legend, the logs and the safety checks show at once", async () => {
  for (const [protocol, colorScheme] of [["raft", "light"], ["multipaxos", "dark"], ["paxos", "light"]]) {
    const { page, context, problems } = await openPage(browser, base, { width: 1280, height: 800 }, { colorScheme });
    try {
      if (protocol !== "raft") await page.locator("header select").selectOption(protocol);
      await page.locator(`.shell[data-protocol=${protocol}]`).waitFor();
      await seek(page, 1500);
      const bar = await page.locator(".playback").boundingBox();
      for (const selector of [".stage-svg", "[data-narration]", ".legend", ".safety-panel"]) {
        const box = await page.locator(selector).first().boundingBox();
        assert.ok(box, `${protocol}: ${selector} is drawn`);
        assert.ok(box.y >= 0 && box.y + box.height <= bar.y + 1, `${protocol}: ${selector} ends at ${box.y + box.height}, above the playback bar at ${bar.y}`);
      }
      if (protocol !== "paxos") {
        // The logs (or slots) panel shows its title and every server's row beside the stage.
        const logs = await page.locator(".logs-column").boundingBox();
        assert.ok(logs.y + 120 <= bar.y, `${protocol}: the logs start at ${logs.y}`);
        const rows = await page.locator("[data-log-node], [data-slots-node]").all();
        assert.equal(rows.length, 5, `${protocol}: a row per server`);
        for (const row of rows) {
          const box = await row.boundingBox();
          assert.ok(box.y + box.height <= bar.y, `${protocol}: a row ends at ${box.y + box.height}, under the playback bar at ${bar.y}`);
        }
      }
      await page.screenshot({ path: join(outDir, `layout-laptop-${protocol}-${colorScheme}.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test("the logs show the newest entries that fit their panel, and page back to older ones", async () => {
  // Issue 15: a grid of the last 24 columns in a side panel 390 px wide showed the oldest four,
  // the newest out of view (and rendered all 24 for every row on every frame).
  const interventions = [{ at: 5, do: "timeout", node: 1 }];
  for (let at = 300, i = 0; at < 3000; at += 50, i++) interventions.push({ at, do: "client", node: 1, command: `set k${i % 50} ${i}` });
  const cases = [
    ["raft", 1280, 800, 4, "light"], ["multipaxos", 1280, 800, 4, "dark"], ["raft", 1000, 800, 11, "dark"],
    ["raft", 375, 740, 3, "light"], ["multipaxos", 375, 740, 2, "dark"],
  ];
  for (const [protocol, width, height, columns, colorScheme] of cases) {
    const link = linkFor({ version: 1, protocol, nodes: 5, seed: 4, interventions });
    const { page, context, problems } = await openPage(browser, `${base}${link}`, { width, height }, { bypassCSP: true, colorScheme });
    const what = `${protocol} at ${width} px`;
    try {
      await seek(page, 2900);
      const shown = () => page.evaluate(() => {
        const box = document.querySelector(".logs-column .table-scroll").getBoundingClientRect();
        const heads = [...document.querySelectorAll(".log-grid thead th.log-index")];
        return {
          indices: heads.map((h) => Number(h.textContent)),
          inside: heads.every((h) => h.getBoundingClientRect().right <= box.right + 0.5),
          rows: [...document.querySelectorAll("[data-log-node], [data-slots-node]")].map((row) => row.querySelectorAll("td.log-cell, td.slot-cell").length),
        };
      });
      // The newest: the last index any server holds, in view without scrolling.
      const now = await shown();
      assert.equal(now.indices.length, columns, `${what}: ${columns} columns fit`);
      assert.ok(now.inside, `${what}: every column shown is inside the panel`);
      const last = now.indices.at(-1);
      assert.ok(last >= 40, `${what}: the newest index is shown (${last})`);
      assert.deepEqual(now.rows, now.rows.map(() => columns), `${what}: each row has a cell per column`);
      assert.equal(await page.getByRole("button", { name: "Newer entries" }).isDisabled(), true);
      if (width <= 640) {
        for (const name of ["Older entries", "Newer entries"]) {
          const box = await page.getByRole("button", { name }).boundingBox();
          assert.ok(box.width >= 44 && box.height >= 44, `${what}: ${name} is a 44 px tap target (${box.width}x${box.height})`);
        }
      }
      // Back one page: the columns just before; the page stays there while the run moves on.
      await page.getByRole("button", { name: "Older entries" }).click();
      const older = await shown();
      assert.deepEqual(older.indices, now.indices.map((i) => i - columns), `${what}: one page back`);
      await seek(page, 2950);
      assert.deepEqual((await shown()).indices, older.indices, `${what}: a paged-back grid stays on its columns`);
      // Forward again, to the newest, which are then followed as the run goes on.
      const newer = page.getByRole("button", { name: "Newer entries" });
      for (let i = 0; i < 5 && !(await newer.isDisabled()); i++) await newer.click();
      assert.equal(await newer.isDisabled(), true, `${what}: back at the newest`);
      await seek(page, 2990);
      const after = await shown();
      assert.ok(after.indices.at(-1) > last, `${what}: the newest are followed again (${after.indices.at(-1)} > ${last})`);
      assert.deepEqual(await axeViolations(page, ".logs-column"), [], `${what}: axe`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test("on a phone the playback bar is compact, its buttons are tap targets, nothing overflows", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context, problems } = await openPage(browser, base, { width: 375, height: 740 }, { colorScheme });
    try {
      await seek(page, 1200);
      const bar = await page.locator(".playback").boundingBox();
      assert.ok(bar.height <= 740 * 0.15, `the playback bar is ${bar.height}px high`);
      assert.ok(bar.y + bar.height <= 740 + 1, "and on screen");
      for (const button of await page.locator(".playback button").all()) {
        const box = await button.boundingBox();
        const name = await button.getAttribute("aria-label");
        assert.ok(box.width >= 44 && box.height >= 44, `${name}: ${box.width}x${box.height}`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
      assert.match(await page.locator(".speed-value").innerText(), /^0\.05×$/, "the speed shows its factor");
      // A tapped node's actions come on screen, above the playback bar.
      await page.locator('svg [data-node="3"]').click();
      const menu = await page.locator(".node-menu").boundingBox();
      assert.ok(menu.y >= 0 && menu.y + menu.height <= bar.y, `the node's actions are at ${menu.y}..${menu.y + menu.height}`);
      await page.screenshot({ path: join(outDir, `layout-phone-${colorScheme}.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

/**
 * Every visible control on the page that is smaller than 44x44 CSS px, named. A checkbox or
 * radio is measured by the label that wraps it (the label is what a finger taps). Exempt: links
 * inside a sentence (`p a`, `li a` in prose), whose height is the line's, as WCAG 2.5.8 allows.
 */
function smallTargets(page) {
  return page.evaluate(() => {
    const selector = "a[href], button, input, select, textarea, summary, [role=button], [tabindex]";
    const small = [];
    for (const el of document.querySelectorAll(selector)) {
      if (el.matches("p a, li > a") || el.closest("[hidden], [inert]")) continue;
      const target = el.matches("[type=checkbox], [type=radio]") ? el.closest("label") ?? el : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
      if (box.width < 44 || box.height < 44) {
        const name = (el.getAttribute("aria-label") ?? el.textContent).trim().slice(0, 40);
        small.push(`${el.tagName.toLowerCase()} "${name}" is ${box.width.toFixed(0)}x${box.height.toFixed(0)}`);
      }
    }
    return small;
  });
}

test("on a phone every control is a 44x44 px tap target, in each protocol and in Settings", async () => {
  for (const protocol of ["raft", "paxos", "multipaxos"]) {
    const { page, context, problems } = await openPage(browser, base, { width: 375, height: 740 });
    try {
      if (protocol !== "raft") await page.locator("header select").selectOption(protocol);
      await page.locator(`.shell[data-protocol=${protocol}]`).waitFor();
      await seek(page, 3000);
      // The node's actions, the command box and the recent events' seek buttons are shown too.
      await page.locator('svg [data-node="2"]').click();
      await page.locator(".node-menu").waitFor();
      assert.ok(await page.locator(".event-log button").count() > 0, `${protocol}: recent events are listed`);
      assert.deepEqual(await smallTargets(page), [], `${protocol}: controls smaller than 44x44 px`);
      // Settings: Raft's has the bug toggles with their "Show me", Paxos's a scheduled proposal
      // with its "Remove".
      await page.getByRole("button", { name: "Settings" }).click();
      await page.locator("form.settings").waitFor();
      if (protocol === "raft") await page.locator(".settings [data-show-me]").first().waitFor();
      if (protocol === "paxos") await page.locator(".intervention-list button").first().waitFor();
      assert.deepEqual(await smallTargets(page), [], `${protocol} Settings: controls smaller than 44x44 px`);
      if (protocol === "raft") {
        await page.screenshot({ path: join(outDir, "layout-phone-settings.png") });
        // The other dialogs, too.
        for (const name of ["Scenarios", "Share", "Help"]) {
          await page.keyboard.press("Escape");
          await page.locator(".dialog").waitFor({ state: "detached" });
          await page.getByRole("button", { name, exact: true }).click();
          await page.locator(name === "Scenarios" ? "[data-scenario-gallery]" : ".dialog").waitFor();
          assert.deepEqual(await smallTargets(page), [], `${name}: controls smaller than 44x44 px`);
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

/**
 * One meaning per colour (issue 11 item 7; the table is in docs/architecture.md, "Colours"):
 * for each meaning, the elements that show it in Raft, Paxos and Multi-Paxos, as (classes of
 * an SVG or HTML ancestor chain, property). Styles are read from throwaway elements, so every
 * state is checked whatever the run on screen shows.
 */
const MEANINGS = {
  "election / phase 1": [[["role-candidate node", "node-body"], "stroke"], [["kind-RequestVote msg", "msg-shape"], "fill"],
    [["px-node phase-preparing", "node-body"], "stroke"], [["kind-px-Prepare msg", "msg-shape"], "fill"],
    [["kind-px-Nack msg", "msg-shape"], "stroke"], [["mark mark-election"], "stroke"]],
  "leader / phase 2": [[["role-leader node", "node-body"], "stroke"], [["kind-AppendEntries msg", "msg-shape"], "fill"],
    [["px-node phase-accepting", "node-body"], "stroke"], [["kind-px-Accept msg", "msg-shape"], "fill"],
    [["mark mark-leader"], "stroke"]],
  "chosen / committed": [[["quorum-ring"], "stroke"], [["decision-box"], "stroke"], [["kind-px-Chosen msg", "msg-shape"], "fill"],
    [["kind-px-CatchUp msg", "msg-shape"], "stroke"], [["mark mark-commit"], "stroke"],
    [["slot-cell state-chosen", null, "td"], "border-top-color"], [["client-reply done", null, "li"], "border-left-color"]],
  "a fault you made": [[["crash-mark"], "stroke"], [["cut-link"], "stroke"], [["mark mark-fault"], "stroke"],
    [["group-halo group-1"], "stroke"], [["btn btn-danger", null, "button"], "color"]],
  "a safety violation": [[["mark mark-violation"], "stroke"], [["decision is-conflict", "decision-box"], "stroke"],
    [["invariant is-violated", "invariant-status", "span"], "color"]],
  "a bug toggle is on": [[["bug-badge", null, "span"], "background-color"]],
  "you: controls, focus, selection": [[["btn btn-primary", null, "button"], "background-color"], [["selection-ring"], "stroke"],
    [["msg is-selected", "msg-shape"], "stroke"]],
  "a timer running": [[["timer-arc"], "stroke"]],
};

function coloursOf(page) {
  return page.evaluate((meanings) => {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    const html = document.createElement("div");
    document.body.append(svg, html);
    const out = {};
    for (const [meaning, probes] of Object.entries(meanings)) {
      out[meaning] = probes.map(([[outer, inner, tag], property]) => {
        const make = (cls) => {
          const el = tag ? document.createElement(tag) : document.createElementNS("http://www.w3.org/2000/svg", "g");
          el.setAttribute("class", cls);
          return el;
        };
        const top = make(outer);
        (tag ? html : svg).append(top);
        const el = inner ? top.appendChild(make(inner)) : top;
        return [`${outer}${inner ? " ." + inner : ""} ${property}`, getComputedStyle(el).getPropertyValue(property)];
      });
    }
    svg.remove();
    html.remove();
    return out;
  }, MEANINGS);
}

test("one meaning per colour across the three protocols, in light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const { page, context } = await openPage(browser, base, { width: 1280, height: 800 }, { colorScheme });
    try {
      const colours = await coloursOf(page);
      const owner = new Map();
      for (const [meaning, found] of Object.entries(colours)) {
        const [[first, colour]] = found;
        for (const [what, c] of found) assert.equal(c, colour, `${colorScheme}: ${what} shows "${meaning}" like ${first}`);
        assert.ok(!owner.has(colour), `${colorScheme}: ${colour} means both "${owner.get(colour)}" and "${meaning}"`);
        owner.set(colour, meaning);
      }
    } finally {
      await context.close();
    }
  }
});

test("screenshots of the colours at work: a bug biting, a crash and a partition, light and dark", async () => {
  // Figure 8 with its bug on (a violation at about 1 s, crashed servers) and a partition.
  const scenario = scenarioFile("raft-figure-8");
  scenario.raft.bugs = { commit_old_term_by_counting: true };
  scenario.interventions.push({ at: 700, do: "partition", groups: [[2, 3]] });
  for (const colorScheme of ["light", "dark"]) {
    for (const [name, viewport] of [["laptop", { width: 1280, height: 800 }], ["phone", { width: 375, height: 740 }]]) {
      const { page, context, problems } = await openPage(browser, base + linkFor(scenario), viewport, { colorScheme });
      try {
        await seek(page, 1200);
        await page.locator("[data-bug-badge]").waitFor();
        await page.locator('.safety-panel [data-status="violated"]').first().waitFor();
        await page.screenshot({ path: join(outDir, `colours-${name}-${colorScheme}.png`) });
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  }
});
