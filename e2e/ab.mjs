// A/B of rendering changes: frame time with 15 servers (bench.mjs's heavy-traffic scenario) at
// 1× and 10×, for two built dists served side by side, their pages played in turn for 3 s each
// over ROUNDS rounds (5 by default), so that both see the same machine: on a shared VM one
// build's frame times swing by a third from one run to the next. Prints mean, p50 and p95 per
// dist; asserts nothing.
//
//   cargo xtask dist && cp -r dist /tmp/distB     # and /tmp/distA from the other commit
//   CONLAB_A=/tmp/distA CONLAB_B=/tmp/distB node e2e/ab.mjs
import { startServer } from "./server.mjs";
import { launch, linkFor } from "./lib.mjs";
const RUN_MS = 60_000;
function linkWith(nodes) {
  const interventions = [{ at: 5, do: "timeout", node: 1 }];
  for (let at = 500, i = 0; at < RUN_MS; at += 100, i++) interventions.push({ at, do: "client", node: 1, command: `set k${i % 50} ${i}` });
  return linkFor({ version: 1, name: "b", protocol: "raft", nodes, seed: 9, raft: { heartbeat_ms: 10 }, interventions });
}
const pc = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))]; };
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const A = await startServer({ dir: process.env.CONLAB_A, prefix: "/" });
const B = await startServer({ dir: process.env.CONLAB_B, prefix: "/" });
const browser = await launch();
const rounds = Number(process.env.ROUNDS ?? 5);
try {
  const open = async (url) => {
    const p = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, reducedMotion: "reduce" })).newPage();
    await p.goto(`${url}?perf=1${linkWith(15)}`);
    await p.locator("[data-node]").first().waitFor();
    return p;
  };
  const pages = { A: await open(A.url), B: await open(B.url) };
  const res = { A: { 1: [], 10: [] }, B: { 1: [], 10: [] } };
  for (const factor of [1, 10]) {
    for (const k of ["A", "B"]) {
      const p = pages[k], speed = p.locator(".speed-value");
      while (!(await speed.innerText()).startsWith(`${factor}×`)) await p.getByRole("button", { name: "Faster" }).click();
    }
    for (let r = 0; r < rounds; r++) for (const k of (r % 2 ? ["B", "A"] : ["A", "B"])) {
      const p = pages[k];
      await p.bringToFront();
      await p.evaluate(() => { window.__conlabFrameMs = []; });
      await p.getByRole("button", { name: "Play", exact: true }).click();
      await p.waitForTimeout(3_000);
      await p.getByRole("button", { name: "Pause", exact: true }).click();
      res[k][factor].push(...(await p.evaluate(() => window.__conlabFrameMs)).slice(2));
    }
  }
  for (const k of ["A", "B"]) console.log(`${k}: ` + [1, 10].map((f) => `${f}x mean ${mean(res[k][f]).toFixed(2)} p50 ${pc(res[k][f], .5).toFixed(1)} p95 ${pc(res[k][f], .95).toFixed(1)} n=${res[k][f].length}`).join("  |  "));
} finally { await browser.close(); A.server.close(); B.server.close(); }
