//! Short import and export names for the page's wasm (issue 15, "a lean bundle").
//! wasm-bindgen names every function the wasm imports from its glue `__wbg_<name>_<16 hex
//! digits>`, and each name is written twice — in the wasm's import section and as a key in the
//! glue's imports object — where gzip can do little with the hex; its exports have names like
//! `wasm_bindgen_<hash>___convert__closures_____invoke___…` of up to 200 characters. This pass
//! renames them `a`, `b`, … `ba`, … in both files (and the glue's module `./conlab-web_bg.js`
//! to `a`), after Trunk and esbuild.
//!
//! Only imports from the glue module are renamed: snippet modules are handed to the wasm as
//! they are, so their export names must stay. Only exports wasm-bindgen generated are renamed
//! (names starting `__` or `wasm_bindgen`): `memory` and `main` keep theirs; only the glue
//! uses the others (web/boot.js calls its `init`). Every renamed import must occur exactly once
//! in the glue as a whole identifier; anything else stops the build rather than ship a page
//! that cannot link.

use crate::util::Result;

/// What the glue's own module is called in the import section (wasm-bindgen's convention).
const GLUE_SUFFIX: &str = "_bg.js";

/// `wasm` and `js` with the glue's import names shortened; also returns how many were.
pub fn shorten(wasm: &[u8], js: &str) -> Result<(Vec<u8>, String, usize)> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut out = wasm[..8].to_vec();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut glue_module: Option<String> = None;
    let mut export_renames: Vec<(String, String)> = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (len, body_at) = leb(wasm, at + 1)?;
        let body = wasm
            .get(body_at..body_at + len)
            .ok_or("a wasm section runs past the end")?;
        let body = match id {
            2 => imports(body, &mut renames, &mut glue_module)?,
            7 => exports(body, &mut export_renames)?,
            _ => body.to_vec(),
        };
        out.push(id);
        put_leb(&mut out, body.len());
        out.extend_from_slice(&body);
        at = body_at + len;
    }
    let Some(module) = glue_module else {
        return Ok((out, js.to_string(), 0));
    };
    let js = rename_identifiers(js, &renames, |n| n == 1)?;
    // Exports the glue never calls (`__abort_handler`) are renamed too: nothing else uses them.
    let js = rename_identifiers(&js, &export_renames, |_| true)?;
    let key = format!("\"{module}\":");
    if js.matches(&key).count() != 1 {
        return Err(format!("the glue names its module {key} other than once"));
    }
    let renamed = renames.len() + export_renames.len();
    Ok((out, js.replacen(&key, "a:", 1), renamed))
}

/// The export section `body` with wasm-bindgen's export names shortened (recorded in
/// `renames`).
fn exports(body: &[u8], renames: &mut Vec<(String, String)>) -> Result<Vec<u8>> {
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::new();
    put_leb(&mut out, count);
    for _ in 0..count {
        let (field, next) = name(body, at)?;
        // A kind byte, then an index.
        let desc_end = leb(body, next + 1)?.1;
        if field.starts_with("__") || field.starts_with("wasm_bindgen") {
            let short = short_name(renames.len());
            put_name(&mut out, &short);
            renames.push((field, short));
        } else {
            put_name(&mut out, &field);
        }
        out.extend_from_slice(&body[next..desc_end]);
        at = desc_end;
    }
    Ok(out)
}

/// The import section `body` with the glue's fields renamed (recorded in `renames`).
fn imports(
    body: &[u8],
    renames: &mut Vec<(String, String)>,
    glue_module: &mut Option<String>,
) -> Result<Vec<u8>> {
    let (count, mut at) = leb(body, 0)?;
    let mut out = Vec::new();
    put_leb(&mut out, count);
    for _ in 0..count {
        let (module, next) = name(body, at)?;
        let (field, next) = name(body, next)?;
        let desc_end = skip_desc(body, next)?;
        let desc = &body[next..desc_end];
        at = desc_end;
        if module.ends_with(GLUE_SUFFIX) {
            if glue_module.get_or_insert_with(|| module.clone()) != &module {
                return Err("two glue modules in the import section".into());
            }
            let short = match renames.iter().find(|(old, _)| *old == field) {
                Some((_, short)) => short.clone(),
                None => {
                    let short = short_name(renames.len());
                    renames.push((field, short.clone()));
                    short
                }
            };
            put_name(&mut out, "a");
            put_name(&mut out, &short);
        } else {
            put_name(&mut out, &module);
            put_name(&mut out, &field);
        }
        out.extend_from_slice(desc);
    }
    Ok(out)
}

/// Replace each whole identifier of `js` named in `renames`; the number of times each occurs
/// must satisfy `count_ok`.
fn rename_identifiers(
    js: &str,
    renames: &[(String, String)],
    count_ok: impl Fn(usize) -> bool,
) -> Result<String> {
    let wanted: std::collections::HashMap<&str, (&str, usize)> = renames
        .iter()
        .enumerate()
        .map(|(i, (old, new))| (old.as_str(), (new.as_str(), i)))
        .collect();
    let mut seen = vec![0usize; renames.len()];
    let mut out = String::with_capacity(js.len());
    let mut rest = js;
    while let Some(start) = rest.find(is_ident) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        match wanted.get(word) {
            Some(&(new, i)) => {
                seen[i] += 1;
                out.push_str(new);
            }
            None => out.push_str(word),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    if let Some(i) = seen.iter().position(|&n| !count_ok(n)) {
        return Err(format!("the glue names {} {} times", renames[i].0, seen[i]));
    }
    Ok(out)
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// `a` … `z`, `A` … `Z`, then two letters: the `n`th short name.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = String::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()] as char);
        n /= LETTERS.len();
        if n == 0 {
            return name;
        }
        n -= 1;
    }
}

