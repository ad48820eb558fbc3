//! Reports (issue #26) over a store with known answers
//! (tests/report_support): every cell checked, a verifier's report that
//! leaves out the other agency, and the outputs read back by real tools
//! (`pdftotext`, Python's openpyxl, and the CSV files).

mod common;
mod report_support;

use chrono::{DateTime, TimeZone, Utc};
use ratu::domain::report::{Cell, Period, Report, ReportAsk};
use ratu::store::DbTarget;
use report_support::{A, B};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap()
}

fn ask(agency: Option<&str>) -> ReportAsk {
    ReportAsk {
        period: Period::month("2026-11").unwrap(),
        agency: agency.map(String::from),
        trace: true,
    }
}

/// The row of `key` in table `id`, as plain text cells.
fn row(r: &Report, id: &str, key: &str) -> Vec<String> {
    let t = r.table(id).unwrap_or_else(|| panic!("no table {id}"));
    let row = t
        .rows
        .iter()
        .find(|row| matches!(row.first(), Some(Cell::Text(k)) if k == key))
        .unwrap_or_else(|| panic!("{id}: no row {key}: {:?}", t.rows));
    row.iter().map(Cell::plain).collect()
}

fn rows(r: &Report, id: &str) -> Vec<Vec<String>> {
    r.table(id)
        .unwrap()
        .rows
        .iter()
        .map(|row| row.iter().map(Cell::plain).collect())
        .collect()
}

