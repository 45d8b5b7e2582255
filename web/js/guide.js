// The guide's reading column and glossary popovers, as plain DOM work (cheaper here than in
// the wasm): see web/src/components/guide.rs. The guide's files are the project's own static
// HTML, the one thing the page inserts as markup; everything a user or a link supplies is text.

let glossary;

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/** Fill `column` with the guide file `file`; scroll to glossary entry `slug` if given. */
export async function showGuide(column, file, slug) {
  column.replaceChildren();
  column.setAttribute("aria-busy", "true");
  try {
    const text = await fetchText(file);
    if (file.endsWith("glossary.html")) glossary = text;
    column.innerHTML = text;
    const playgrounds = column.querySelectorAll("[data-quorum-playground]");
    if (playgrounds.length) {
      // Chapter 1's playground is guide content too: fetched with the chapter, not the app.
      const { quorumPlayground } = await import(new URL("guide/quorum.js", document.baseURI).href);
      playgrounds.forEach(quorumPlayground);
    }
    if (slug) document.getElementById(`glossary-${slug}`)?.scrollIntoView();
  } catch {
    const notice = document.createElement("p");
    notice.className = "guide-notice";
    notice.setAttribute("role", "alert");
    notice.textContent = `Could not load ${file}: the guide could not be opened. Check your connection and try again.`;
    column.replaceChildren(notice);
  }
  column.removeAttribute("aria-busy");
}

let open; // { link, popover }

function close(focus) {
  if (!open) return;
  open.popover.remove();
  if (focus) open.link.focus();
  open = undefined;
}

async function definition(slug) {
  glossary ??= await fetchText("guide/glossary.html");
  const holder = document.createElement("template");
  holder.innerHTML = glossary;
  return holder.content.querySelector(`[data-glossary-term="${slug}"] dd`);
}

/** Below `link`, inside the viewport: for the lab's labels, whose DOM belongs to the app. */
function float(popover, link) {
  popover.classList.add("is-floating");
  document.body.append(popover);
  const at = link.getBoundingClientRect();
  const width = Math.min(360, document.documentElement.clientWidth - 16);
  popover.style.width = `${width}px`;
  popover.style.left = `${Math.max(8, Math.min(at.left, document.documentElement.clientWidth - width - 8)) + scrollX}px`;
  popover.style.top = `${at.bottom + 6 + scrollY}px`;
}

/**
 * Once: a click, Enter or tap on `a[data-term]` — in the guide, a tour, or a lab label (legend,
 * safety checks) — opens its definition; a click elsewhere or Esc closes it.
 */
export function installPopovers() {
  document.addEventListener("click", async (e) => {
    const link = e.target.closest?.("a[data-term]");
    if (!link) {
      if (open && !open.popover.contains(e.target)) close(false);
      return;
    }
    const inGuide = link.closest(".guide-column");
    if (!inGuide && !link.closest(".tour-panel, .legend, .safety-panel")) return;
    const slug = link.dataset.term;
    if (!/^[a-z0-9-]{1,64}$/.test(slug)) return;
    e.preventDefault();
    const again = open?.link === link;
    close(false);
    if (again) return;
    const popover = document.createElement("div");
    popover.className = "glossary-popover";
    popover.setAttribute("role", "note");
    popover.dataset.popover = slug;
    open = { link, popover };
    if (inGuide) link.after(popover);
    else float(popover, link);
    try {
      const dd = await definition(slug);
      if (dd) popover.innerHTML = dd.innerHTML;
      else popover.textContent = "This term is not in the glossary yet.";
    } catch {
      popover.textContent = "The glossary could not be loaded.";
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    }
  }, true);
}
