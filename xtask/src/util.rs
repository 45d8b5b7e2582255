//! Paths, the child-process environment and small process helpers.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

/// Where things are, and the `PATH` every child process gets.
pub struct Ctx {
    /// Repository root (the workspace).
    pub root: PathBuf,
    /// `.tools/`: project-local, git-ignored tool installs.
    pub tools: PathBuf,
    /// `PATH` with `.tools/bin` and `.tools/npm/node_modules/.bin` first.
    pub path: OsString,
}

impl Ctx {
    pub fn new() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives one level below the workspace root")
            .to_path_buf();
        let tools = root.join(".tools");
        let mut dirs = vec![
            tools.join("bin"),
            tools.join("npm").join("node_modules").join(".bin"),
        ];
        dirs.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(dirs).expect("PATH entries contain no separators");
        Ctx { root, tools, path }
    }

    /// A command run from the repository root with the project PATH and quiet Trunk.
    pub fn cmd(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let program = program.as_ref();
        // Resolve through the project PATH ourselves: Command uses the parent's PATH for lookup.
        let resolved = self
            .which(program)
            .unwrap_or_else(|| PathBuf::from(program));
        let mut cmd = Command::new(resolved);
        cmd.current_dir(&self.root)
            .env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        cmd
    }

    /// The first `name` on the project PATH.
    pub fn which(&self, name: impl AsRef<std::ffi::OsStr>) -> Option<PathBuf> {
        let name = name.as_ref();
        if Path::new(name).components().count() > 1 {
            return Some(PathBuf::from(name));
        }
        std::env::split_paths(&self.path)
            .map(|dir| dir.join(name))
            .find(|candidate| is_executable(candidate))
    }

    pub fn cargo(&self) -> Command {
        self.cmd(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// `xtask: <message>` on stderr, so it stands out from tool output.
pub fn say(message: impl AsRef<str>) {
    eprintln!("xtask: {}", message.as_ref());
}

pub fn describe(cmd: &Command) -> String {
    let mut s = Path::new(cmd.get_program())
        .file_name()
        .unwrap_or(cmd.get_program())
        .to_string_lossy()
        .into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

/// Run to completion with inherited stdio; error on a non-zero exit.
pub fn exec(cmd: &mut Command) -> Result {
    say(format!("$ {}", describe(cmd)));
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", describe(cmd)))
    }
}

/// Run and capture stdout (stderr inherited). `None` if it cannot start or exits non-zero.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What a streamed run produced: its exit status and everything it printed on stdout.
pub struct Streamed {
    pub success: bool,
    pub stdout: String,
    pub seconds: f64,
}

/// Run with stdout both echoed live and captured (stderr inherited), for count parsing.
pub fn stream(cmd: &mut Command) -> Result<Streamed> {
    say(format!("$ {}", describe(cmd)));
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", describe(cmd)))?;
    let mut captured = String::new();
    let reader = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut out = std::io::stdout();
    for line in reader.split(b'\n') {
        let line = line.map_err(|e| format!("reading output of `{}`: {e}", describe(cmd)))?;
        let text = String::from_utf8_lossy(&line);
        let _ = writeln!(out, "{text}");
        captured.push_str(&text);
        captured.push('\n');
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    Ok(Streamed {
        success: status.success(),
        stdout: captured,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Whether this process runs as root (for apt-get).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
