//! Places a test cannot otherwise put kam in: a small disk that fills up,
//! a read-only mount. kam runs in a mount namespace of its own (`unshare`),
//! so each mount exists for it alone and vanishes with it, whatever becomes
//! of the test; a shell script around kam prepares the place, and copies
//! what kam left on a small disk back out for the test to read.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::pty::Pty;

/// How long the test waits for the script to fill or free the disk.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Where kam's database lives for one run.
#[derive(Debug, Clone, Copy)]
pub enum Mount {
    /// A filesystem of its own of `kib` KiB (tmpfs), holding a copy of the
    /// seed folder.
    Small { kib: u64 },
    /// The seed folder itself, mounted read-only.
    ReadOnlyFolder,
    /// The seed folder, with only the database file mounted read-only.
    ReadOnlyFile,
}

/// One step of a scripted run.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// Fills the small disk, leaving `free_kib` KiB free.
    Fill { free_kib: u64 },
    /// Frees what [`Step::Fill`] took.
    Free,
    /// Runs `kam --db DB ARGS…` with `stdin`, its output kept.
    Kam(&'a [&'a str], &'a str),
}

/// What one [`Step::Kam`] did.
#[derive(Debug)]
pub struct Run {
    /// The arguments it ran with.
    pub args: Vec<String>,
    /// Its exit code.
    pub code: i32,
    /// Its standard output.
    pub out: String,
    /// Its standard error.
    pub err: String,
}

/// A folder prepared for a run in a [`Mount`]: `seed/` holds what kam
/// finds there (its database is [`Place::seed_db`]), `after/` what it left
/// on a small disk.
pub struct Place {
    dir: TempDir,
}