fn v(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn trace(r: &Report, id: &str, key: &str) -> Vec<String> {
    let t = r.table(id).unwrap();
    let i = t
        .rows
        .iter()
        .position(|row| matches!(row.first(), Some(Cell::Text(k)) if k == key))
        .unwrap();
    t.trace[i].clone()
}

#[tokio::test]
async fn every_cell_of_a_month_with_a_weekend_and_a_holiday() {
    let ra = report_support::ra_at(&DbTarget::Memory, now()).await;
    let s = report_support::build(&ra, now()).await;
    let r = ra.report(&s.aud, &ask(None)).await.unwrap();
    assert_eq!(r.period.to_string(), "2026-11");
    assert_eq!(r.service_days, 3);
    assert!(r.agencies.is_empty());

    // agency, issuance, renewal, update, revocation, reset, reactivation, total
    assert_eq!(row(&r, "received", A), v(&[A, "1", "1", "0", "0", "1", "1", "4"]));
    assert_eq!(row(&r, "received", B), v(&[B, "1", "0", "2", "1", "0", "0", "4"]));
    assert_eq!(row(&r, "received", "*"), v(&["*", "2", "1", "2", "1", "1", "1", "8"]));
    assert_eq!(trace(&r, "received", B), v(&["3", "4", "7", "10"]));
    assert_eq!(row(&r, "closed", A), v(&[A, "2", "1", "0", "0", "1", "1", "5"]));
    assert_eq!(row(&r, "closed", B), v(&[B, "0", "0", "1", "1", "0", "0", "2"]));
    assert_eq!(row(&r, "closed", "*"), v(&["*", "2", "1", "1", "1", "1", "1", "7"]));
    assert_eq!(trace(&r, "closed", A), v(&["1", "2", "5", "6", "8"]));

    // agency, issued, rejected, cancelled, still open
    assert_eq!(row(&r, "outcomes", A), v(&[A, "2", "2", "1", "0"]));
    assert_eq!(row(&r, "outcomes", B), v(&[B, "2", "0", "0", "1"]));
    assert_eq!(row(&r, "outcomes", "*"), v(&["*", "4", "2", "1", "1"]));
    // The reasons' words, whatever their case and spacing.
    assert_eq!(rows(&r, "reject_reasons"), vec![v(&["dokumen ktp tidak jelas", "2"])]);
    assert_eq!(r.table("reject_reasons").unwrap().trace, vec![v(&["2", "6"])]);

    // agency, closed, total median/p90, office median/p90, applicant
    // median/p90, within the standard, share within. Office days per case:
    // 1: 11 h, 2: 28 h, 3: 73 h, 4: 49 h (the holiday and the weekend
    // left out), 5: 1 h, 6: 4 h, 8: 27 h; the applicant's: 1: 42 h, 2: 17 h
    // (Friday evening to Monday morning), 6: 24 h on hold.
    assert_eq!(
        row(&r, "processing", A),
        v(&[A, "5", "1.17", "2.21", "0.46", "1.17", "0.71", "1.75", "5", "100.00"])
    );
    assert_eq!(
        row(&r, "processing", B),
        v(&[B, "2", "2.54", "3.04", "2.54", "3.04", "0.00", "0.00", "1", "50.00"])
    );
    assert_eq!(
        row(&r, "processing", "*"),
        v(&["*", "7", "1.88", "3.04", "1.13", "3.04", "0.00", "1.75", "6", "85.71"])
    );

    // agency, in force, expiring within 30, 60, 90 days (held, expired and
    // imported certificates are not in force).
    assert_eq!(row(&r, "certificates", A), v(&[A, "2", "1", "2", "2"]));
    assert_eq!(row(&r, "certificates", B), v(&[B, "2", "0", "0", "1"]));
    assert_eq!(row(&r, "certificates", "*"), v(&["*", "4", "1", "2", "3"]));
    assert_eq!(trace(&r, "certificates", A), v(&["c1", "c2"]));
    // Revoked in the period, per agency and reason (d3 is December's).
    assert_eq!(
        rows(&r, "revocations"),
        vec![
            // Agencies in name order: B ("Dinas Pendidikan …") first.
            v(&[B, "keyCompromise", "1"]),
            v(&[A, "keyCompromise", "1"]),
            v(&[A, "superseded", "1"]),
            v(&["*", "keyCompromise", "2"]),
            v(&["*", "superseded", "1"]),
        ]
    );
    // operator, role, cases, steps, median working hours since the step
    // before (the applicant and the service are nobody's work).
    assert_eq!(
        rows(&r, "work"),
        vec![
            v(&["ra1", "ra_officer", "3", "3", "48.00"]),
            v(&["ra2", "ra_officer", "2", "4", "13.00"]),
            v(&["ver1", "verifier", "5", "6", "1.00"]),
            v(&["ver2", "verifier", "2", "2", "1.00"]),
        ]
    );

    // Without a trace the numbers are the same and name nothing.
    let plain = ra
        .report(
            &s.ra1,
            &ReportAsk {
                trace: false,
                ..ask(None)
            },
        )
        .await
        .unwrap();
    assert!(plain.tables.iter().all(|t| t.trace.is_empty()));
    assert_eq!(rows(&plain, "processing"), rows(&r, "processing"));

    // Without the holiday, case 4 is past the standard too.
    let mut cfg = ra.config().clone();
    cfg.report.calendar.holidays.clear();
    let no_holiday = ratu::ra::Ra::new(ra.store().clone(), cfg, ratu::ra::Clock::Fixed(now()));
    let r2 = no_holiday.report(&s.aud, &ask(None)).await.unwrap();
    assert_eq!(row(&r2, "processing", B)[8], "0");
}

#[tokio::test]
async fn a_verifiers_report_leaves_out_the_other_agency() {
    let ra = report_support::ra_at(&DbTarget::Memory, now()).await;
    let s = report_support::build(&ra, now()).await;
    let r = ra.report(&s.ver2, &ask(None)).await.unwrap();
    assert_eq!(r.agencies, vec![B.to_string()]);
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains(A), "agency A in a report of ver2: {json}");
    for id in ["1", "2", "5", "6", "8"] {
        assert!(
            r.tables
                .iter()
                .all(|t| t.trace.iter().all(|tr| !tr.contains(&id.to_string())))
        );
    }
    assert_eq!(row(&r, "received", "*"), v(&["*", "1", "0", "2", "1", "0", "0", "4"]));
    assert_eq!(row(&r, "outcomes", "*"), v(&["*", "2", "0", "0", "1"]));
    assert_eq!(row(&r, "certificates", "*"), v(&["*", "2", "0", "0", "1"]));
    // Asking for the other agency is refused; their own is answered.
    let e = ra.report(&s.ver2, &ask(Some(A))).await.unwrap_err().to_string();
    assert!(e.contains("reports on") && e.contains(B), "{e}");
    let own = ra.report(&s.ver1, &ask(Some(A))).await.unwrap();
    assert_eq!(row(&own, "received", "*")[7], "4");
    // An RA officer may narrow to one agency.
    let one = ra.report(&s.ra1, &ask(Some(B))).await.unwrap();
    assert_eq!(row(&one, "processing", "*"), row(&r, "processing", "*"));
}

