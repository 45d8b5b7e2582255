//! Project-local tool installs in `.tools/`, checked by version so a second run installs nothing.
//!
//! | tool | source | installed into |
//! |---|---|---|
//! | wasm32-unknown-unknown | `rustup target add` | the toolchain |
//! | nightly-2026-05-20 + rust-src (the page's wasm, cargo-fuzz) | `rustup toolchain install` | rustup |
//! | rustfmt, clippy | `rustup component add` | the toolchain |
//! | trunk 0.21.14 | `cargo install --locked` | `.tools/bin` |
//! | wasm-bindgen-cli (= the version in Cargo.lock) | `cargo install` (not `--locked`) | `.tools/bin` |
//! | wasm-opt (binaryen 132) | `npm install binaryen@132` | `.tools/npm/node_modules/.bin` |
//! | esbuild 0.28.2 (minifies wasm-bindgen's JS glue) | `npm install esbuild@0.28.2` | `.tools/npm/node_modules/.bin` |
//! | chromium + chromedriver | `apt-get install` (root only) | `/usr/bin` |
//!
//! A tool already on `PATH` at the right version is accepted as is.

use std::fs;
use std::path::PathBuf;

use crate::util::{exec, output, say, Ctx, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Major version of binaryen whose `wasm-opt` Trunk uses (Debian's v108 cannot parse current
/// rustc output, so an older one on PATH is never accepted).
pub const BINARYEN_VERSION: u32 = 132;
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// esbuild minifies the JS glue after Trunk (Trunk 0.21's own minifier cannot parse it).
pub const ESBUILD_VERSION: &str = "0.28.2";

/// The pinned nightly that builds the page's wasm (and runs cargo-fuzz). Pinned, so the bundle
/// size measured against the budget does not move with whatever nightly is current.
pub const NIGHTLY: &str = "nightly-2026-05-20";

/// Everything `serve` and `dist` need.
pub fn ensure_web_tools(ctx: &Ctx) -> Result {
    ensure_wasm_target(ctx)?;
    ensure_nightly(ctx, &["rust-src"])?;
    ensure_trunk(ctx)?;
    ensure_wasm_bindgen(ctx)?;
    ensure_wasm_opt(ctx)?;
    ensure_esbuild(ctx)?;
    Ok(())
}

pub fn ensure_wasm_target(ctx: &Ctx) -> Result {
    let sysroot = output(ctx.cmd("rustc").args(["--print", "sysroot"]))
        .map(|s| PathBuf::from(s.trim()))
        .ok_or("cannot run `rustc --print sysroot`; is Rust installed?")?;
    if sysroot.join("lib/rustlib").join(WASM_TARGET).is_dir() {
        return Ok(());
    }
    say(format!("installing the {WASM_TARGET} target"));
    exec(ctx.cmd("rustup").args(["target", "add", WASM_TARGET]))
}

/// [`NIGHTLY`] (minimal profile) with `components`; about a minute on first use.
pub fn ensure_nightly(ctx: &Ctx, components: &[&str]) -> Result {
    let sysroot = output(
        ctx.cmd("rustup")
            .args(["run", NIGHTLY, "rustc", "--print", "sysroot"]),
    )
    .map(|s| PathBuf::from(s.trim()));
    let Some(sysroot) = sysroot else {
        say(format!(
            "installing the {NIGHTLY} toolchain (minimal profile)"
        ));
        exec(
            ctx.cmd("rustup")
                .args(["toolchain", "install", NIGHTLY, "--profile", "minimal"]),
        )?;
        return exec(
            ctx.cmd("rustup")
                .args(["component", "add", "--toolchain", NIGHTLY])
                .args(components),
        );
    };
    let have = |component: &&str| match *component {
        "rust-src" => sysroot.join("lib/rustlib/src/rust/library").is_dir(),
        _ => true,
    };
    if components.iter().all(have) {
        return Ok(());
    }
    exec(
        ctx.cmd("rustup")
            .args(["component", "add", "--toolchain", NIGHTLY])
            .args(components),
    )
}

/// Trunk builds the page's wasm with [`NIGHTLY`], rebuilding the standard library for size
/// (`-Zbuild-std`, `optimize_for_size`) with `panic=immediate-abort`: no panic messages,
/// locations or formatting machinery in the page — 34 KB gzip less than stable (issue 15).
/// A panic is then a wasm trap, which web/boot.js turns into the crash banner.
/// `-Zfmt-debug=none` makes every `{:?}` print nothing in the page (3.8 KB less): the page
/// never shows Debug output (only the native trace and tests use it). `-Zlocation-detail=none`
/// drops the source locations `#[track_caller]` code would still carry (a few dozen bytes).
pub fn nightly_page_build(cmd: &mut std::process::Command) -> &mut std::process::Command {
    cmd.env("RUSTUP_TOOLCHAIN", NIGHTLY)
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none",
        )
}

/// rustfmt and clippy for the `lint` suite (a minimal rustup profile lacks them), plus the wasm
/// target that the web crate's clippy run needs.
pub fn ensure_lint_components(ctx: &Ctx) -> Result {
    ensure_wasm_target(ctx)?;
    let have = |args: &[&str]| output(ctx.cargo().args(args)).is_some();
    if have(&["fmt", "--version"]) && have(&["clippy", "--version"]) {
        return Ok(());
    }
    say("installing the rustfmt and clippy components");
    exec(
        ctx.cmd("rustup")
            .args(["component", "add", "rustfmt", "clippy"]),
    )
}

/// `trunk --version` prints `trunk 0.21.14`.
pub fn ensure_trunk(ctx: &Ctx) -> Result {
    if tool_version(ctx, "trunk").as_deref() == Some(TRUNK_VERSION) {
        return Ok(());
    }
    cargo_install(ctx, &["--locked", "trunk", "--version", TRUNK_VERSION])?;
    check_installed(ctx, "trunk", TRUNK_VERSION)
}

/// `wasm-bindgen --version` prints `wasm-bindgen 0.2.130`; it must equal the crate version in
/// Cargo.lock exactly, or Trunk tries to download one from GitHub.
pub fn ensure_wasm_bindgen(ctx: &Ctx) -> Result {
    let wanted = wasm_bindgen_lock_version(ctx)?;
    let have = tool_version(ctx, "wasm-bindgen");
    let runner = tool_version(ctx, "wasm-bindgen-test-runner");
    if have.as_deref() == Some(wanted.as_str()) && runner.as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    // Not --locked: one of its locked dependencies is missing from the registry.
    cargo_install(ctx, &["wasm-bindgen-cli", "--version", &wanted])?;
    check_installed(ctx, "wasm-bindgen", &wanted)?;
    check_installed(ctx, "wasm-bindgen-test-runner", &wanted)
}

/// `wasm-opt --version` prints e.g. `wasm-opt version 132 (version_132)`.
pub fn ensure_wasm_opt(ctx: &Ctx) -> Result {
    if wasm_opt_version(ctx) == Some(BINARYEN_VERSION) {
        return Ok(());
    }
    npm_install(ctx, "wasm-opt", &format!("binaryen@{BINARYEN_VERSION}"))?;
    match wasm_opt_version(ctx) {
        Some(v) if v == BINARYEN_VERSION => Ok(()),
        other => Err(format!(
            "wasm-opt on PATH is {other:?} after installing binaryen@{BINARYEN_VERSION}"
        )),
    }
}

/// `esbuild --version` prints `0.28.2`.
pub fn ensure_esbuild(ctx: &Ctx) -> Result {
    let version = || {
        ctx.which("esbuild")?;
        output(ctx.cmd("esbuild").arg("--version")).map(|v| v.trim().to_string())
    };
    if version().as_deref() == Some(ESBUILD_VERSION) {
        return Ok(());
    }
    npm_install(ctx, "esbuild", &format!("esbuild@{ESBUILD_VERSION}"))?;
    match version() {
        Some(v) if v == ESBUILD_VERSION => Ok(()),
        other => Err(format!(
            "esbuild on PATH is {other:?} after installing esbuild@{ESBUILD_VERSION}"
        )),
    }
}

/// `npm install` of one exact package into `.tools/npm` (its binaries land on ctx's PATH).
fn npm_install(ctx: &Ctx, tool: &str, package: &str) -> Result {
    require(ctx, "npm", "Node.js 20+ with npm (https://nodejs.org/)")?;
    let prefix = ctx.tools.join("npm");
    fs::create_dir_all(&prefix).map_err(|e| format!("creating {}: {e}", prefix.display()))?;
    say(format!(
        "installing {tool} (npm {package}) into {}",
        prefix.display()
    ));
    exec(
        ctx.cmd("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg(package),
    )
}

/// Chromium and chromedriver for the browser tests. Installs them with apt as root; otherwise
/// says what to install and fails. Returns (chromium, chromedriver).
pub fn ensure_browser(ctx: &Ctx) -> Result<(PathBuf, PathBuf)> {
    let find = || {
        let chromium = std::env::var_os("CHROMIUM_PATH")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| ctx.which("chromium"))
            .or_else(|| Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.is_file()));
        let driver = std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .filter(|p| p.is_file())
            .or_else(|| ctx.which("chromedriver"))
            .or_else(|| Some(PathBuf::from("/usr/bin/chromedriver")).filter(|p| p.is_file()));
        chromium.zip(driver)
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    if !crate::util::is_root() {
        return Err("Chromium and chromedriver are needed: install them (Debian/Ubuntu: `sudo apt-get install -y chromium chromium-driver`) or set CHROMIUM_PATH and CHROMEDRIVER".into());
    }
    say("installing chromium and chromium-driver with apt-get");
    exec(ctx.cmd("apt-get").arg("update"))?;
    exec(
        ctx.cmd("apt-get")
            .args(["install", "-y", "chromium", "chromium-driver"]),
    )?;
    find().ok_or_else(|| "apt-get finished but chromium/chromedriver are still missing".into())
}

/// Fails with a one-line hint when `program` is not on PATH.
pub fn require(ctx: &Ctx, program: &str, what: &str) -> Result {
    if ctx.which(program).is_some() {
        Ok(())
    } else {
        Err(format!("`{program}` not found on PATH: install {what}"))
    }
}

/// The version a tool reports as `NAME X.Y.Z` (the last word of `--version`'s first line).
pub(crate) fn tool_version(ctx: &Ctx, name: &str) -> Option<String> {
    ctx.which(name)?;
    let out = output(ctx.cmd(name).arg("--version"))?;
    parse_tool_version(&out)
}

pub fn parse_tool_version(version_output: &str) -> Option<String> {
    let word = version_output.lines().next()?.split_whitespace().nth(1)?;
    Some(word.trim_start_matches('v').to_string())
}

fn wasm_opt_version(ctx: &Ctx) -> Option<u32> {
    ctx.which("wasm-opt")?;
    parse_wasm_opt_version(&output(ctx.cmd("wasm-opt").arg("--version"))?)
}

/// `wasm-opt version 132 (version_132)` ⇒ 132.
pub fn parse_wasm_opt_version(version_output: &str) -> Option<u32> {
    let mut words = version_output.split_whitespace();
    words.find(|w| *w == "version")?;
    words.next()?.parse().ok()
}

fn check_installed(ctx: &Ctx, name: &str, wanted: &str) -> Result {
    match tool_version(ctx, name) {
        Some(v) if v == wanted => {
            say(format!("{name} {v} ready"));
            Ok(())
        }
        other => Err(format!(
            "after installing, `{name} --version` reports {other:?}, wanted {wanted}"
        )),
    }
}

/// `cargo install ... --root .tools`, compiled in `.tools/build-target` (deleted afterwards) so
/// tool builds never touch the workspace's target/.
pub(crate) fn cargo_install(ctx: &Ctx, args: &[&str]) -> Result {
    let build_dir = ctx.tools.join("build-target");
    say(format!(
        "installing {} into {} (a few minutes, once)",
        args.join(" "),
        ctx.tools.display()
    ));
    let result = exec(
        ctx.cargo()
            .arg("install")
            .args(args)
            .arg("--force")
            .arg("--root")
            .arg(&ctx.tools)
            .env("CARGO_TARGET_DIR", &build_dir),
    );
    let _ = fs::remove_dir_all(&build_dir);
    result
}

/// The exact `wasm-bindgen` version in Cargo.lock.
pub fn wasm_bindgen_lock_version(ctx: &Ctx) -> Result<String> {
    let lock_path = ctx.root.join("Cargo.lock");
    if !lock_path.exists() {
        // Create the lock file without building anything.
        exec(ctx.cargo().args(["generate-lockfile", "--offline"]))
            .or_else(|_| exec(ctx.cargo().arg("generate-lockfile")))?;
    }
    let lock = fs::read_to_string(&lock_path).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    lock_package_version(&lock, "wasm-bindgen")
        .ok_or_else(|| "no wasm-bindgen package in Cargo.lock".into())
}

/// Finds `version = "..."` of the `[[package]]` named `name` in a Cargo.lock text.
pub fn lock_package_version(lock: &str, name: &str) -> Option<String> {
    let wanted_name = format!("name = \"{name}\"");
    lock.split("[[package]]").find_map(|block| {
        let mut lines = block.lines().map(str::trim);
        if !lines.clone().any(|l| l == wanted_name) {
            return None;
        }
        lines
            .find_map(|l| l.strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_exact_package_version_from_a_lock_file() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.999"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        assert_eq!(
            lock_package_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            lock_package_version(lock, "wasm-bindgen-backend").as_deref(),
            Some("0.2.999")
        );
        assert_eq!(lock_package_version(lock, "yew"), None);
    }

    #[test]
    fn parses_tool_version_lines() {
        assert_eq!(
            parse_tool_version("trunk 0.21.14\n").as_deref(),
            Some("0.21.14")
        );
        assert_eq!(
            parse_tool_version("wasm-bindgen 0.2.130").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(parse_tool_version("").as_deref(), None);
        assert_eq!(
            parse_wasm_opt_version("wasm-opt version 132 (version_132)"),
            Some(132)
        );
        assert_eq!(parse_wasm_opt_version("wasm-opt version 108"), Some(108));
        assert_eq!(parse_wasm_opt_version("nonsense"), None);
    }
}
