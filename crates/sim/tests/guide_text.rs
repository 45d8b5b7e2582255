//! The guide's prose (`web/guide/*.html`, issue 12) is trusted static content that the page
//! inserts as HTML, so it is held to the format fixed for it: a small set of tags, no style or
//! script, no links off the page, the hooks the page and the e2e tests look for (chapters,
//! key boxes, tips, warnings, tour links, glossary terms, FAQ entries, the cheat sheet), every
//! glossary link pointing at an existing entry, and unique ids. Plain string scanning, no
//! dependencies; the `broken_*` tests prove each rule fails on a bad file.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// Tags the guide may use: the formatting set of the issue plus the containers its format
/// names (`article` for chapters, FAQ and cheat sheet, `nav` for the index, `section` for an
/// FAQ entry, `div` for a glossary entry).
const ALLOWED_TAGS: [&str; 28] = [
    "h1",
    "h2",
    "h3",
    "p",
    "ul",
    "ol",
    "li",
    "em",
    "strong",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "aside",
    "a",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "article",
    "nav",
    "section",
    "div",
];

/// Attributes the guide may use; `data-*` is allowed as well.
const ALLOWED_ATTRIBUTES: [&str; 5] = ["class", "id", "href", "scope", "aria-label"];

/// The cheat sheet must print on two A4 pages; its text length is the native proxy for
/// that (the e2e suite prints it to PDF).
const CHEATSHEET_MAX_TEXT_CHARS: usize = 7_000;

fn guide_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/guide")
}

fn read(name: &str) -> String {
    let path = guide_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One start or end tag of a fragment.
#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
}

impl Tag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The parts of a fragment: its tags in order and its text with the tags removed.
struct Parsed {
    tags: Vec<Tag>,
    text: String,
}

/// Splits a fragment into tags and text; a malformed tag or attribute is a problem.
fn parse(src: &str, problems: &mut Vec<String>) -> Parsed {
    let mut tags = Vec::new();
    let mut text = String::new();
    let mut rest = src;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            problems.push("a '<' is never closed by '>'".into());
            break;
        };
        match parse_tag(&rest[start + 1..start + end]) {
            Ok(tag) => tags.push(tag),
            Err(e) => problems.push(e),
        }
        text.push(' ');
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    Parsed { tags, text }
}

/// Parses the inside of `<...>`: a name, then `name="value"` attributes.
fn parse_tag(inner: &str) -> Result<Tag, String> {
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_string();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("<{inner}> is not a plain tag"));
    }
    let mut attributes = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let name_end = rest.find(['=', ' ']).unwrap_or(rest.len());
        let attr = rest[..name_end].to_string();
        rest = &rest[name_end..];
        let value = if let Some(quoted) = rest.strip_prefix("=\"") {
            let close = quoted
                .find('"')
                .ok_or_else(|| format!("<{name}>: attribute {attr} is never closed"))?;
            let value = quoted[..close].to_string();
            rest = &quoted[close + 1..];
            value
        } else if rest.starts_with('=') {
            return Err(format!(
                "<{name}>: attribute {attr} is not in double quotes"
            ));
        } else {
            String::new()
        };
        attributes.push((attr, value));
        rest = rest.trim_start();
    }
    if closing && !attributes.is_empty() {
        return Err(format!("</{name}> has attributes"));
    }
    Ok(Tag {
        name,
        closing,
        attributes,
    })
}

