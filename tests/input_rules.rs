//! Free text refuses invisible and format characters through the real
//! binary, with an error that names the character and stays short.

mod common;

use common::{ra_on, staff};
use ratu::store::DbTarget;
use std::path::Path;
use std::process::{Command, Output};

fn new_case(data: &Path, name: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratu"))
        .args(["--data", data.to_str().unwrap(), "--config", "/nonexistent/ratu.toml"])
        .args(["--operator", "ver1", "case", "new", "update", "--name", name])
        .args(["--nik", "3273010101900001", "--email", "siti@bandung.go.id"])
        .args(["--agency", "Diskominfo Kota Bandung"])
        .args(extra)
        .env("RATU_PIN", "123456")
        .output()
        .expect("ratu runs")
}

fn refused(o: &Output) -> String {
    assert!(!o.status.success(), "accepted: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn case_new_refuses_a_name_with_an_invisible_character_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    staff(&ra_on(&DbTarget::Embedded(d.join("db"))).await).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    for (c, what) in [
        ('\u{200d}', "U+200D (zero-width joiner)"),
        ('\u{200b}', "U+200B (zero-width space)"),
        ('\u{feff}', "U+FEFF (byte order mark)"),
        ('\u{2028}', "U+2028 (line separator)"),
    ] {
        let e = refused(&new_case(d, &format!("Siti{c}Rahayu"), &[]));
        assert!(e.contains(&format!("name Siti\\u{{{:x}}}Rahayu", c as u32)), "{e}");
        assert!(
            e.contains(&format!("contains an invisible character {what}; remove it")),
            "{e}"
        );
    }

    let long = format!("{}\u{200d}", "Siti Rahayu ".repeat(42));
    let e = refused(&new_case(d, &long, &[]));
    assert!(e.chars().count() < 200, "{} characters: {e}", e.chars().count());
    assert!(e.contains("U+200D"), "{e}");

    let e = refused(&new_case(d, "Siti Rahayu", &["--note", "permintaan\u{202e}dinas"]));
    assert!(e.contains("note") && e.contains("U+202E"), "{e}");

    let ok = new_case(d, "Siti Rahayu, S.Kom.", &["--doc", "nope=/nonexistent"]);
    assert!(
        !refused(&ok).contains("invisible"),
        "a plain name passes the text rules"
    );
}
