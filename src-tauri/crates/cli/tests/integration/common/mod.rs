//! What the crash tests share: running the `shopdock` binary on a data dir, a shop of an
//! in-test sandbox registered and authorized through the CLI, and a replayable random
//! schedule for the kills.

use shopdock_sandbox::{Control, DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_SERVICE_ID};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_shopdock");

pub fn shopdock(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("SHOPDOCK_DATA_DIR", data)
        .env("SHOPDOCK_APP_SECRET", DEMO_APP_SECRET)
        .output()
        .expect("run shopdock")
}

/// `shopdock` with `input` on its standard input (a pasted authorization code).
pub fn shopdock_with_input(data: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(args)
        .env("SHOPDOCK_DATA_DIR", data)
        .env("SHOPDOCK_APP_SECRET", DEMO_APP_SECRET)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start shopdock");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("run shopdock")
}

/// Starts `shopdock` in the background with its output discarded (to be killed).
pub fn spawn_shopdock(data: &Path, args: &[&str]) -> Child {
    Command::new(BIN)
        .args(args)
        .env("SHOPDOCK_DATA_DIR", data)
        .env("SHOPDOCK_APP_SECRET", DEMO_APP_SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start shopdock")
}

/// The command's stdout; panics with both streams when it failed.
pub fn ok(out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "shopdock failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Registers the sandbox's demo shop as `label` (a "real" shop at `base`) and authorizes it
/// with a code, as a seller would from a script.
pub fn register_demo_shop(data: &Path, control: &Control, base: &str, label: &str) {
    let demo = control.demo_shop();
    let authorize = format!("{base}/open/authorize");
    ok(shopdock(
        data,
        &[
            "shop",
            "add",
            "--label",
            label,
            "--region",
            "US",
            "--app-key",
            DEMO_APP_KEY,
            "--service-id",
            DEMO_SERVICE_ID,
            "--shop",
            &demo.code,
            "--redirect-port",
            "8787",
            "--authorize-url",
            &authorize,
            "--api-base",
            base,
            "--auth-base",
            base,
        ],
    ));
    let code = control
        .issue_auth_code(DEMO_APP_KEY, shopdock_sandbox::DEMO_SELLER)
        .unwrap();
    ok(shopdock_with_input(data, &["auth", label, "--code"], &code));
}

/// A tiny deterministic generator for the kill moments (seeded from the clock, printed so a
/// failure can be replayed).
pub struct Lcg(pub u64);
impl Lcg {
    pub fn from_clock() -> Lcg {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        eprintln!("kill schedule seed: {seed}");
        Lcg(seed)
    }

    pub fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

/// When [`kill_at_random`] kills: a random moment up to `from_start` after the start, or (as
/// often) a random delay up to `after_a_write` once `writes` first grows; a run still going
/// after `give_up` is killed too.
pub struct KillWindow {
    pub from_start: Duration,
    pub after_a_write: Duration,
    pub give_up: Duration,
}

/// Runs `shopdock ARGS` and SIGKILLs it at a random moment of `window`; `writes` reads the
/// sandbox's count of the writes under test. Returns whether it was killed (false: it finished
/// on its own first).
pub fn kill_at_random(
    data: &Path,
    args: &[&str],
    rng: &mut Lcg,
    window: &KillWindow,
    writes: impl Fn() -> u32,
) -> bool {
    let before = writes();
    let mut child = spawn_shopdock(data, args);
    let wait_for_writes = rng.next(2) == 0;
    let limit = match wait_for_writes {
        true => window.after_a_write,
        false => window.from_start,
    };
    let extra = Duration::from_millis(rng.next(limit.as_millis() as u64));
    let started = Instant::now();
    let mut wrote_at = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        if !wait_for_writes && started.elapsed() >= extra {
            break;
        }
        if wait_for_writes {
            match wrote_at {
                None if writes() > before => wrote_at = Some(Instant::now()),
                Some(t) if t.elapsed() >= extra => break,
                _ => {}
            }
        }
        if started.elapsed() > window.give_up {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    true
}
