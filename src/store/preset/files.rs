//! The file system as it really is: special files that would block a read, names that appeared
//! since the folder was read, symbolic-link loops. Every operation here either does what it says
//! or fails with an error that can be put in a sentence; none of them waits on another program.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// What a path that is not a regular file is, in words: "a named pipe (FIFO)", "a folder", …
pub fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

/// Whether `e` is the kernel's "too many levels of symbolic links" (a link loop).
pub fn is_link_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The words for an I/O error at `path`, with a link loop said plainly.
pub fn describe(e: &io::Error) -> String {
    if is_link_loop(e) {
        "it is a symbolic link that leads back to itself (a loop)".into()
    } else {
        e.to_string()
    }
}

/// Why a path cannot be opened as a preset.
#[derive(Debug)]
pub enum OpenError {
    Io(io::Error),
    /// It exists but is not a regular file; the words say what it is.
    NotAFile(&'static str),
}

/// Opens `path` for reading only if it is a regular file. The open itself never blocks: a named
/// pipe with no writer would make a plain open wait forever, so the file is opened
/// non-blocking and its type checked on the open handle (not on the name, which another
/// program could swap meanwhile).
pub fn open_regular(path: &Path) -> Result<fs::File, OpenError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(OpenError::Io)?;
    let meta = file.metadata().map_err(OpenError::Io)?;
    if !meta.is_file() {
        return Err(OpenError::NotAFile(kind_of(meta.file_type())));
    }
    Ok(file)
}

/// Why a path could not be read with [`read_regular`].
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// It exists but is not a regular file; the words say what it is.
    NotAFile(&'static str),
    /// Over the limit: the file's size, or how much was read before giving up (a file that grew).
    TooLarge(u64),
}

impl From<OpenError> for ReadError {
    fn from(e: OpenError) -> Self {
        match e {
            OpenError::Io(e) => ReadError::Io(e),
            OpenError::NotAFile(what) => ReadError::NotAFile(what),
        }
    }
}

/// The bytes of the regular file at `path`, at most `max` of them. It is opened by
/// [`open_regular`] (never blocking; a named pipe, a device or a folder is refused unread), a file
/// over `max` is refused by its size on the open handle, and the read itself stops there (a file
/// that grows meanwhile, or a device swapped in, cannot exhaust memory).
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > max {
        return Err(ReadError::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Renames `from` to `to` unless `to` exists: then it fails with `AlreadyExists` and both files
/// stay as they were. (A plain rename replaces whatever `to` names, even a file another program
/// created a moment ago.)
pub fn rename_no_replace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a NUL byte in a path"))
        };
        let (f, t) = (c(from)?, c(to)?);
        // SAFETY: both arguments are NUL-terminated paths that outlive the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                f.as_ptr(),
                libc::AT_FDCWD,
                t.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        // A file system without RENAME_NOREPLACE: link, then unlink, which refuses just as well.
        if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(e);
        }
    }
    fs::hard_link(from, to)?;
    fs::remove_file(from)
}

/// How the file at a path compares with the bytes this app last read or wrote there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Same,
    Changed,
    Deleted,
    /// It could not be read (permissions, a special file, …): nothing is claimed.
    Unknown,
}

/// Compares the file at `path` with `seen` without reading more than `seen.len()` bytes: a file
/// of another size is changed without reading it at all (a 2 GB file costs one `fstat`), and a
/// special file is never read.
pub fn compare(path: &Path, seen: &[u8]) -> Comparison {
    let file = match open_regular(path) {
        Ok(f) => f,
        Err(OpenError::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
            return Comparison::Deleted;
        }
        // Something else stands at the path now: it is not the preset that was saved there.
        Err(OpenError::NotAFile(_)) => return Comparison::Changed,
        Err(OpenError::Io(_)) => return Comparison::Unknown,
    };
    let Ok(meta) = file.metadata() else {
        return Comparison::Unknown;
    };
    if meta.len() != seen.len() as u64 {
        return Comparison::Changed;
    }
    let mut now = Vec::with_capacity(seen.len());
    match file.take(seen.len() as u64 + 1).read_to_end(&mut now) {
        Ok(_) if now == seen => Comparison::Same,
        Ok(_) => Comparison::Changed,
        Err(_) => Comparison::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.json");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        match open_regular(&fifo) {
            Err(OpenError::NotAFile(what)) => assert_eq!(what, "a named pipe (FIFO)"),
            other => panic!("{other:?}"),
        }
        assert_eq!(compare(&fifo, b"{}"), Comparison::Changed);
    }

    #[test]
    fn rename_no_replace_keeps_an_existing_target() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        fs::write(&a, "a").unwrap();
        fs::write(&b, "b").unwrap();
        let e = rename_no_replace(&a, &b).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&a).unwrap(), "a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "b");
        fs::remove_file(&b).unwrap();
        rename_no_replace(&a, &b).unwrap();
        assert!(!a.exists());
        assert_eq!(fs::read_to_string(&b).unwrap(), "a");
    }

    #[test]
    fn compare_reads_no_more_than_it_saw() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        fs::write(&path, "{}\n").unwrap();
        assert_eq!(compare(&path, b"{}\n"), Comparison::Same);
        assert_eq!(compare(&path, b"{ }"), Comparison::Changed);
        // A huge sparse file: changed by its size alone.
        fs::File::create(&path)
            .unwrap()
            .set_len(4 * 1024 * 1024 * 1024)
            .unwrap();
        assert_eq!(compare(&path, b"{}\n"), Comparison::Changed);
        fs::remove_file(&path).unwrap();
        assert_eq!(compare(&path, b"{}\n"), Comparison::Deleted);
    }
}
