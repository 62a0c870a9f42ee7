//! What the benches measure with: the calling thread's CPU time.
//!
//! The budgets are CPU per frame (and per call), and this machine has 2 cores shared with
//! builds: wall time would also count the time other processes ran while the benchmark waited
//! for a core. Every frame is built on the calling thread, so its CPU time is the frame's cost.
//! `BENCH_CLOCK=wall` measures wall time instead.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// criterion's measurement: thread CPU time (or wall time with `BENCH_CLOCK=wall`).
pub struct ThreadCpu {
    /// Only for its formatter (durations).
    wall: WallTime,
}

impl Default for ThreadCpu {
    fn default() -> Self {
        ThreadCpu { wall: WallTime }
    }
}

fn use_wall_clock() -> bool {
    static WALL: OnceLock<bool> = OnceLock::new();
    *WALL.get_or_init(|| std::env::var("BENCH_CLOCK").is_ok_and(|v| v == "wall"))
}

/// The CPU time this thread has used so far (wall time since the first call with
/// `BENCH_CLOCK=wall`, or where thread CPU time is not available).
pub fn now() -> Duration {
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    if !use_wall_clock() {
        #[repr(C)]
        struct Timespec {
            tv_sec: i64,
            tv_nsec: i64,
        }
        unsafe extern "C" {
            fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
        }
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        let mut t = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable timespec; the clock id is Linux's.
        if unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return Duration::new(t.tv_sec as u64, t.tv_nsec as u32);
        }
    }
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed()
}

/// A short note for the bench's output: which clock the figures are in.
pub fn describe() -> &'static str {
    if use_wall_clock() || !cfg!(all(target_os = "linux", target_pointer_width = "64")) {
        "wall time"
    } else {
        "thread CPU time (BENCH_CLOCK=wall for wall time)"
    }
}

impl Measurement for ThreadCpu {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        now()
    }
    fn end(&self, started: Duration) -> Duration {
        now().saturating_sub(started)
    }
    fn add(&self, v1: &Duration, v2: &Duration) -> Duration {
        *v1 + *v2
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        self.wall.formatter()
    }
}
