// Export and import (issue 14 item 5), with the browser's own tools: a download link for what
// the lab writes, XMLSerializer and a canvas for the stage's picture, FileReader for a scenario
// file picked or dropped on the page. See web/src/files.rs.

/** Offer `text` as a file called `name`. */
export function download(name, text, type) {
  save(name, new Blob([text], { type }));
}

function save(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// What the stage's look depends on, copied from the page's stylesheet into each element.
const STYLE = ["fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
  "opacity", "font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline", "visibility", "display"];

/** The stage `svg` as a standalone SVG document: its styles inlined, its background drawn. */
function standalone(svg) {
  const copy = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [copy, ...copy.querySelectorAll("*")];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    to[i].setAttribute("style", STYLE.map((p) => `${p}:${style.getPropertyValue(p)}`).join(";"));
    to[i].removeAttribute("class");
  });
  const box = svg.viewBox.baseVal;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", box.width);
  copy.setAttribute("height", box.height);
  const back = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of [["x", box.x], ["y", box.y], ["width", box.width], ["height", box.height]]) back.setAttribute(k, v);
  back.setAttribute("fill", getComputedStyle(svg.closest(".stage") ?? svg).backgroundColor);
  copy.prepend(back);
  return new XMLSerializer().serializeToString(copy);
}

/** Download the stage `svg` as `name`.svg, or as `name`.png at twice its size. */
export function exportStage(svg, name, png) {
  const text = standalone(svg);
  if (!png) return download(`${name}.svg`, text, "image/svg+xml");
  const box = svg.viewBox.baseVal;
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = box.width * 2;
    canvas.height = box.height * 2;
    canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => blob && save(`${name}.png`, blob), "image/png");
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
}

function read(file, done) {
  if (file.size > 1_000_000) return done(file.name, "");
  file.text().then((text) => done(file.name, text), () => done(file.name, ""));
}

/** Let the user pick a file; hand its name and text to `done`. */
export function pickFile(done) {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".json,application/json";
  input.addEventListener("change", () => input.files[0] && read(input.files[0], done));
  input.click();
}

/** Once: a file dropped anywhere on the page goes to `done` (name, text). */
export function onDroppedFile(done) {
  addEventListener("dragover", (e) => {
    if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
  });
  addEventListener("drop", (e) => {
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    read(file, done);
  });
}
