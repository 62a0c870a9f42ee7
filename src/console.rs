//! The console, where the systems differ. On Windows the program is a GUI program, so no
//! console window opens when it is started from the Start menu or Explorer; a command run from
//! cmd or PowerShell then attaches to that console to print there (the `anam-studio.com`
//! launcher beside it waits for it and returns its exit code: see `console-launcher/`). On
//! Linux and macOS a program always has the terminal it was started from, and these do nothing.

/// Called first when the program was given a command: on Windows, print to the console of the
/// shell that started it, unless the standard handles already lead somewhere (a pipe, a file,
/// or the launcher's console).
pub fn attach_to_parent() {
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::Console::{
            ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_OUTPUT_HANDLE,
        };
        // SAFETY: plain Win32 calls with constant arguments; a failure (no parent console, or
        // one attached already) leaves everything as it was.
        unsafe {
            if GetStdHandle(STD_OUTPUT_HANDLE).is_null() {
                AttachConsole(ATTACH_PARENT_PROCESS);
            }
        }
    }
}

/// Tells the person something went wrong before any window could show it: on standard error,
/// and on Windows also in a message box (a program started from the Start menu has no console).
pub fn alert(message: &str) {
    eprintln!("anam-studio: {message}");
    #[cfg(windows)]
    {
        use windows_sys::Win32::UI::WindowsAndMessaging::{MB_ICONERROR, MB_OK, MessageBoxW};
        let wide = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
        let (text, title) = (wide(message), wide("anam-studio"));
        // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call.
        unsafe {
            MessageBoxW(
                std::ptr::null_mut(),
                text.as_ptr(),
                title.as_ptr(),
                MB_OK | MB_ICONERROR,
            );
        }
    }
}
