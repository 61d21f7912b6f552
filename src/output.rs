//! Output files written atomically: into a temporary file beside the destination, renamed
//! over it only once complete and synced, so a full disk or a killed run never leaves a
//! truncated file where a good one was. Errors name the destination.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where a command writes: standard output, or a file replaced atomically by [`Sink::finish`].
pub enum Sink {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File { tmp: PathBuf, dest: PathBuf, w: Option<BufWriter<fs::File>> },
}

impl Sink {
    pub fn stdout() -> Sink {
        Sink::Stdout(BufWriter::new(io::stdout().lock()))
    }

    /// A temporary file beside `dest` (same folder, so the rename is atomic).
    pub fn file(dest: &Path) -> io::Result<Sink> {
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
        let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = fs::File::create(&tmp).map_err(|e| named(dest, e))?;
        Ok(Sink::File { tmp, dest: dest.to_path_buf(), w: Some(BufWriter::new(file)) })
    }

    /// Flush; for a file, sync it and rename it over the destination.
    pub fn finish(mut self) -> io::Result<()> {
        match &mut self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { tmp, dest, w } => {
                let w = w.take().expect("finished once");
                let done = w
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|file| file.sync_all())
                    .and_then(|_| fs::rename(&*tmp, &*dest))
                    .map_err(|e| named(dest, e));
                if done.is_err() {
                    let _ = fs::remove_file(&*tmp);
                }
                done
            }
        }
    }
}

fn named(dest: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("writing {}: {e}", dest.display()))
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { dest, w, .. } => w.as_mut().expect("open").write(buf).map_err(|e| named(dest, e)),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { dest, w, .. } => w.as_mut().expect("open").flush().map_err(|e| named(dest, e)),
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Sink::File { tmp, w, .. } = self {
            if w.is_some() {
                // not finished: an error happened; leave the destination as it was
                let _ = fs::remove_file(&*tmp);
            }
        }
    }
}
