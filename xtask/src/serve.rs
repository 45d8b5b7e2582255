//! `cargo xtask serve`: install tools, then `trunk serve --release` on http://127.0.0.1:8080/.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use crate::tools;
use crate::util::{describe, say, Ctx, Result};

pub const DEFAULT_PORT: u16 = 8080;

pub fn run(ctx: &Ctx, args: &[String]) -> Result {
    let started = Instant::now();
    tools::ensure_web_tools(ctx)?;
    let port = port_from_args(args).unwrap_or(DEFAULT_PORT);
    let url = format!("http://127.0.0.1:{port}/");

    // Trunk builds first and then listens; announce the URL once the page really answers.
    let mut cmd = ctx.cmd("trunk");
    tools::nightly_page_build(&mut cmd)
        .args(["serve", "--release"])
        .args(args);
    say(format!("$ {}", describe(&cmd)));
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start trunk: {e}"))?;
    let watcher = {
        let url = url.clone();
        thread::spawn(move || {
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            loop {
                if page_answers(addr) {
                    let secs = started.elapsed().as_secs_f64();
                    eprintln!();
                    eprintln!("    Consensus Lab is serving at {url}   (ready after {secs:.1} s; Ctrl-C stops)");
                    eprintln!();
                    return;
                }
                thread::sleep(Duration::from_millis(250));
            }
        })
    };
    let status = child.wait().map_err(|e| e.to_string())?;
    drop(watcher); // detached: it ends with the process
    if status.success() {
        Ok(())
    } else {
        Err(format!("trunk serve exited ({status})"))
    }
}

/// `--port N` or `--port=N` in the pass-through arguments.
fn port_from_args(args: &[String]) -> Option<u16> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--port" {
            return iter.next()?.parse().ok();
        }
        if let Some(value) = arg.strip_prefix("--port=") {
            return value.parse().ok();
        }
    }
    None
}

/// A minimal `GET /` that expects a 200 answer containing the app's page.
fn page_answers(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    text.starts_with("HTTP/1.1 200") && text.contains("Consensus Lab")
}

#[cfg(test)]
mod tests {
    use super::port_from_args;

    #[test]
    fn port_can_be_overridden() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(port_from_args(&args(&[])), None);
        assert_eq!(port_from_args(&args(&["--port", "9000"])), Some(9000));
        assert_eq!(
            port_from_args(&args(&["--open", "--port=9001"])),
            Some(9001)
        );
    }
}
