// The page's scenario codec with the browser's own tools: see web/src/codec.rs.

export async function packBody(text) {
  const packed = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(packed).arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function unpackBody(body, maxBytes) {
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) throw "base64";
  const binary = atob(body.replaceAll("-", "+").replaceAll("_", "/"));
  const packed = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const reader = new Blob([packed])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"))
    .getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw "too large";
      }
      chunks.push(value);
    }
  } catch {
    throw "inflate";
  }
  const text = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    text.set(chunk, at);
    at += chunk.length;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(text);
  } catch {
    throw "utf8";
  }
}

export function parseWatched(text) {
  const pending = [];
  const watch = (value, path) => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((item, i) => watch(item, `${path}[${i}]`));
    const keys = new Set(Object.keys(value));
    // A tour step's `expect` is for the tests; the page's build skips it (crates/sim/src/tour.rs).
    if (/^tour\[\d+\]$/.test(path)) keys.delete("expect");
    pending.push({ path, keys });
    for (const key of keys) value[key] = watch(value[key], path ? `${path}.${key}` : key);
    return new Proxy(value, {
      get(target, key, receiver) {
        keys.delete(key);
        return Reflect.get(target, key, receiver);
      },
    });
  };
  const value = watch(JSON.parse(text), "");
  const unread = () => {
    for (const { path, keys } of pending) {
      for (const key of keys) return path ? `${path}.${key}` : key;
    }
    return undefined;
  };
  return { value, unread };
}
