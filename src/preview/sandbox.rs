//! Decoding in a child process under hard limits. The child is `ratu`
//! itself, started as `ratu __render-document MEMORY CPU OUTPUT`: before
//! reading a byte it sets its own rlimits (address space, CPU seconds, no
//! core file, no file written, few descriptors), reads the document from
//! stdin, decodes it ([`super::decode`]) and writes the result to stdout
//! in a small binary form. The parent kills it at twice the CPU limit in
//! wall-clock time, reads at most the output limit, and turns a death by
//! signal into the limit it passed. Whatever the document asks for, the
//! parent's memory grows by at most the output limit.
//!
//! At most two children run at once in a process, so that a burst of
//! uploads cannot fork the machine to its knees.

use super::{LIMITS, Limit, Limits, Preview, decode};
use crate::domain::case::{MAX_DOCUMENT_BYTES, MediaType};
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

/// The first argument that makes `ratu` a document decoder.
pub const ARG: &str = "__render-document";

/// Children running at once in this process.
static RUNNING: Semaphore = Semaphore::const_new(2);

/// The program run as the decoder: `RATU_RENDERER` when set (tests that
/// run the service inside a test binary), else this executable.
fn program() -> std::io::Result<PathBuf> {
    match std::env::var_os("RATU_RENDERER") {
        Some(p) => Ok(PathBuf::from(p)),
        None => std::env::current_exe(),
    }
}

/// `bytes` decoded in a child under [`LIMITS`].
pub async fn render(bytes: Vec<u8>) -> Preview {
    render_by(None, bytes).await
}

/// [`render`] by `program` (none: [`program`]'s choice).
pub async fn render_by(program: Option<&Path>, bytes: Vec<u8>) -> Preview {
    render_with(program, bytes, LIMITS).await
}

/// `bytes` decoded in a child (`program`, or [`program`]'s choice) under
/// `limits`.
pub async fn render_with(program: Option<&Path>, bytes: Vec<u8>, limits: Limits) -> Preview {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Preview::Refused(Limit::Size);
    }
    let exe = match program.map(Path::to_path_buf).map_or_else(self::program, Ok) {
        Ok(p) => p,
        Err(e) => return Preview::Unreadable(format!("cannot start the decoder: {e}")),
    };
    let Ok(_permit) = RUNNING.acquire().await else {
        return Preview::Refused(Limit::Crashed);
    };
    let spawned = tokio::process::Command::new(&exe)
        .arg(ARG)
        .args([
            limits.memory.to_string(),
            limits.cpu.to_string(),
            limits.output.to_string(),
        ])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => return Preview::Unreadable(format!("cannot start the decoder {}: {e}", exe.display())),
    };
    let (Some(mut stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Preview::Refused(Limit::Crashed);
    };
    let feed = tokio::spawn(async move {
        // A child that dies early closes the pipe: nothing to report.
        let _ = stdin.write_all(&bytes).await;
    });
    let cap = limits.output as u64 + 64;
    let work = async {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let (mut stdout, mut stderr) = (stdout.take(cap + 1), stderr.take(4096));
        let (r1, r2) = tokio::join!(stdout.read_to_end(&mut out), stderr.read_to_end(&mut err));
        let status = child.wait().await;
        (r1.and(r2).and(status), out, err)
    };
    let wall = Duration::from_secs(limits.cpu * 2 + 1);
    let outcome = tokio::time::timeout(wall, work).await;
    feed.abort();
    let (status, out, err) = match outcome {
        Err(_) => return Preview::Refused(Limit::Time),
        Ok((Err(e), _, _)) => return Preview::Unreadable(format!("the decoder: {e}")),
        Ok((Ok(st), out, err)) => (st, out, err),
    };
    if out.len() as u64 > cap {
        return Preview::Refused(Limit::Output);
    }
    if status.success() {
        return read(&out).unwrap_or(Preview::Refused(Limit::Crashed));
    }
    let err = String::from_utf8_lossy(&err);
    match status.signal() {
        Some(libc::SIGXCPU) | Some(libc::SIGKILL) => Preview::Refused(Limit::Time),
        _ if err.contains("memory allocation") || err.contains("capacity overflow") => Preview::Refused(Limit::Memory),
        _ => {
            tracing::warn!(status = %status, stderr = %crate::domain::text::one_line(&err), "document decoder");
            Preview::Refused(Limit::Crashed)
        }
    }
}

