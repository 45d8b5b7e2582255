// Chapter 1's quorum-intersection playground (web/guide/1.html, next to tour 1/2), loaded by
// web/js/guide.js only when a page holds a <figure data-quorum-playground>: it is guide
// content, copied to dist/guide/ and not part of the app's bundle.

// ---------- The quorum-intersection playground (chapter 1, next to tour 1/2) ----------
// Plain buttons in a <figure data-quorum-playground>: pick n, a quorum size and two quorums
// A and B; a live line says whether each is a quorum and which servers they share. Built
// here because the guide's HTML holds no controls; all text goes in through textContent.

function el(tag, props, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const names = (set) => [...set].sort((a, b) => a - b).map((i) => `S${i}`);

function list(items) {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A toggle button with aria-pressed; `data` are its data-* hooks. */
function toggle(text, data, label, onPress) {
  const button = el("button", { type: "button", className: "qp-toggle", textContent: text });
  Object.assign(button.dataset, data);
  if (label) button.setAttribute("aria-label", label);
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", onPress);
  return button;
}

let playgrounds = 0;

export function quorumPlayground(figure) {
  const state = { n: 5, size: 3, a: new Set(), b: new Set() };
  const majority = (n) => Math.floor(n / 2) + 1;
  const sizes = el("select", { className: "qp-size" });
  sizes.dataset.qpSize = "";
  const sizeId = `qp-size-${++playgrounds}`;
  sizes.id = sizeId;
  const countRow = el("div", { className: "qp-row", role: "group" });
  countRow.setAttribute("aria-label", "Servers");
  const rows = {};
  const status = el("p", { className: "qp-status" });
  status.dataset.qpStatus = "";
  status.setAttribute("aria-live", "polite");
  const verdict = el("p", { className: "qp-verdict" });
  verdict.setAttribute("aria-live", "polite");

  /** The default picks for a size: the first and the last `size` servers. */
  function reset() {
    state.a = new Set(Array.from({ length: state.size }, (_, i) => i + 1));
    state.b = new Set(Array.from({ length: state.size }, (_, i) => state.n - i));
  }

  function describe(label, set) {
    const who = set.size ? list(names(set)) : "nobody";
    const verdict = set.size >= state.size
      ? `a quorum (${set.size} of ${state.n})`
      : `not a quorum: ${set.size} of ${state.n}, needs ${state.size}`;
    return `${label}: ${who}, ${verdict}.`;
  }

  /** Rebuild what depends on n: the server buttons and the size options. */
  function build() {
    for (const [key, row] of Object.entries(rows)) {
      row.replaceChildren(...Array.from({ length: state.n }, (_, i) => {
        const id = i + 1;
        return toggle(`S${id}`, { qpPick: `${key}-${id}` }, `S${id} in quorum ${key.toUpperCase()}`, () => {
          const set = state[key];
          if (set.has(id)) set.delete(id); else set.add(id);
          render();
        });
      }));
    }
    sizes.replaceChildren(...Array.from({ length: state.n }, (_, i) => {
      const k = i + 1;
      const text = k >= majority(state.n) ? `${k} of ${state.n}` : `${k} of ${state.n} (below a majority)`;
      return el("option", { value: String(k), textContent: text });
    }));
  }

  function render() {
    for (const button of countRow.children) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.qpN) === state.n));
    }
    for (const [key, row] of Object.entries(rows)) {
      for (const [i, button] of [...row.children].entries()) {
        button.setAttribute("aria-pressed", String(state[key].has(i + 1)));
        button.classList.toggle("qp-shared", state.a.has(i + 1) && state.b.has(i + 1));
      }
    }
    sizes.value = String(state.size);
    const shared = [...state.a].filter((id) => state.b.has(id));
    const both = state.a.size >= state.size && state.b.size >= state.size;
    const share = shared.length
      ? `A and B share ${list(names(shared))}.`
      : `A and B share no server${both ? ": two quorums that never hear of each other." : "."}`;
    status.textContent = `${describe("Quorum A", state.a)} ${describe("Quorum B", state.b)} ${share}`;
    const below = state.size < majority(state.n);
    verdict.dataset.qpVerdict = below ? "below" : "majority";
    verdict.textContent = below
      ? `Warning: ${state.size} of ${state.n} is not a majority (that takes ${majority(state.n)}), so two quorums can be disjoint, like A and B here. In a partition, A's side can choose one value while B's side chooses another, and no server is in both to carry the first choice into the second: agreement breaks. Tour 1/2 shows it, with the checker flagging it.`
      : `Any two quorums of ${state.size} out of ${state.n} share at least one server, whatever you pick. So when a partition splits the servers, only the side holding ${state.size} or more can choose a value; the other side cannot gather a quorum and chooses nothing.`;
  }

  for (const n of [3, 5, 7]) {
    countRow.append(toggle(String(n), { qpN: String(n) }, `${n} servers`, () => {
      state.n = n;
      state.size = majority(n);
      reset();
      build();
      render();
    }));
  }
  sizes.addEventListener("change", () => {
    state.size = Number(sizes.value);
    reset();
    render();
  });
  for (const key of ["a", "b"]) {
    rows[key] = el("div", { className: "qp-row", role: "group" });
    rows[key].setAttribute("aria-label", `Quorum ${key.toUpperCase()}`);
  }
  const line = (label, control) => el("div", { className: "qp-line" }, label, control);
  const sizeLabel = el("label", { textContent: "Quorum size", htmlFor: sizeId });
  figure.append(el("div", { className: "qp-controls" },
    line(el("span", { className: "qp-label", textContent: "Servers" }), countRow),
    line(sizeLabel, sizes),
    line(el("span", { className: "qp-label", textContent: "Quorum A" }), rows.a),
    line(el("span", { className: "qp-label", textContent: "Quorum B" }), rows.b),
  ), status, verdict);
  reset();
  build();
  render();
}