/// Where an import's description (after its two names) ends.
fn skip_desc(body: &[u8], at: usize) -> Result<usize> {
    let kind = *body.get(at).ok_or("an import ends early")?;
    let at = at + 1;
    let limits = |at: usize| -> Result<usize> {
        let flags = *body.get(at).ok_or("an import ends early")?;
        let (_, at) = leb(body, at + 1)?;
        Ok(if flags & 1 == 1 { leb(body, at)?.1 } else { at })
    };
    match kind {
        0 => Ok(leb(body, at)?.1),     // function: type index
        1 => limits(at + 1),           // table: element type, limits
        2 => limits(at),               // memory: limits
        3 => Ok(at + 2),               // global: value type, mutability
        4 => Ok(leb(body, at + 1)?.1), // tag: attribute, type index
        _ => Err(format!("unknown import kind {kind}")),
    }
}

fn name(body: &[u8], at: usize) -> Result<(String, usize)> {
    let (len, at) = leb(body, at)?;
    let bytes = body.get(at..at + len).ok_or("a name runs past the end")?;
    let text = std::str::from_utf8(bytes).map_err(|_| "a name is not UTF-8")?;
    Ok((text.to_string(), at + len))
}

fn put_name(out: &mut Vec<u8>, name: &str) {
    put_leb(out, name.len());
    out.extend_from_slice(name.as_bytes());
}

/// An unsigned LEB128 number at `at`, and where it ends.
fn leb(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let (mut value, mut shift) = (0usize, 0);
    loop {
        let byte = *bytes.get(at).ok_or("a number runs past the end")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 35 {
            return Err("a number is too long".into());
        }
    }
}

fn put_leb(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing `__wbg_log_0123` from the glue and `mount` from a snippet.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        put_leb(&mut imports, 2);
        for (module, field) in [
            ("./x_bg.js", "__wbg_log_0123"),
            ("./snippets/s.js", "mount"),
        ] {
            put_name(&mut imports, module);
            put_name(&mut imports, field);
            imports.extend_from_slice(&[0, 0]); // a function of type 0
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
        wasm.push(2);
        put_leb(&mut wasm, imports.len());
        wasm.extend_from_slice(&imports);
        let mut exports = Vec::new();
        put_leb(&mut exports, 2);
        for (field, kind) in [("memory", 2), ("__wbindgen_malloc", 0)] {
            put_name(&mut exports, field);
            exports.extend_from_slice(&[kind, 0]);
        }
        wasm.push(7);
        put_leb(&mut wasm, exports.len());
        wasm.extend_from_slice(&exports);
        wasm
    }

    fn export_names(wasm: &[u8]) -> Vec<String> {
        let mut at = 8;
        while wasm[at] != 7 {
            let (len, body) = leb(wasm, at + 1).unwrap();
            at = body + len;
        }
        let (_, body) = leb(wasm, at + 1).unwrap();
        let (count, mut at) = leb(wasm, body).unwrap();
        (0..count)
            .map(|_| {
                let (field, next) = name(wasm, at).unwrap();
                at = next + 2;
                field
            })
            .collect()
    }

    fn import_names(wasm: &[u8]) -> Vec<(String, String)> {
        let at = 8 + 6; // magic, version, type section
        assert_eq!(wasm[at], 2);
        let (_, body) = leb(wasm, at + 1).unwrap();
        let (count, mut at) = leb(wasm, body).unwrap();
        (0..count)
            .map(|_| {
                let (m, next) = name(wasm, at).unwrap();
                let (f, next) = name(wasm, next).unwrap();
                at = skip_desc(wasm, next).unwrap();
                (m, f)
            })
            .collect()
    }

    #[test]
    fn glue_imports_and_exports_get_short_names_in_both_files_and_others_keep_theirs() {
        let js = r#"const i={"./x_bg.js":{__wbg_log_0123:function(){}},"./snippets/s.js":S};"#;
        let js = format!("{js}c.__wbindgen_malloc(1);c.__wbindgen_malloc(2);c.memory");
        let (wasm, js, renamed) = shorten(&module(), &js).unwrap();
        assert_eq!(renamed, 2);
        assert_eq!(
            import_names(&wasm),
            [
                ("a".into(), "a".into()),
                ("./snippets/s.js".into(), "mount".into())
            ]
        );
        assert_eq!(
            js,
            r#"const i={a:{a:function(){}},"./snippets/s.js":S};c.a(1);c.a(2);c.memory"#
        );
        assert_eq!(export_names(&wasm), ["memory", "a"]);
    }

    #[test]
    fn a_name_the_glue_does_not_hold_as_expected_stops_the_build() {
        let twice = r#"{"./x_bg.js":{__wbg_log_0123:1},y:__wbg_log_0123};c.__wbindgen_malloc"#;
        assert!(shorten(&module(), twice).is_err());
        let absent = r#"{"./x_bg.js":{}};c.__wbindgen_malloc"#;
        assert!(shorten(&module(), absent).is_err());
        let export_unused = r#"{"./x_bg.js":{__wbg_log_0123:1}}"#;
        assert!(shorten(&module(), export_unused).is_ok());
        // A longer identifier that merely contains the name is not it.
        let longer = r#"{"./x_bg.js":{__wbg_log_0123:1,x__wbg_log_0123:2}};c.__wbindgen_malloc"#;
        assert!(shorten(&module(), longer).is_ok());
    }

    #[test]
    fn short_names_are_distinct() {
        let names: std::collections::HashSet<String> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(52), "aa");
    }
}