/// The rules every guide file follows: allowed tags and attributes only, links inside the
/// page only, tags properly nested, entities well formed.
fn common_problems(parsed: &Parsed) -> Vec<String> {
    let mut problems = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for tag in &parsed.tags {
        if !ALLOWED_TAGS.contains(&tag.name.as_str()) {
            problems.push(format!("<{}> is not an allowed tag", tag.name));
        }
        for (name, value) in &tag.attributes {
            if !name.starts_with("data-") && !ALLOWED_ATTRIBUTES.contains(&name.as_str()) {
                problems.push(format!(
                    "<{}> has the attribute {name}, not allowed",
                    tag.name
                ));
            }
            if name == "href" && !value.starts_with('#') {
                problems.push(format!("link {value:?} leaves the page"));
            }
        }
        if tag.closing {
            match open.pop() {
                Some(name) if name == tag.name => {}
                other => problems.push(format!(
                    "</{}> closes <{}>",
                    tag.name,
                    other.unwrap_or("nothing")
                )),
            }
        } else {
            open.push(&tag.name);
        }
    }
    if let Some(name) = open.last() {
        problems.push(format!("<{name}> is never closed"));
    }
    let mut rest = parsed.text.as_str();
    while let Some(at) = rest.find('&') {
        rest = &rest[at + 1..];
        let entity = rest.split(';').next().unwrap_or("");
        let known = ["amp", "lt", "gt", "quot"].contains(&entity)
            || (entity.starts_with('#') && entity[1..].chars().all(|c| c.is_ascii_digit()));
        if !known || !rest.contains(';') {
            problems.push("a '&' that is not &amp;, &lt;, &gt;, &quot; or &#N;".into());
        }
    }
    problems
}

/// The tags that open an element with the given attribute value.
fn with_attr<'a>(parsed: &'a Parsed, attr: &'a str) -> impl Iterator<Item = (&'a Tag, &'a str)> {
    parsed
        .tags
        .iter()
        .filter(|t| !t.closing)
        .filter_map(move |t| t.attribute(attr).map(|v| (t, v)))
}