impl Place {
    /// An empty place.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        for sub in ["seed", "after", "ctl", "disk", "home"] {
            fs::create_dir(dir.path().join(sub)).expect("a folder of the place");
        }
        Self { dir }
    }

    /// The database file to prepare before the run.
    pub fn seed_db(&self) -> PathBuf {
        self.dir.path().join("seed/kam.db")
    }

    /// The folder kam runs in, holding its database.
    fn folder(&self, mount: Mount) -> PathBuf {
        match mount {
            Mount::Small { .. } => self.dir.path().join("disk"),
            Mount::ReadOnlyFolder | Mount::ReadOnlyFile => self.dir.path().join("seed"),
        }
    }

    /// The folder holding what kam left: on a small disk, its copy after
    /// the run; otherwise the seed folder itself.
    pub fn left(&self, mount: Mount) -> PathBuf {
        match mount {
            Mount::Small { .. } => self.dir.path().join("after"),
            Mount::ReadOnlyFolder | Mount::ReadOnlyFile => self.dir.path().join("seed"),
        }
    }

    /// The path kam is given for its database during the run.
    pub fn db(&self, mount: Mount) -> PathBuf {
        self.folder(mount).join("kam.db")
    }

    /// The home folder kam is given.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Runs `steps` in one private mount namespace; returns what each
    /// [`Step::Kam`] did.
    pub fn run(&self, mount: Mount, steps: &[Step]) -> Vec<Run> {
        let mut body = String::new();
        let mut runs = Vec::new();
        for step in steps {
            match step {
                Step::Fill { free_kib } => body.push_str(&format!("fill {free_kib}\n")),
                Step::Free => body.push_str("free\n"),
                Step::Kam(args, stdin) => {
                    let n = runs.len();
                    let ctl = self.ctl();
                    fs::write(ctl.join(format!("{n}.in")), stdin).expect("kam's input");
                    body.push_str(&format!(
                        "\"$KAM\" --db \"$DB\" {} <\"$CTL/{n}.in\" >\"$CTL/{n}.out\" 2>\"$CTL/{n}.err\"\n\
                         echo $? >\"$CTL/{n}.rc\"\n",
                        shell_words::join(args.iter())
                    ));
                    runs.push(args.iter().map(|a| a.to_string()).collect::<Vec<_>>());
                }
            }
        }
        let status = self
            .command(mount, &body)
            .stdin(Stdio::null())
            .status()
            .expect("running kam in a place of its own");
        assert!(
            status.success(),
            "the place could not be prepared: {status}"
        );
        runs.into_iter()
            .enumerate()
            .map(|(n, args)| {
                let read = |ext| {
                    fs::read_to_string(self.ctl().join(format!("{n}.{ext}"))).unwrap_or_default()
                };
                Run {
                    args,
                    code: read("rc").trim().parse().expect("an exit code"),
                    out: read("out"),
                    err: read("err"),
                }
            })
            .collect()
    }

    /// Starts kam with `args` in a `cols`×`rows` pseudo-terminal, in the
    /// place; [`Place::fill`] and [`Place::free`] change the disk under it.
    pub fn pty(&self, mount: Mount, args: &[&str], cols: u16, rows: u16) -> Pty {
        let body = format!(
            "watch &\n\"$KAM\" --db \"$DB\" {}\nstatus=$?\nkill $! 2>/dev/null\n",
            shell_words::join(args.iter())
        );
        let command = self.command(mount, &body);
        let program = command.get_program().to_owned();
        let arguments: Vec<_> = command.get_args().map(OsStr::to_owned).collect();
        let arguments: Vec<&OsStr> = arguments.iter().map(|a| a.as_os_str()).collect();
        let env: Vec<(String, String)> = command
            .get_envs()
            .filter_map(|(k, v)| Some((k.to_str()?.to_owned(), v?.to_str()?.to_owned())))
            .collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (&**k, &**v)).collect();
        Pty::spawn_program(&program, &arguments, &self.home(), cols, rows, &env)
    }

    /// Fills the small disk under a running [`Place::pty`], leaving
    /// `free_kib` KiB, and waits until it is full.
    pub fn fill(&self, free_kib: u64) {
        fs::write(self.ctl().join("fill"), free_kib.to_string()).expect("asking to fill");
        self.wait_for("filled");
    }

    /// Frees the small disk under a running [`Place::pty`].
    pub fn free(&self) {
        fs::write(self.ctl().join("free"), "").expect("asking to free");
        self.wait_for("freed");
    }

    /// The folder through which the test and the script talk.
    fn ctl(&self) -> PathBuf {
        self.dir.path().join("ctl")
    }

    /// Waits until the script leaves `name` in the control folder.
    fn wait_for(&self, name: &str) {
        let start = Instant::now();
        while !self.ctl().join(name).exists() {
            assert!(start.elapsed() < TIMEOUT, "the disk was never {name}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// `unshare` running the script that mounts the place, runs `body`
    /// and, on a small disk, copies what kam left to `after/`.
    fn command(&self, mount: Mount, body: &str) -> Command {
        let (folder, db) = (self.folder(mount), self.db(mount));
        let prepare = match mount {
            Mount::Small { kib } => format!(
                "mount -t tmpfs -o size={kib}k,mode=0700 kam-small-disk \"$DIR\"\n\
                 cp -a \"$SEED\"/. \"$DIR\"/\n"
            ),
            Mount::ReadOnlyFolder => "mount --bind -o ro \"$DIR\" \"$DIR\"\n".to_owned(),
            Mount::ReadOnlyFile => "mount --bind -o ro \"$DB\" \"$DB\"\n".to_owned(),
        };
        let finish = match mount {
            Mount::Small { .. } => "rm -f \"$DIR/.filler\"\ncp -a \"$DIR\"/. \"$AFTER\"/\n",
            Mount::ReadOnlyFolder | Mount::ReadOnlyFile => "",
        };
        let script = format!("set -e\n{prepare}set +e\n{FUNCTIONS}{body}{finish}");
        // As root a mount namespace is enough; anyone else also needs a
        // user namespace of their own in which they may mount.
        let unshare: &[&str] = if is_root() {
            &["--mount", "--propagation", "private"]
        } else {
            &["--map-root-user", "--mount", "--propagation", "private"]
        };
        let mut command = Command::new("unshare");
        command
            .args(unshare)
            .args(["sh", "-c", &script])
            .env("KAM", env!("CARGO_BIN_EXE_kam"))
            .env("DIR", &folder)
            .env("DB", &db)
            .env("SEED", self.dir.path().join("seed"))
            .env("AFTER", self.dir.path().join("after"))
            .env("CTL", self.ctl());
        self.isolate(&mut command);
        command
    }

    /// Gives `command` the place's home folder, and nothing of the
    /// machine's kam or git configuration.
    fn isolate(&self, command: &mut Command) {
        let home = self.home();
        command
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("KAM_DB")
            .current_dir(&home);
    }

    /// `kam --db SEED_DB ARGS…` run outside any mount, to prepare the seed
    /// with kam's own commands; asserts that it succeeds.
    pub fn prepare(&self, args: &[&str]) -> String {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kam"));
        command.arg("--db").arg(self.seed_db()).args(args);
        self.isolate(&mut command);
        let output = command.stdin(Stdio::null()).output().expect("running kam");
        let (out, err) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert!(output.status.success(), "kam {args:?} failed: {out}{err}");
        out.into_owned()
    }

    /// A folder of the place outside the mount, for files kam reads (an
    /// import) or a sync remote.
    pub fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Shell functions of the script: `fill KIB` fills the small disk leaving
/// KIB KiB, `free` frees it, `watch` does either when the test asks
/// through the control folder.
const FUNCTIONS: &str = r#"fill() {
  dd if=/dev/zero of="$DIR/.filler" bs=4k 2>/dev/null
  [ "$1" -gt 0 ] && truncate -s "-$1K" "$DIR/.filler"
  sync
}
free() { rm -f "$DIR/.filler"; }
watch() {
  while [ ! -e "$CTL/fill" ]; do sleep 0.02; done
  fill "$(cat "$CTL/fill")"; touch "$CTL/filled"
  while [ ! -e "$CTL/free" ]; do sleep 0.02; done
  free; touch "$CTL/freed"
}
"#;

/// Whether the tests run as root.
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Every file under `dir` with its bytes, by path relative to `dir`, so
/// that two looks at a folder can be compared.
pub fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(folder) = todo.pop() {
        for entry in fs::read_dir(&folder).expect("reading a folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .expect("below dir")
                    .display()
                    .to_string();
                files.push((name, fs::read(&path).expect("reading a file")));
            }
        }
    }
    files.sort();
    files
}

/// The files that differ between two looks at a folder by [`contents`]:
/// added, removed or changed.
pub fn changed(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut names: Vec<String> = before
        .iter()
        .chain(after)
        .filter(|file| !before.contains(file) || !after.contains(file))
        .map(|file| file.0.clone())
        .collect();
    names.dedup();
    names
}
