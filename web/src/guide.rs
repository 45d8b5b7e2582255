//! The guide's routes (`#guide…` fragments) and where their files are: the guide's prose is
//! the project's own static HTML in `web/guide/` (copied to `dist/guide/`), fetched only when
//! someone opens it, and its tours are scenario files in `web/guide/tours/`.

/// A place in the guide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#guide`: the table of contents.
    Index,
    /// `#guide/N`: chapter N (1 to 6).
    Chapter(u8),
    /// `#guide/glossary` or `#guide/glossary/SLUG`.
    Glossary(Option<String>),
    Faq,
    Cheatsheet,
    /// `#guide/N/K`: chapter N's K-th tour, played in the lab.
    Tour(u8, u8),
}

/// The guide route a fragment (without `#`) names, if it is one. Only known names and small
/// numbers pass, so a fragment never names an arbitrary file.
pub fn route(fragment: &str) -> Option<Route> {
    let rest = fragment.strip_prefix("guide")?;
    if rest.is_empty() || rest == "/" {
        return Some(Route::Index);
    }
    let parts: Vec<&str> = rest.strip_prefix('/')?.split('/').collect();
    let number = |s: &str| s.parse::<u8>().ok().filter(|n| (1..=20).contains(n));
    match parts.as_slice() {
        ["glossary"] => Some(Route::Glossary(None)),
        ["glossary", slug] if is_slug(slug) => Some(Route::Glossary(Some(slug.to_string()))),
        ["faq"] => Some(Route::Faq),
        ["cheatsheet"] => Some(Route::Cheatsheet),
        [n] => number(n).filter(|n| *n <= 6).map(Route::Chapter),
        [n, k] => Some(Route::Tour(number(n).filter(|n| *n <= 6)?, number(k)?)),
        _ => None,
    }
}

/// A glossary slug: lowercase words joined by '-'.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Route {
    /// The file the route shows (relative to the page).
    pub fn file(&self) -> String {
        match self {
            Route::Index => "guide/index.html".into(),
            Route::Chapter(n) => format!("guide/{n}.html"),
            Route::Glossary(_) => GLOSSARY.into(),
            Route::Faq => "guide/faq.html".into(),
            Route::Cheatsheet => "guide/cheatsheet.html".into(),
            Route::Tour(n, k) => format!("guide/tours/{n}-{k}.json"),
        }
    }
}

/// The glossary's file, which popovers read definitions from.
pub const GLOSSARY: &str = "guide/glossary.html";

/// The guide route in the address bar, if any.
pub fn current() -> Option<Route> {
    let hash = web_sys::window()?.location().hash().ok()?;
    route(hash.trim_start_matches('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_name_only_the_guide_files() {
        assert_eq!(route("guide"), Some(Route::Index));
        assert_eq!(route("guide/3"), Some(Route::Chapter(3)));
        assert_eq!(route("guide/3/1"), Some(Route::Tour(3, 1)));
        assert_eq!(route("guide/faq"), Some(Route::Faq));
        assert_eq!(route("guide/cheatsheet"), Some(Route::Cheatsheet));
        assert_eq!(
            route("guide/glossary/commit-index"),
            Some(Route::Glossary(Some("commit-index".into())))
        );
        assert_eq!(Route::Tour(3, 2).file(), "guide/tours/3-2.json");
        for bad in [
            "1.abc",
            "guide/7",
            "guide/0",
            "guide/../x",
            "guide/glossary/A B",
            "guide/3/1/2",
            "guidex",
        ] {
            assert_eq!(route(bad), None, "{bad}");
        }
    }
}
