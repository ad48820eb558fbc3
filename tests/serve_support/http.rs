//! Plain HTTP/1.0 against the service's listeners, and the applicant's
//! steps through the real applicant page (`--portal`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// One response: status, headers (lowercase names), body.
pub type Reply = (u16, Vec<(String, String)>, Vec<u8>);

/// One HTTP/1.0 exchange.
pub fn http(addr: SocketAddr, method: &str, path: &str, extra: &str, body: &[u8]) -> Reply {
    exchange(TcpStream::connect(addr).unwrap(), addr, method, path, extra, body)
}

/// A connection to `addr` from the loopback address `from` (any of
/// 127.0.0.0/8 is ours), as if from another client.
pub fn connect_from(from: std::net::IpAddr, addr: SocketAddr) -> std::io::Result<TcpStream> {
    let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    s.bind(&SocketAddr::new(from, 0).into())?;
    s.connect_timeout(&addr.into(), Duration::from_secs(5))?;
    Ok(s.into())
}

/// [`http`] from the loopback address `from`.
pub fn http_from(from: std::net::IpAddr, addr: SocketAddr, method: &str, path: &str, extra: &str) -> Reply {
    exchange(connect_from(from, addr).unwrap(), addr, method, path, extra, b"")
}

fn exchange(mut s: TcpStream, addr: SocketAddr, method: &str, path: &str, extra: &str, body: &[u8]) -> Reply {
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n{extra}\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    // A server refusing a large body may close before reading it all.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, raw[split + 4..].to_vec())
}

pub fn header<'a>(h: &'a [(String, String)], name: &str) -> &'a str {
    h.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {h:?}"))
}

/// A form field: text, or a file (name, bytes).
#[derive(Clone, Copy)]
pub enum Part<'a> {
    Text(&'a str),
    File(&'a str, &'a [u8]),
}

/// `POST path` of a multipart/form-data form.
pub fn post_form(addr: SocketAddr, path: &str, fields: &[(&str, Part)]) -> Reply {
    let boundary = "ratu-test-boundary-7f3a9c";
    let mut body = Vec::new();
    for (name, part) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match part {
            Part::Text(v) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{v}\r\n").as_bytes(),
            ),
            Part::File(file, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let extra = format!("Content-Type: multipart/form-data; boundary={boundary}\r\n");
    http(addr, "POST", path, &extra, &body)
}

/// The value of the first `name="NAME" value="..."` in a page.
pub fn form_value(page: &str, name: &str) -> String {
    let at = page
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in the page:\n{page}"));
    let rest = &page[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_string()
}

/// The token of the link in the newest e-mail for case `id` about
/// `notice` the service delivered into `outbox`, waiting for it.
pub fn link_token(outbox: &Path, id: u64, notice: &str) -> String {
    let t0 = Instant::now();
    loop {
        let mut mails: Vec<(u64, std::path::PathBuf)> = std::fs::read_dir(outbox)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|p| {
                let stem = p.file_stem()?.to_string_lossy().into_owned();
                let rest = stem.strip_prefix(&format!("case{id}-{notice}-"))?;
                Some((rest.parse().ok()?, p))
            })
            .collect();
        mails.sort();
        if let Some((_, p)) = mails.last() {
            let text = std::fs::read_to_string(p).unwrap();
            let at = text.find("/l/").expect("a link in the e-mail") + 3;
            return text[at..at + 24].to_string();
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "no {notice} e-mail for case {id} in {}",
            outbox.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Unknown links one address may try before the page locks it out
/// (`ratu::serve::portal::ADDRESS_MAX_FAILURES`).
pub const ADDRESS_GUESSES: u32 = ratu::serve::portal::ADDRESS_MAX_FAILURES;
