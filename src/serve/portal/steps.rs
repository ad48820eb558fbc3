//! The applicant page's handlers: open a link's step, take it, download.
//! Each checks the client's lockout first; anything refused says why in
//! one line, and a failed guess counts against the address.

use super::super::net::RealClient;
use super::{Portal, html, pages};
use crate::domain::{LinkRefusal, LinkStep};
use crate::ra::{ApplicantData, RaError, Upload};
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

type St = State<Arc<Portal>>;

/// A wrong passphrase, in both languages.
const WRONG_PASSPHRASE: &str = "passphrase salah: ketik passphrase yang Anda atur; salah berulang kali mengunci tautan ini — \
wrong passphrase: type the passphrase you set; repeated failures lock this link";

/// Form fields at most, and the longest text field.
const MAX_FIELDS: usize = 12;
const MAX_TEXT: usize = 4096;

pub async fn home() -> Response {
    html(
        StatusCode::OK,
        pages::message(
            "Layanan pemohon",
            "Applicant page",
            "Buka tautan dari e-mail Anda. — Open the link in your e-mail.",
        ),
    )
}

fn locked(secs: u64) -> Response {
    let mut r = html(
        StatusCode::TOO_MANY_REQUESTS,
        pages::message(
            "Terlalu banyak percobaan",
            "Too many tries",
            &format!(
                "Terlalu banyak percobaan gagal dari alamat Anda; coba lagi dalam {} menit. — Too many failed tries from your address; try again in {} minutes.",
                secs.div_ceil(60),
                secs.div_ceil(60)
            ),
        ),
    );
    if let Ok(v) = secs.to_string().parse() {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// Whether a request from `client` for link `token` is taken: a locked
/// address is refused, except for a live link, which has its own count of
/// failures (in the store). So guesses through the office's proxy, or
/// from a neighbour behind the same address, never lock a real applicant
/// out of their own link.
async fn admit(p: &Portal, client: IpAddr, token: &str) -> Result<(), Response> {
    match p.guard.check(client) {
        Ok(()) => Ok(()),
        Err(_) if p.ra.link_is_live(token).await => Ok(()),
        Err(secs) => Err(locked(secs)),
    }
}

/// What a refusal looks like to the applicant; guesses count against `client`.
fn refused(p: &Portal, client: IpAddr, e: RaError) -> Response {
    let ip = client;
    let (status, text) = match &e {
        RaError::Link(LinkRefusal::Unknown) => {
            p.guard.fail(ip);
            (StatusCode::NOT_FOUND, LinkRefusal::Unknown.both())
        }
        RaError::Link(r) => (StatusCode::GONE, r.both()),
        _ if e.is_wrong_passphrase() => {
            p.guard.fail(ip);
            (StatusCode::FORBIDDEN, WRONG_PASSPHRASE.into())
        }
        _ if e.is_link_race() => (StatusCode::GONE, LinkRefusal::Used.both()),
        _ if e.is_stale() => (StatusCode::GONE, LinkRefusal::CaseChanged.both()),
        RaError::Invalid(_)
        | RaError::NotAllowed(_)
        | RaError::Field(_)
        | RaError::Document(_)
        | RaError::Refused(_)
        | RaError::Ca(_) => (StatusCode::BAD_REQUEST, e.to_string()),
        other => {
            tracing::error!(client = %client, "portal: {other}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the service cannot take this now; try again later".into(),
            )
        }
    };
    tracing::info!(client = %client, status = status.as_u16(), "portal refused: {text}");
    html(status, pages::message("Tidak dapat diproses", "Cannot be done", &text))
}

/// `GET /l/TOKEN`: the page of the link's step.
pub async fn open(State(p): St, RealClient(client): RealClient, Path(token): Path<String>) -> Response {
    if let Err(r) = admit(&p, client, &token).await {
        return r;
    }
    let step = match p.ra.link_step(&token).await {
        Ok(s) => s,
        Err(e) => return refused(&p, client, e),
    };
    let opened = match p.ra.open_link(&token, step).await {
        Ok(o) => o,
        Err(e) => return refused(&p, client, e),
    };
    let csrf = p.guard.csrf(&token);
    let body = match step {
        LinkStep::Identity => pages::identity(&opened.case, &token, &csrf, None),
        LinkStep::Passphrase => pages::passphrase(&opened.case, &token, &csrf, &p.ra.config().agreement, None),
        LinkStep::Download => match p.ra.applicant_download(&token).await {
            Ok((serial, has_key)) => pages::download(&opened.case, &token, &csrf, &serial, has_key, None),
            Err(e) => return refused(&p, client, e),
        },
    };
    html(StatusCode::OK, body)
}

/// `GET /l/TOKEN/cer`: the certificate, DER.
pub async fn cer(State(p): St, RealClient(client): RealClient, Path(token): Path<String>) -> Response {
    if let Err(r) = admit(&p, client, &token).await {
        return r;
    }
    match p.ra.applicant_cer(&token).await {
        Ok((serial, der)) => file(der, "application/pkix-cert", &format!("{serial}.cer")),
        Err(e) => refused(&p, client, e),
    }
}

fn file(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// A posted form: its text fields and its files.
#[derive(Default)]
struct Form {
    text: HashMap<String, String>,
    files: HashMap<String, Upload>,
}

impl Form {
    fn get(&self, k: &str) -> Option<&str> {
        self.text.get(k).map(String::as_str)
    }
    fn opt(&self, k: &str) -> Option<String> {
        self.get(k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
    }
    fn file(&self, k: &str, what: &str) -> Result<&Upload, RaError> {
        self.files
            .get(k)
            .filter(|u| !u.bytes.is_empty())
            .ok_or_else(|| RaError::Invalid(format!("choose a file for {what}")))
    }
}

/// Every uploaded document can be shown within the limits a verifier's
/// console shows it under (`preview::sandbox`): a PDF or image that would
/// take too much memory or time is refused now, with the reason, not
/// found later by the verifier.
async fn showable(form: &Form) -> Result<(), RaError> {
    for (field, u) in &form.files {
        if field == "csr" || crate::domain::case::MediaType::sniff(&u.bytes).is_none() {
            continue;
        }
        let p = crate::preview::sandbox::render(u.bytes.clone()).await;
        if let Some(why) = p.why_not() {
            let name = crate::domain::text::quoted(&u.name, 80);
            tracing::info!(file = %name, "portal: an upload that cannot be shown: {why}");
            return Err(RaError::Invalid(format!(
                "{name} cannot be shown: {why}; send a smaller or simpler file"
            )));
        }
    }
    Ok(())
}

async fn read_form(mut m: Multipart) -> Result<Form, Response> {
    let mut form = Form::default();
    let too_big = |e: axum::extract::multipart::MultipartError| {
        let status = e.status();
        let text = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "the files are too large: at most 10 MiB in all".to_string()
        } else {
            format!("the form could not be read: {}", e.body_text())
        };
        html(status, pages::message("Tidak dapat diproses", "Cannot be done", &text))
    };
    let mut n = 0;
    while let Some(field) = m.next_field().await.map_err(too_big)? {
        n += 1;
        if n > MAX_FIELDS {
            return Err(html(
                StatusCode::BAD_REQUEST,
                pages::message("Tidak dapat diproses", "Cannot be done", "too many form fields"),
            ));
        }
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.map_err(too_big)?;
        match file_name {
            Some(f) => {
                form.files.insert(
                    name,
                    Upload {
                        name: f,
                        bytes: bytes.to_vec(),
                    },
                );
            }
            None if bytes.len() <= MAX_TEXT => {
                form.text.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
            None => {
                return Err(html(
                    StatusCode::BAD_REQUEST,
                    pages::message("Tidak dapat diproses", "Cannot be done", "a form field is too long"),
                ));
            }
        }
    }
    Ok(form)
}

/// `POST /l/TOKEN/ACTION`: identity, passphrase, csr or p12.
pub async fn submit(
    State(p): St,
    RealClient(client): RealClient,
    Path((token, action)): Path<(String, String)>,
    m: Multipart,
) -> Response {
    if let Err(r) = admit(&p, client, &token).await {
        return r;
    }
    let form = match read_form(m).await {
        Ok(f) => f,
        Err(r) => return r,
    };
    if !p.guard.csrf_ok(&token, form.get("csrf")) {
        p.guard.fail(client);
        return html(
            StatusCode::FORBIDDEN,
            pages::message(
                "Formulir ditolak",
                "Form refused",
                "this form did not come from your link's page (missing or wrong CSRF token): open the link again",
            ),
        );
    }
    if let Err(e) = showable(&form).await {
        return match again(&p, client, &token, &form, &e).await {
            Some(page) => page,
            None => refused(&p, client, e),
        };
    }
    let ip = client.to_string();
    let ra = &p.ra;
    let outcome = match action.as_str() {
        "identity" => {
            async {
                let data = ApplicantData {
                    phone: form.opt("phone"),
                    position: form.opt("position"),
                    unit: form.opt("unit"),
                    npwp: form.opt("npwp"),
                };
                let ktp = form.file("ktp", "the KTP scan")?;
                let selfie = form.file("selfie", "the selfie")?;
                ra.applicant_identity(&token, &ip, &data, ktp, selfie).await?;
                Ok(pages::done(LinkStep::Identity))
            }
            .await
        }
        "passphrase" => {
            async {
                let selfie = form.file("selfie", "the selfie")?;
                let (p1, p2) = (form.get("passphrase").unwrap_or(""), form.get("again").unwrap_or(""));
                let agree = form.get("agree").unwrap_or("");
                ra.applicant_set_passphrase(&token, &ip, p1, p2, agree, selfie).await?;
                Ok(pages::done(LinkStep::Passphrase))
            }
            .await
        }
        "csr" => {
            async {
                let selfie = form.file("selfie", "the selfie")?;
                let csr = form.file("csr", "the CSR")?;
                let agree = form.get("agree").unwrap_or("");
                ra.applicant_submit_csr(&token, &ip, csr, agree, selfie).await?;
                Ok(pages::done(LinkStep::Passphrase))
            }
            .await
        }
        "p12" => {
            let pass = form.get("passphrase").unwrap_or("");
            match ra.applicant_p12(&token, &ip, pass).await {
                Ok((serial, p12)) => return file(p12, "application/x-pkcs12", &format!("{serial}.p12")),
                Err(e) => Err(e),
            }
        }
        _ => return (StatusCode::NOT_FOUND, "not found\n").into_response(),
    };
    match outcome {
        Ok(body) => html(StatusCode::OK, body),
        Err(e) => match again(&p, client, &token, &form, &e).await {
            Some(page) => page,
            None => refused(&p, client, e),
        },
    }
}

/// A form refused for what was typed or chosen (a field, a file, a wrong
/// passphrase) comes back with the reason and what was typed; anything
/// else (a dead link, a fault) is `None`, for [`refused`]'s page.
async fn again(p: &Portal, client: IpAddr, token: &str, form: &Form, e: &RaError) -> Option<Response> {
    let status = match e {
        _ if e.is_wrong_passphrase() => {
            p.guard.fail(client);
            StatusCode::FORBIDDEN
        }
        RaError::Invalid(_) | RaError::Field(_) | RaError::Document(_) | RaError::Refused(_) | RaError::Ca(_) => {
            StatusCode::BAD_REQUEST
        }
        _ => return None,
    };
    // Both languages where the rule's Indonesian words are known.
    let why = match e {
        _ if e.is_wrong_passphrase() => WRONG_PASSPHRASE.to_string(),
        RaError::Field(f) => match f.in_indonesian() {
            Some(id) => format!("{id} — {f}"),
            None => f.to_string(),
        },
        _ => e.to_string(),
    };
    let step = p.ra.link_step(token).await.ok()?;
    let opened = p.ra.open_link(token, step).await.ok()?;
    let csrf = p.guard.csrf(token);
    let r = pages::Refill {
        why: &why,
        typed: &form.text,
    };
    let body = match step {
        LinkStep::Identity => pages::identity(&opened.case, token, &csrf, Some(&r)),
        LinkStep::Passphrase => pages::passphrase(&opened.case, token, &csrf, &p.ra.config().agreement, Some(&r)),
        LinkStep::Download => {
            let (serial, has_key) = p.ra.applicant_download(token).await.ok()?;
            pages::download(&opened.case, token, &csrf, &serial, has_key, Some(&r))
        }
    };
    tracing::info!(client = %client, status = status.as_u16(), "portal: form refused: {why}");
    Some(html(status, body))
}