fn have(tool: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[tokio::test]
async fn the_pdf_workbook_and_csv_read_back_with_real_tools() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let target = DbTarget::Embedded(d.join("db"));
    {
        let ra = report_support::ra_at(&target, Utc::now()).await;
        report_support::build(&ra, Utc::now()).await;
        assert!(ra.close(std::time::Duration::from_secs(20)).await);
    }
    let config = d.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "holidays = [\"{}\"]\noffice_name = \"Dinas Komunikasi dan Informatika Kota Uji\"\n",
            report_support::HOLIDAY
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_ratu"))
            .args(["--data", d.to_str().unwrap(), "--config", config.to_str().unwrap()])
            .args(["--operator", "aud", "report", "--month", "2026-11"])
            .args(args)
            .env("RATU_PIN", report_support::PIN)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    // Text for the terminal, in Indonesian by default.
    let text = run(&[]);
    assert!(text.contains("Waktu proses") && text.contains("85.71"), "{text}");
    // JSON: the same numbers as in-process.
    let json: Report = serde_json::from_str(&run(&["--json"])).unwrap();
    assert_eq!(row(&json, "processing", "*")[9], "85.71");

    let pdf = d.join("laporan.pdf");
    let xlsx = d.join("laporan.xlsx");
    let csv = d.join("csv");
    run(&[
        "--pdf",
        pdf.to_str().unwrap(),
        "--xlsx",
        xlsx.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    let en = d.join("report-en.pdf");
    run(&["--lang", "en", "--pdf", en.to_str().unwrap()]);

    // CSV: one file per table, the numbers as JSON gives them.
    let processing = std::fs::read_to_string(csv.join("processing.csv")).unwrap();
    assert!(processing.starts_with("agency,closed,total_median"), "{processing}");
    assert!(
        processing.contains("*,7,1.88,3.04,1.13,3.04,0.00,1.75,6,85.71\r\n"),
        "{processing}"
    );
    assert!(
        std::fs::read_to_string(csv.join("received.csv"))
            .unwrap()
            .contains(&format!("{A},1,1,0,0,1,1,4"))
    );

    assert!(pdf.metadata().unwrap().len() < 200_000);
    if have("pdftotext") {
        let read = |p: &std::path::Path| {
            let o = std::process::Command::new("pdftotext")
                .args(["-layout", p.to_str().unwrap(), "-"])
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            String::from_utf8_lossy(&o.stdout).into_owned()
        };
        let id = read(&pdf);
        for want in [
            "Laporan Layanan Sertifikat Elektronik",
            "Dinas Komunikasi dan Informatika Kota Uji",
            "Periode: 2026-11",
            "Waktu proses",
            "Permohonan masuk per instansi",
            "dokumen ktp tidak jelas",
        ] {
            assert!(id.contains(want), "{want:?} not in the PDF:\n{id}");
        }
        let all = id.lines().find(|l| l.contains("Semua instansi") && l.contains("1.88"));
        let all = all.unwrap_or_else(|| panic!("no processing row of every agency:\n{id}"));
        let numbers: Vec<&str> = all.split_whitespace().filter(|w| w.parse::<f64>().is_ok()).collect();
        assert_eq!(
            numbers,
            ["7", "1.88", "3.04", "1.13", "3.04", "0.00", "1.75", "6", "85.71"],
            "{all}"
        );
        let en = read(&en);
        assert!(
            en.contains("Electronic Certificate Service Report") && en.contains("All agencies"),
            "{en}"
        );
    } else {
        assert!(std::env::var("CI").is_err(), "pdftotext (poppler-utils) is missing");
    }
    let py = "import sys, openpyxl\n\
              wb = openpyxl.load_workbook(sys.argv[1])\n\
              print(','.join(wb.sheetnames))\n\
              for name in ['processing', 'received', 'work']:\n\
              \x20   for row in wb[name].iter_rows(min_row=3, values_only=True):\n\
              \x20       print(name, '|'.join('' if v is None else str(v) for v in row))\n";
    let o = std::process::Command::new("python3")
        .args(["-c", py, xlsx.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    if err.contains("No module named 'openpyxl'") {
        assert!(std::env::var("CI").is_err(), "openpyxl is missing");
        return;
    }
    assert!(o.status.success(), "{err}");
    assert!(
        out.starts_with("report,received,closed,outcomes,reject_reasons,processing,certificates,revocations,work"),
        "{out}"
    );
    assert!(
        out.contains("processing Semua instansi|7|1.88|3.04|1.13|3.04|0|1.75|6|85.71"),
        "{out}"
    );
    assert!(out.contains(&format!("received {A}|1|1|0|0|1|1|4")), "{out}");
    assert!(out.contains("work ra2|Petugas RA|2|4|13"), "{out}");
}