/// Every `data-term` link: a well-formed slug whose href is its glossary address.
fn term_links(parsed: &Parsed, problems: &mut Vec<String>) -> BTreeSet<String> {
    let mut slugs = BTreeSet::new();
    for (tag, slug) in with_attr(parsed, "data-term") {
        let well_formed = !slug.is_empty()
            && slug.split('-').all(|w| {
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
        if !well_formed {
            problems.push(format!(
                "data-term {slug:?} is not lowercase words joined by '-'"
            ));
        }
        let want = format!("#guide/glossary/{slug}");
        if tag.name != "a" || tag.attribute("href") != Some(want.as_str()) {
            problems.push(format!(
                "the data-term {slug} link must be <a href=\"{want}\">"
            ));
        }
        slugs.insert(slug.to_string());
    }
    slugs
}

/// Counts the `<aside class="KIND" aria-label="LABEL">` boxes.
fn boxes(parsed: &Parsed, kind: &str, label: &str, problems: &mut Vec<String>) -> usize {
    let mut count = 0;
    for tag in parsed
        .tags
        .iter()
        .filter(|t| !t.closing && t.name == "aside")
    {
        if tag.attribute("class") == Some(kind) {
            count += 1;
            if tag.attribute("aria-label") != Some(label) {
                problems.push(format!("a {kind} box must be labelled {label:?}"));
            }
        }
    }
    count
}

/// What a chapter must hold: its number, a title, a key box, a tip, a warning, at least two
/// tour links numbered from 1 within the chapter, and a Sources section.
fn chapter_problems(n: u32, src: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let parsed = parse(src, &mut problems);
    problems.extend(common_problems(&parsed));
    let first = parsed.tags.first();
    if first.map(|t| (t.name.as_str(), t.attribute("data-chapter")))
        != Some(("article", Some(&n.to_string())))
    {
        problems.push(format!("must start with <article data-chapter=\"{n}\">"));
    }
    if !src.contains(&format!("<h1>{n}. ")) {
        problems.push(format!("must have a title <h1>{n}. …</h1>"));
    }
    for tag in &parsed.tags {
        if ["nav", "section", "div"].contains(&tag.name.as_str()) {
            problems.push(format!("<{}> does not belong in a chapter", tag.name));
        }
    }
    for (kind, label) in [("key", "Key idea"), ("tip", "Tip"), ("warning", "Warning")] {
        if boxes(&parsed, kind, label, &mut problems) == 0 {
            problems.push(format!("has no {kind} box"));
        }
    }
    let mut tours = Vec::new();
    for (tag, tour) in with_attr(&parsed, "data-tour") {
        let want = format!("#guide/{tour}");
        if tag.name != "a" || tag.attribute("href") != Some(want.as_str()) {
            problems.push(format!("the tour {tour} link must be <a href=\"{want}\">"));
        }
        match tour
            .split_once('/')
            .map(|(c, k)| (c.parse::<u32>(), k.parse::<u32>()))
        {
            Some((Ok(c), Ok(k))) if c == n && k >= 1 => tours.push(k),
            _ => problems.push(format!("tour {tour:?} is not {n}/K")),
        }
    }
    if tours.len() < 2 {
        problems.push(format!("has {} tour links, needs at least 2", tours.len()));
    }
    tours.sort_unstable();
    tours.dedup();
    if tours.iter().enumerate().any(|(i, &k)| k != i as u32 + 1) {
        problems.push(format!(
            "tours {tours:?} are not numbered 1, 2, … within the chapter"
        ));
    }
    if !src.contains("<h2>Sources</h2>") {
        problems.push("has no <h2>Sources</h2>".into());
    }
    for (tag, _) in with_attr(&parsed, "data-quorum-playground") {
        if tag.name != "figure" {
            problems
                .push("data-quorum-playground belongs on a <figure>, which guide.js fills".into());
        }
    }
    let terms = term_links(&parsed, &mut problems);
    (problems, terms)
}

/// The glossary's entries, in order; problems for a malformed entry, a definition of more
/// than three sentences, an unsorted list or fewer than 40 entries.
fn glossary_problems(src: &str) -> (Vec<String>, Vec<String>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let parsed = parse(src, &mut problems);
    problems.extend(common_problems(&parsed));
    if !parsed
        .tags
        .iter()
        .any(|t| t.name == "dl" && t.attribute("data-glossary").is_some())
    {
        problems.push("has no <dl data-glossary>".into());
    }
    let mut slugs = Vec::new();
    for (tag, slug) in with_attr(&parsed, "data-glossary-term") {
        if tag.name != "div" || tag.attribute("id") != Some(format!("glossary-{slug}").as_str()) {
            problems.push(format!("entry {slug} must be <div id=\"glossary-{slug}\">"));
        }
        slugs.push(slug.to_string());
    }
    for entry in src.split("<div data-glossary-term=").skip(1) {
        let entry = entry.split("</div>").next().unwrap_or("");
        let slug = entry.split('"').nth(1).unwrap_or("?");
        let (Some(dt), Some(dd)) = (entry.find("<dt>"), entry.find("<dd>")) else {
            problems.push(format!("entry {slug} needs a <dt> and a <dd>"));
            continue;
        };
        if dd < dt {
            problems.push(format!("entry {slug}: <dt> must come before <dd>"));
        }
        let mut ignored = Vec::new();
        let definition = parse(
            entry[dd..].split("</dd>").next().unwrap_or(""),
            &mut ignored,
        )
        .text;
        let sentences = sentence_count(&definition);
        if !(1..=3).contains(&sentences) {
            problems.push(format!(
                "entry {slug} has {sentences} sentences, wants 1 to 3"
            ));
        }
    }
    if slugs.len() < 40 {
        problems.push(format!("has {} entries, needs at least 40", slugs.len()));
    }
    if let Some(pair) = slugs.windows(2).find(|w| w[0] >= w[1]) {
        problems.push(format!(
            "entries are not sorted: {} before {}",
            pair[0], pair[1]
        ));
    }
    let links = term_links(&parsed, &mut problems);
    (problems, slugs, links)
}

/// Sentences in plain text: a '.', '?' or '!' followed by a space or the end.
fn sentence_count(text: &str) -> usize {
    let text = text.trim();
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| ".?!".contains(*c) && chars.get(i + 1).is_none_or(|n| n.is_whitespace()))
        .count()
}

/// The FAQ: at least 12 `<section data-faq id="faq-…">` entries, each a question in an h2.
fn faq_problems(src: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let parsed = parse(src, &mut problems);
    problems.extend(common_problems(&parsed));
    if parsed
        .tags
        .first()
        .map(|t| (t.name.as_str(), t.attribute("data-faq-list").is_some()))
        != Some(("article", true))
    {
        problems.push("must start with <article data-faq-list>".into());
    }
    let entries: Vec<&str> = src.split("<section data-faq ").skip(1).collect();
    for entry in &entries {
        let id = entry.split('"').nth(1).unwrap_or("");
        if !entry.starts_with("id=\"faq-") {
            problems.push(format!("FAQ entry {id:?} needs an id starting with faq-"));
        }
        let question = entry
            .split("<h2>")
            .nth(1)
            .and_then(|q| q.split("</h2>").next());
        if !question.is_some_and(|q| q.trim_end().ends_with('?')) || !entry.contains("<p>") {
            problems.push(format!(
                "FAQ entry {id} needs an <h2> question ending in '?' and an answer"
            ));
        }
    }
    if entries.len() < 12 {
        problems.push(format!(
            "has {} questions, needs at least 12",
            entries.len()
        ));
    }
    let terms = term_links(&parsed, &mut problems);
    (problems, terms)
}

/// The index: the six chapters and the three reference pages.
fn index_problems(src: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let parsed = parse(src, &mut problems);
    problems.extend(common_problems(&parsed));
    if parsed
        .tags
        .first()
        .map(|t| (t.name.as_str(), t.attribute("data-guide-index").is_some()))
        != Some(("nav", true))
    {
        problems.push("must start with <nav data-guide-index>".into());
    }
    let pages = [
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "glossary",
        "faq",
        "cheatsheet",
    ];
    for page in pages {
        if !src.contains(&format!("href=\"#guide/{page}\"")) {
            problems.push(format!("does not link #guide/{page}"));
        }
    }
    problems
}

/// The cheat sheet: its hook, and short enough to print on two A4 pages.
fn cheatsheet_problems(src: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let parsed = parse(src, &mut problems);
    problems.extend(common_problems(&parsed));
    if parsed
        .tags
        .first()
        .map(|t| (t.name.as_str(), t.attribute("data-cheatsheet").is_some()))
        != Some(("article", true))
    {
        problems.push("must start with <article data-cheatsheet>".into());
    }
    let chars = parsed
        .text
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>();
    if chars > CHEATSHEET_MAX_TEXT_CHARS {
        problems.push(format!(
            "{chars} characters of text will not print on two A4 pages"
        ));
    }
    let terms = term_links(&parsed, &mut problems);
    (problems, terms)
}

/// Every id in a fragment.
fn ids(src: &str) -> Vec<String> {
    let mut ignored = Vec::new();
    let parsed = parse(src, &mut ignored);
    with_attr(&parsed, "id")
        .map(|(_, id)| id.to_string())
        .collect()
}

fn assert_clean(file: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "web/guide/{file}:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_guide_follows_its_format() {
    let mut used_terms = BTreeSet::new();
    assert_clean("index.html", &index_problems(&read("index.html")));
    for n in 1..=6 {
        let file = format!("{n}.html");
        let (problems, terms) = chapter_problems(n, &read(&file));
        assert_clean(&file, &problems);
        used_terms.extend(terms);
    }
    let (problems, terms) = faq_problems(&read("faq.html"));
    assert_clean("faq.html", &problems);
    used_terms.extend(terms);
    let (problems, terms) = cheatsheet_problems(&read("cheatsheet.html"));
    assert_clean("cheatsheet.html", &problems);
    used_terms.extend(terms);
    let (problems, entries, terms) = glossary_problems(&read("glossary.html"));
    assert_clean("glossary.html", &problems);
    used_terms.extend(terms);
    let missing: Vec<_> = used_terms.iter().filter(|t| !entries.contains(t)).collect();
    assert!(
        missing.is_empty(),
        "data-term slugs with no glossary entry: {missing:?}"
    );
}

#[test]
fn ids_are_unique_across_the_guide() {
    let mut seen = BTreeSet::new();
    let files = std::fs::read_dir(guide_dir()).expect("web/guide exists");
    let mut names: Vec<String> = files
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected index, six chapters, glossary, FAQ and cheat sheet, found {names:?}"
    );
    for name in names {
        for id in ids(&read(&name)) {
            assert!(
                seen.insert(id.clone()),
                "id {id} appears twice (second time in {name})"
            );
        }
    }
}

