//! A small flag parser: `--name value` pairs, `--switch`es and positional arguments.

pub struct Args {
    positional: Vec<String>,
    flags: Vec<(String, Option<String>)>,
}

impl Args {
    /// Parse `argv`; `switches` are the flags that take no value.
    pub fn parse(argv: &[String], switches: &[&str], valued: &[&str]) -> Result<Self, String> {
        let mut args = Args {
            positional: Vec::new(),
            flags: Vec::new(),
        };
        let mut iter = argv.iter();
        while let Some(arg) = iter.next() {
            if let Some(name) = arg.strip_prefix("--") {
                if switches.contains(&name) {
                    args.flags.push((name.to_string(), None));
                } else if valued.contains(&name) {
                    let value = iter.next().ok_or(format!("--{name} needs a value"))?;
                    args.flags.push((name.to_string(), Some(value.clone())));
                } else {
                    return Err(format!("unknown option --{name}"));
                }
            } else {
                args.positional.push(arg.clone());
            }
        }
        Ok(args)
    }

    pub fn positional(&self) -> &[String] {
        &self.positional
    }

    pub fn switch(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// A numeric flag, if given.
    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, String> {
        self.value(name)
            .map(|v| {
                v.parse()
                    .map_err(|_| format!("--{name} expects a number, not `{v}`"))
            })
            .transpose()
    }
}
