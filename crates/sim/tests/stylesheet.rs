//! The page's one stylesheet, web/css/lab.css, is well formed: an unclosed brace does not fail
//! in the browser, it silently nests every later rule under the open one (CSS nesting), so a
//! whole section stops matching. A merge once did exactly that to the guide's styles.

use std::path::Path;

/// `css` without its `/* … */` comments.
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The line of the first brace that closes nothing, or of the last one left open.
fn unbalanced_brace(css: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (number, line) in strip_comments(css).lines().enumerate() {
        for c in line.chars() {
            match c {
                '{' => open.push(number + 1),
                '}' if open.pop().is_none() => return Some(number + 1),
                _ => {}
            }
        }
    }
    open.pop()
}

#[test]
fn every_rule_in_the_stylesheet_closes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/css/lab.css");
    let css = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        unbalanced_brace(&css),
        None,
        "unbalanced brace in {}",
        path.display()
    );
}

#[test]
fn an_unclosed_rule_is_found() {
    assert_eq!(
        unbalanced_brace("a { b: c; }\n/* { */\n.d {\n  e: f;\n"),
        Some(3)
    );
    assert_eq!(unbalanced_brace("a { }\n}\n"), Some(2));
    assert_eq!(unbalanced_brace("@media print { a { b: c; } }"), None);
}
