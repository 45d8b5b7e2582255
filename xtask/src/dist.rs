//! `cargo xtask dist`: release build of the static site into dist/, with asset sizes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::tools;
use crate::util::{exec, say, Ctx, Result};

pub fn run_cmd(ctx: &Ctx, args: &[String]) -> Result<PathBuf> {
    tools::ensure_web_tools(ctx)?;
    let dist = ctx.root.join("dist");
    // public_url = "./" comes from Trunk.toml: every asset URL is relative.
    exec(ctx.cmd("trunk").args(["build", "--release"]).args(args))?;
    Ok(dist)
}

pub fn run(ctx: &Ctx, args: &[String]) -> Result {
    let dist = run_cmd(ctx, args)?;
    print_sizes(&dist)?;
    say(format!(
        "dist ready in {} (works from any sub-path)",
        dist.display()
    ));
    Ok(())
}

/// One row per file: raw bytes and gzip (level 9) bytes, then the totals.
pub fn print_sizes(dist: &Path) -> Result {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.sort();
    let (mut total_raw, mut total_gz) = (0u64, 0u64);
    println!("{:<48} {:>12} {:>12}", "asset", "raw", "gzip -9");
    for file in &files {
        let bytes = fs::read(file).map_err(|e| format!("reading {}: {e}", file.display()))?;
        let raw = bytes.len() as u64;
        let gz = gzip_len(&bytes);
        total_raw += raw;
        total_gz += gz;
        let name = file
            .strip_prefix(dist)
            .unwrap_or(file)
            .display()
            .to_string();
        println!("{name:<48} {:>12} {:>12}", human(raw), human(gz));
    }
    println!(
        "{:<48} {:>12} {:>12}",
        "total",
        human(total_raw),
        human(total_gz)
    );
    Ok(())
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with('.') {
            continue; // Trunk's .stage directory and similar
        }
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    encoder
        .finish()
        .expect("writing to a Vec cannot fail")
        .len() as u64
}

/// `151234` ⇒ `"147.7 KiB"`.
pub fn human(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_shrinks_repetitive_input() {
        let text = "consensus ".repeat(1000);
        let gz = gzip_len(text.as_bytes());
        assert!(gz > 18 && gz < 200, "{gz}");
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human(512), "512 B");
        assert_eq!(human(2048), "2.0 KiB");
        assert_eq!(human(151_234), "147.7 KiB");
    }
}