#[test]
fn every_html_file_uses_only_the_allowed_markup() {
    for entry in std::fs::read_dir(guide_dir())
        .expect("web/guide exists")
        .filter_map(|e| e.ok())
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".html") {
            let mut problems = Vec::new();
            let parsed = parse(&read(&name), &mut problems);
            problems.extend(common_problems(&parsed));
            assert_clean(&name, &problems);
        }
    }
}

/// A minimal chapter that passes, for the `broken_*` tests to break one rule at a time.
const GOOD_CHAPTER: &str = r##"<article data-chapter="2"><h1>2. Title</h1>
<p>A <a data-term="log" href="#guide/glossary/log">log</a>.</p>
<aside class="key" aria-label="Key idea"><p>k</p></aside>
<aside class="tip" aria-label="Tip"><p>t</p></aside>
<aside class="warning" aria-label="Warning"><p>w</p></aside>
<p><a data-tour="2/1" href="#guide/2/1">Play: one</a> watch.</p>
<p><a data-tour="2/2" href="#guide/2/2">Play: two</a> watch.</p>
<h2>Sources</h2><ul><li>s</li></ul></article>"##;

fn broken(n: u32, src: &str, expect: &str) {
    let (problems, _) = chapter_problems(n, src);
    assert!(
        problems.iter().any(|p| p.contains(expect)),
        "expected a problem mentioning {expect:?}, got {problems:?}"
    );
}