/// The child: `args` are MEMORY CPU OUTPUT (after [`ARG`]).
pub fn child_main(args: &[String]) -> ExitCode {
    let num = |i: usize| args.get(i).and_then(|a| a.parse::<u64>().ok());
    let (Some(memory), Some(cpu), Some(output)) = (num(0), num(1), num(2)) else {
        eprintln!("usage: ratu {ARG} MEMORY CPU OUTPUT");
        return ExitCode::FAILURE;
    };
    if let Err(e) = limit_self(memory, cpu) {
        eprintln!("cannot set the limits: {e}");
        return ExitCode::FAILURE;
    }
    let mut bytes = Vec::new();
    if std::io::stdin()
        .take(MAX_DOCUMENT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    let preview = match MediaType::sniff(&bytes) {
        Some(media) => decode(media, &bytes),
        None => Preview::Unreadable("not a PDF, JPEG or PNG file".into()),
    };
    let mut out = write(&preview);
    if out.len() as u64 > output {
        out = write(&Preview::Refused(Limit::Output));
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// This process's hard limits: `memory` bytes of address space, `cpu`
/// seconds (SIGXCPU then, SIGKILL a second later), no core, no file
/// written, a handful of descriptors.
fn limit_self(memory: u64, cpu: u64) -> std::io::Result<()> {
    let set = |what, soft: u64, hard: u64| {
        let r = libc::rlimit {
            rlim_cur: soft,
            rlim_max: hard,
        };
        // SAFETY: setrlimit with a valid struct; it only lowers our limits.
        match unsafe { libc::setrlimit(what, &r) } {
            0 => Ok(()),
            _ => Err(std::io::Error::last_os_error()),
        }
    };
    set(libc::RLIMIT_AS, memory, memory)?;
    set(libc::RLIMIT_CPU, cpu, cpu + 1)?;
    set(libc::RLIMIT_CORE, 0, 0)?;
    set(libc::RLIMIT_FSIZE, 0, 0)?;
    set(libc::RLIMIT_NOFILE, 16, 16)?;
    Ok(())
}

/// Tags of the child's answer.
const IMAGE: u8 = b'I';
const PDF: u8 = b'P';
const UNREADABLE: u8 = b'U';
const REFUSED: u8 = b'R';

fn put_image(out: &mut Vec<u8>, img: &::image::DynamicImage) {
    let rgba = img.to_rgba8();
    out.extend_from_slice(&rgba.width().to_be_bytes());
    out.extend_from_slice(&rgba.height().to_be_bytes());
    out.extend_from_slice(rgba.as_raw());
}

fn put_text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn write(p: &Preview) -> Vec<u8> {
    let mut out = Vec::new();
    match p {
        Preview::Image(img) => {
            out.push(IMAGE);
            put_image(&mut out, img);
        }
        Preview::Pdf { pages, text, page } => {
            out.push(PDF);
            out.extend_from_slice(&(*pages as u64).to_be_bytes());
            put_text(&mut out, text);
            match page {
                Some(img) => {
                    out.push(1);
                    put_image(&mut out, img);
                }
                None => out.push(0),
            }
        }
        Preview::Unreadable(why) => {
            out.push(UNREADABLE);
            put_text(&mut out, why);
        }
        Preview::Refused(l) => {
            out.push(REFUSED);
            out.push(*l as u8);
        }
    }
    out
}

/// The child's answer, every length checked.
fn read(mut b: &[u8]) -> Option<Preview> {
    fn take<'a>(b: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        (b.len() >= n).then(|| {
            let (h, t) = b.split_at(n);
            *b = t;
            h
        })
    }
    fn u32_(b: &mut &[u8]) -> Option<u32> {
        Some(u32::from_be_bytes(take(b, 4)?.try_into().ok()?))
    }
    fn text(b: &mut &[u8]) -> Option<String> {
        let n = u32_(b)? as usize;
        Some(String::from_utf8_lossy(take(b, n)?).into_owned())
    }
    fn image(b: &mut &[u8]) -> Option<::image::DynamicImage> {
        let (w, h) = (u32_(b)?, u32_(b)?);
        let n = (w as usize).checked_mul(h as usize)?.checked_mul(4)?;
        let raw = take(b, n)?.to_vec();
        ::image::RgbaImage::from_raw(w, h, raw).map(::image::DynamicImage::ImageRgba8)
    }
    let p = match take(&mut b, 1)?[0] {
        IMAGE => Preview::Image(image(&mut b)?),
        PDF => {
            let pages = u64::from_be_bytes(take(&mut b, 8)?.try_into().ok()?) as usize;
            let text = text(&mut b)?;
            let page = match take(&mut b, 1)?[0] {
                0 => None,
                _ => Some(image(&mut b)?),
            };
            Preview::Pdf { pages, text, page }
        }
        UNREADABLE => Preview::Unreadable(text(&mut b)?),
        REFUSED => Preview::Refused(match take(&mut b, 1)?[0] {
            x if x == Limit::Memory as u8 => Limit::Memory,
            x if x == Limit::Time as u8 => Limit::Time,
            x if x == Limit::Output as u8 => Limit::Output,
            x if x == Limit::Size as u8 => Limit::Size,
            _ => Limit::Crashed,
        }),
        _ => return None,
    };
    b.is_empty().then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_reads_back_and_a_cut_one_does_not() {
        let img =
            ::image::DynamicImage::ImageRgba8(::image::RgbaImage::from_pixel(3, 2, ::image::Rgba([1, 2, 3, 255])));
        for p in [
            Preview::Image(img.clone()),
            Preview::Pdf {
                pages: 7,
                text: "halaman satu".into(),
                page: Some(img),
            },
            Preview::Pdf {
                pages: 1,
                text: String::new(),
                page: None,
            },
            Preview::Unreadable("bad xref".into()),
            Preview::Refused(Limit::Memory),
            Preview::Refused(Limit::Time),
        ] {
            let w = write(&p);
            assert_eq!(format!("{:?}", read(&w).unwrap()), format!("{p:?}"));
            for cut in 0..w.len() {
                assert!(read(&w[..cut]).is_none(), "{p:?} cut at {cut}");
            }
        }
        // A size that overflows is refused, not allocated.
        let mut huge = vec![IMAGE];
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        huge.extend_from_slice(&u32::MAX.to_be_bytes());
        assert!(read(&huge).is_none());
    }
}
