// Browser benchmark (run by `cargo xtask bench`): the first frame of a first visit, frame time
// while 9 Raft servers play under heavy client traffic, scrub (seek) latency over a long run, and
// frame time with 15 servers at 1× and 10×, in headless Chromium.
// Prints a report; asserts nothing. Needs a built dist/ (`cargo xtask dist`).
//
// Frame time = from an action's dispatch (a playback tick or a scrubber move) to the DOM being
// patched, measured inside the page (`?perf=1`, see web/src/perf.rs).

import { startServer } from "./server.mjs";
import { distDir, launch, linkFor, seek } from "./lib.mjs";
const RUN_MS = 60_000;

// `nodes` servers; S1 is made leader, heartbeats every 10 ms (so dozens of messages are always
// in flight) and a client command every 100 ms.
function linkWith(nodes) {
  const interventions = [{ at: 5, do: "timeout", node: 1 }];
  for (let at = 500, i = 0; at < RUN_MS; at += 100, i++) {
    interventions.push({ at, do: "client", node: 1, command: `set k${i % 50} ${i}` });
  }
  return linkFor({
    version: 1, name: `benchmark: ${nodes} servers, heavy traffic`, protocol: "raft", nodes, seed: 9,
    raft: { heartbeat_ms: 10 }, interventions,
  });
}
const link = linkWith(9);

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))];
};
const fmt = (xs) => `p50 ${percentile(xs, 0.5).toFixed(2)} ms  p95 ${percentile(xs, 0.95).toFixed(2)} ms  max ${Math.max(...xs).toFixed(2)} ms  (n=${xs.length})`;

/** Milliseconds from navigation start to the first frame that shows the nodes, over `loads`
 * first visits (a fresh browser context each: no cache), with when the wasm had arrived and
 * when it was compiled and instantiated. */
async function firstFrames(browser, url, loads) {
  const rows = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => {
      const t = (window.__conlabStart = {});
      const streaming = WebAssembly.instantiateStreaming;
      WebAssembly.instantiateStreaming = async (...args) => {
        const result = await streaming(...args);
        t.instantiated = performance.now();
        return result;
      };
      new MutationObserver((_, observer) => {
        if (!document.querySelector("[data-node]")) return;
        observer.disconnect();
        requestAnimationFrame(() => { t.frame = performance.now(); });
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__conlabStart.frame !== undefined);
    rows.push(await page.evaluate(() => {
      const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
      return { ...window.__conlabStart, fetched: wasm ? wasm.responseEnd : NaN };
    }));
    await context.close();
  }
  return rows;
}

const { server, url } = await startServer({ dir: distDir, prefix: "/" });
const browser = await launch();
try {
  // 0. First visits to the lab, before anything else has run.
  const starts = await firstFrames(browser, url, 9);

  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, reducedMotion: "reduce" })).newPage();
  if (link.length > 16 * 1024) throw new Error(`benchmark link too long: ${link.length}`);
  await page.goto(`${url}?perf=1${link}`);
  await page.locator("[data-node]").first().waitFor();

  // 1. Playback at `factor`× real time (1× is 1000 simulated ms per second) for 8 seconds.
  const play = async (p, factor) => {
    const speed = p.locator(".speed-value");
    while (!(await speed.innerText()).startsWith(`${factor}×`)) await p.getByRole("button", { name: "Faster" }).click();
    await p.evaluate(() => { window.__conlabFrameMs = []; window.__conlabReduceMs = []; });
    await p.getByRole("button", { name: "Play", exact: true }).click();
    await p.waitForTimeout(8_000);
    await p.getByRole("button", { name: "Pause", exact: true }).click();
    return {
      frames: (await p.evaluate(() => window.__conlabFrameMs)).slice(1),
      reduce: (await p.evaluate(() => window.__conlabReduceMs)).slice(1),
      messages: await p.locator("svg [data-kind]").count(),
    };
  };
  const { frames, reduce: playReduce, messages } = await play(page, 1);

  // 2. Scrubbing: extend the run to its end, then jump to random instants.
  const jump = (ms) => page.locator(".scrubber-input").evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, ms);
  // The scrubber reaches as far as the run has been computed (a little past the cursor), so
  // walk to the end in strides.
  const extendStart = Date.now();
  for (let t = 5_000; t <= RUN_MS; t += 1_000) {
    await seek(page, t);
  }
  const extendMs = Date.now() - extendStart;
  const steps = await page.locator("[data-step]").getAttribute("data-step");
  await page.evaluate(() => { window.__conlabFrameMs = []; window.__conlabReduceMs = []; });
  let x = 12345;
  for (let i = 0; i < 200; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    // Without waiting for each redraw: every seek is timed inside the page.
    await jump(x % RUN_MS);
  }
  await page.waitForTimeout(200);
  const seeks = await page.evaluate(() => window.__conlabFrameMs);
  const seekReduce = await page.evaluate(() => window.__conlabReduceMs);

  // 3. Fifteen servers (the most a scenario may have, issue 15's target), at 1× and 10×.
  const big = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, reducedMotion: "reduce" })).newPage();
  await big.goto(`${url}?perf=1${linkWith(15)}`);
  await big.locator("[data-node]").first().waitFor();
  const at1 = await play(big, 1);
  const at10 = await play(big, 10);

  console.log("browser benchmark (headless Chromium)");
  console.log("  first frame of a first visit (navigation start to the first frame showing the nodes, 1280x800, fresh context each)");
  console.log(`    first frame ${fmt(starts.map((s) => s.frame))}`);
  console.log(`    wasm fetched ${fmt(starts.map((s) => s.fetched))}`);
  const instantiated = starts.map((s) => s.instantiated).filter(Number.isFinite);
  if (instantiated.length) console.log(`    wasm compiled and instantiated ${fmt(instantiated)}`);
  console.log(`  playback, 9 servers, heartbeats every 10 ms, a client command every 100 ms, 1× speed (${messages} messages on stage at the end)`);
  console.log(`    frame time  ${fmt(frames)}`);
  console.log(`    of which the simulator (reducer) ${fmt(playReduce)}`);
  console.log(`  scrubbing a ${RUN_MS / 1000} s run (${steps} steps; computing it took ${(extendMs / 1000).toFixed(1)} s)`);
  console.log(`    seek+render ${fmt(seeks)}`);
  console.log(`    of which the seek (reducer) ${fmt(seekReduce)}`);
  for (const [factor, run] of [[1, at1], [10, at10]]) {
    console.log(`  playback, 15 servers, same traffic, ${factor}× speed (${run.messages} messages on stage at the end)`);
    console.log(`    frame time  ${fmt(run.frames)}`);
    console.log(`    of which the simulator (reducer) ${fmt(run.reduce)}`);
  }
} finally {
  await browser.close();
  server.close();
}
