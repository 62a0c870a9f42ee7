//! `anam-studio.com`: the console face of anam-studio on Windows.
//!
//! The program, `anam-studio.exe`, is a Windows GUI program, so no console window opens when it
//! is started from the Start menu or Explorer. But cmd and PowerShell neither wait for a GUI
//! program nor see its exit code. Typed as `anam-studio`, they find this `.com` first (PATHEXT
//! lists `.COM` before `.EXE`): it runs the `.exe` beside it with the same arguments on this
//! console, waits, and exits with its code. Ctrl+C ends both (a job object ties them).

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(path) => path.with_file_name("anam-studio.exe"),
        Err(e) => return fail(&format!("could not find where it was started from ({e})")),
    };
    let mut child = match Command::new(&exe).args(std::env::args_os().skip(1)).spawn() {
        Ok(child) => child,
        Err(e) => return fail(&format!("could not start {} ({e})", exe.display())),
    };
    let _job = platform::end_with_this_process(&child);
    match child.wait() {
        // Exit codes pass through whole (`ExitCode` would cut them to a byte).
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(e) => fail(&format!("lost track of {} ({e})", exe.display())),
    }
}

fn fail(why: &str) -> ExitCode {
    eprintln!("anam-studio: {why}.");
    ExitCode::from(2)
}

#[cfg(windows)]
mod platform {
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
        SetInformationJobObject,
    };

    /// A job that ends `child` when this process ends (Ctrl+C, the console closed), so the
    /// program never runs on unseen after its console is gone.
    pub struct Job(HANDLE);

    impl Drop for Job {
        fn drop(&mut self) {
            // SAFETY: the handle came from CreateJobObjectW and is closed once.
            unsafe { CloseHandle(self.0) };
        }
    }

    pub fn end_with_this_process(child: &std::process::Child) -> Option<Job> {
        // SAFETY: plain Win32 calls; the limit structure is zeroed and then given its one flag.
        unsafe {
            let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if job.is_null() {
                return None;
            }
            let job = Job(job);
            let mut limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
            limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
            let size = std::mem::size_of_val(&limits) as u32;
            let info = (&raw const limits).cast();
            if SetInformationJobObject(job.0, JobObjectExtendedLimitInformation, info, size) == 0 {
                return None;
            }
            (AssignProcessToJobObject(job.0, child.as_raw_handle()) != 0).then_some(job)
        }
    }
}

#[cfg(not(windows))]
mod platform {
    /// Elsewhere a terminal's Ctrl+C reaches the whole process group already.
    pub fn end_with_this_process(_child: &std::process::Child) -> Option<()> {
        None
    }
}