#[test]
fn the_good_chapter_passes() {
    let (problems, terms) = chapter_problems(2, GOOD_CHAPTER);
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(terms.into_iter().collect::<Vec<_>>(), ["log"]);
}

#[test]
fn broken_chapters_fail() {
    broken(
        2,
        &GOOD_CHAPTER.replace("<p>k</p>", "<p style=\"color:red\">k</p>"),
        "style",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace("<p>k</p>", "<p onclick=\"x()\">k</p>"),
        "onclick",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace("<p>k</p>", "<script>x()</script>"),
        "<script>",
    );
    broken(2, &GOOD_CHAPTER.replace("<p>k</p>", "<img>"), "<img>");
    broken(
        2,
        &GOOD_CHAPTER.replace("class=\"tip\"", "class=\"note\""),
        "no tip box",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace("class=\"warning\"", "class=\"note\""),
        "no warning box",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace("class=\"key\"", "class=\"note\""),
        "no key box",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace(
            r##"data-tour="2/2" href="#guide/2/2""##,
            "href=\"#guide/2/2\"",
        ),
        "needs at least 2",
    );
    broken(2, &GOOD_CHAPTER.replace("2/2", "2/3"), "numbered");
    broken(
        2,
        &GOOD_CHAPTER.replace(r##"href="#guide/2/1""##, r##"href="#guide/3/1""##),
        "tour 2/1 link",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace("data-chapter=\"2\"", ""),
        "data-chapter",
    );
    broken(3, GOOD_CHAPTER, "data-chapter=\"3\"");
    broken(
        2,
        &GOOD_CHAPTER.replace("<h2>Sources</h2>", "<h2>Reading</h2>"),
        "Sources",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace("</aside>\n<aside class=\"tip\"", "\n<aside class=\"tip\""),
        "closes",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace(
            "href=\"#guide/glossary/log\"",
            "href=\"https://example.com\"",
        ),
        "leaves the page",
    );
    broken(
        2,
        &GOOD_CHAPTER.replace("data-term=\"log\"", "data-term=\"Log Entry\""),
        "lowercase",
    );
    broken(2, &GOOD_CHAPTER.replace("<p>t</p>", "<p>a & b</p>"), "'&'");
    broken(
        2,
        &GOOD_CHAPTER.replace("<p>k</p>", "<p data-quorum-playground=\"\">k</p>"),
        "<figure>",
    );
}

/// Chapter 1 holds the quorum-intersection playground next to tour 1/2 (guide.js builds its
/// controls into the figure when the page is shown).
#[test]
fn chapter_1_holds_the_quorum_playground_before_tour_1_2() {
    let src = read("1.html");
    let figure = src
        .find("<figure class=\"quorum-playground\" data-quorum-playground=\"\">")
        .expect("chapter 1 has the playground figure");
    let tour = src
        .find("data-tour=\"1/2\"")
        .expect("chapter 1 links tour 1/2");
    assert!(figure < tour && src[figure..tour].matches("<p>").count() <= 1);
}

#[test]
fn a_broken_glossary_fails() {
    let entry = |slug: &str, dd: &str| {
        format!("<div data-glossary-term=\"{slug}\" id=\"glossary-{slug}\"><dt>{slug}</dt><dd>{dd}</dd></div>")
    };
    let slugs: Vec<String> = (0..40).map(|i| format!("term-{i:02}")).collect();
    let good: String = slugs.iter().map(|s| entry(s, "One sentence.")).collect();
    let wrap = |body: &str| format!("<h1>Glossary</h1><dl data-glossary>{body}</dl>");
    let (problems, entries, _) = glossary_problems(&wrap(&good));
    assert_eq!(problems, Vec::<String>::new());
    assert_eq!(entries, slugs);

    let short: String = slugs[..39].iter().map(|s| entry(s, "One.")).collect();
    assert!(glossary_problems(&wrap(&short))
        .0
        .iter()
        .any(|p| p.contains("at least 40")));
    let unsorted = format!("{}{}", entry("zz", "One."), good);
    assert!(glossary_problems(&wrap(&unsorted))
        .0
        .iter()
        .any(|p| p.contains("not sorted")));
    let long = good.replacen("One sentence.", "One. Two. Three. Four.", 1);
    assert!(glossary_problems(&wrap(&long))
        .0
        .iter()
        .any(|p| p.contains("4 sentences")));
    let wrong_id = good.replacen("id=\"glossary-term-00\"", "id=\"term-00\"", 1);
    assert!(glossary_problems(&wrap(&wrong_id))
        .0
        .iter()
        .any(|p| p.contains("glossary-term-00")));
}

#[test]
fn a_broken_faq_fails() {
    let q = |i: usize| {
        format!("<section data-faq id=\"faq-{i}\"><h2>Why {i}?</h2><p>Because.</p></section>")
    };
    let good = format!(
        "<article data-faq-list><h1>FAQ</h1>{}</article>",
        (0..12).map(q).collect::<String>()
    );
    assert_eq!(faq_problems(&good).0, Vec::<String>::new());
    let eleven = good.replacen(&q(11), "", 1);
    assert!(faq_problems(&eleven)
        .0
        .iter()
        .any(|p| p.contains("at least 12")));
    let statement = good.replacen("Why 3?", "Why 3.", 1);
    assert!(faq_problems(&statement)
        .0
        .iter()
        .any(|p| p.contains("ending in '?'")));
}

#[test]
fn a_duplicate_id_is_found() {
    let twice = "<div id=\"a\"></div><p id=\"a\"></p>";
    let all = ids(twice);
    assert_eq!(all, ["a", "a"]);
}

#[test]
fn a_long_cheatsheet_fails() {
    let long = format!(
        "<article data-cheatsheet><h1>Cheat sheet</h1><p>{}</p></article>",
        "word ".repeat(2_000)
    );
    assert!(cheatsheet_problems(&long)
        .0
        .iter()
        .any(|p| p.contains("two A4 pages")));
}

/// Every tour link has its file in web/guide/tours/, and every tour file is linked from its
/// chapter: no link leads to a missing tour and no tour is unreachable.
#[test]
fn every_tour_link_has_its_file_and_every_tour_is_linked() {
    let mut linked = BTreeSet::new();
    for n in 1..=6 {
        let mut problems = Vec::new();
        let parsed = parse(&read(&format!("{n}.html")), &mut problems);
        for (_, tour) in with_attr(&parsed, "data-tour") {
            linked.insert(tour.replace('/', "-"));
        }
    }
    let files: BTreeSet<String> = std::fs::read_dir(guide_dir().join("tours"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.strip_suffix(".json").map(String::from)
        })
        .collect();
    let missing: Vec<_> = linked.difference(&files).collect();
    let orphans: Vec<_> = files.difference(&linked).collect();
    assert!(missing.is_empty(), "tour links without a file: {missing:?}");
    assert!(
        orphans.is_empty(),
        "tour files no chapter links: {orphans:?}"
    );
}
