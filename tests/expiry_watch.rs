//! The expiry watch: every certificate expiring within 30 days gets its
//! reminder once, saying the real number of days left; only a ca_admin or
//! RA officer runs it.

mod common;

use chrono::Duration;
use common::*;
use ratu::domain::Role;
use ratu::ra::{Clock, Ra, runs_expiry_watch};

fn at(ra: &Ra, t: chrono::DateTime<chrono::Utc>) -> Ra {
    Ra::new(ra.store().clone(), ra.config().clone(), Clock::Fixed(t))
}

#[tokio::test]
async fn each_reminder_states_the_real_number_of_days_left() {
    let (ra, s) = staffed().await;
    expiring_cert(&ra, "0a03", t0() + Duration::days(3)).await;
    expiring_cert(&ra, "0a20", t0() + Duration::days(20)).await;
    expiring_cert(&ra, "0a90", t0() + Duration::days(90)).await;
    assert_eq!(ra.expiry_watch(&s.admin).await.unwrap(), 2);
    let mail = ra.store().unsent_mail().await.unwrap();
    let to = |serial: &str| {
        mail.iter()
            .find(|m| m.to.starts_with(serial))
            .unwrap_or_else(|| panic!("a reminder for {serial}"))
    };
    for (serial, days) in [("0a03", 3), ("0a20", 20)] {
        let m = to(serial);
        assert!(m.subject.contains(&format!("dalam {days} hari")), "{}", m.subject);
        // The body is quoted-printable: soft line breaks joined.
        let body = m.message.replace("=\r\n", "").replace("=\n", "");
        assert!(body.contains(&format!("{days} hari lagi")), "{body}");
    }
    assert!(!mail.iter().any(|m| m.to.starts_with("0a90")));
}

#[tokio::test]
async fn a_certificate_first_seen_7_days_before_expiry_gets_one_reminder_not_two() {
    let (ra, s) = staffed().await;
    expiring_cert(&ra, "0b06", t0() + Duration::days(6)).await;
    assert_eq!(ra.expiry_watch(&s.ra1).await.unwrap(), 1);
    let next_day = at(&ra, t0() + Duration::days(1));
    assert_eq!(next_day.expiry_watch(&s.ra1).await.unwrap(), 0);
    let mail = ra.store().unsent_mail().await.unwrap();
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("dalam 6 hari"), "{}", mail[0].subject);
}

#[tokio::test]
async fn the_watch_covers_more_certificates_than_one_page() {
    let (ra, s) = staffed().await;
    // More than one page of the store (1000), some sharing one expiry time.
    for i in 0..1010u32 {
        let when = t0() + Duration::days(10) + Duration::minutes(i64::from(i % 600));
        expiring_cert(&ra, &format!("{i:04x}"), when).await;
    }
    assert_eq!(ra.expiry_watch(&s.admin).await.unwrap(), 1010);
    assert_eq!(ra.expiry_watch(&s.admin).await.unwrap(), 0, "once only");
}

#[tokio::test]
async fn only_a_ca_admin_or_ra_officer_runs_the_expiry_watch() {
    let (ra, s) = staffed().await;
    expiring_cert(&ra, "0c10", t0() + Duration::days(10)).await;
    for op in [&s.aud, &s.ver1] {
        let e = ra.expiry_watch(op).await.unwrap_err().to_string();
        assert!(e.contains("only a ca_admin or RA officer"), "{e}");
        assert!(!runs_expiry_watch(op), "{}", op.role);
    }
    assert!(ra.store().unsent_mail().await.unwrap().is_empty());
    assert!(runs_expiry_watch(&s.admin) && runs_expiry_watch(&s.ra1));
    assert_eq!(s.aud.role, Role::Auditor);
}
