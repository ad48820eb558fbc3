//! Sign-in as an attacker times it, through the service's API on loopback
//! (the real router over an embedded SurrealKV store with fsync): a known
//! operator with a wrong PIN, an unknown name, and a known operator who is
//! locked out. Each costs one argon2id verification and one commit, so
//! the clock should not tell them apart; the figure is p50 and p90 of each
//! and the ratio to the unknown name's p50 (the target: within 20 %).
//!
//! Every request comes from a loopback address of its own (127.0.x.y), so
//! the per-address slow-down does not enter the figures.
//! `cargo bench --bench sign_in`; RATU_BENCH_SIGN_INS (per kind, 200).

#![recursion_limit = "256"]

mod support;

use ratu::domain::Role;
use ratu::ra::{Clock, Ra, RaConfig};
use ratu::store::DbTarget;
use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};
use support::{ms, pct};

const PIN: &str = "135790";
const OPERATORS: usize = 60;

async fn sign_in(url: &str, from: IpAddr, name: &str, pin: &str) -> (Duration, u16) {
    let client = reqwest::Client::builder().local_address(from).build().unwrap();
    let body = serde_json::json!({ "name": name, "pin": pin });
    let t0 = Instant::now();
    let r = client
        .post(format!("{url}/api/v1/sign-in"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let _ = r.bytes().await;
    (t0.elapsed(), status)
}

fn main() {
    let n: usize = std::env::var("RATU_BENCH_SIGN_INS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(16 << 20)
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let ra = Ra::open(
            &DbTarget::Embedded(dir.path().join("db")),
            RaConfig::default(),
            Clock::System,
        )
        .await
        .unwrap();
        let admin = ra.add_operator(None, "admin", Role::CaAdmin, PIN).await.unwrap();
        for i in 0..OPERATORS {
            ra.add_operator_in(Some(&admin), &format!("petugas{i}"), Role::RaOfficer, &[], PIN)
                .await
                .unwrap();
        }
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let (_stop, stopped) = tokio::sync::watch::channel(false);
        let backup = ratu::serve::api::Backup {
            target: DbTarget::Memory,
            config: None,
            work_dir: dir.path().to_path_buf(),
        };
        ratu::serve::api::start(ra.clone(), backup, listener, stopped, None, &Default::default()).unwrap();

        let mut from = 0u32;
        let mut next_addr = || {
            from += 1;
            IpAddr::V4(Ipv4Addr::new(127, 1, (from / 250) as u8, (from % 250 + 1) as u8))
        };
        // Lock the last ten operators (five wrong PINs each).
        let locked: Vec<String> = (OPERATORS - 10..OPERATORS).map(|i| format!("petugas{i}")).collect();
        for name in &locked {
            for _ in 0..5 {
                sign_in(&url, next_addr(), name, "000000").await;
            }
        }
        // Warm-up.
        for _ in 0..10 {
            sign_in(&url, next_addr(), "nobody", "000000").await;
        }
        let (mut known, mut unknown, mut lock) = (Vec::new(), Vec::new(), Vec::new());
        for i in 0..n {
            // At most four wrong PINs per operator, so none is locked by the run.
            let name = format!("petugas{}", i % (OPERATORS - 10));
            if i / (OPERATORS - 10) < 4 {
                let (t, st) = sign_in(&url, next_addr(), &name, "000000").await;
                assert_eq!(st, 401, "a wrong PIN");
                known.push(t);
            }
            let (t, st) = sign_in(&url, next_addr(), &format!("tamu{i}"), "000000").await;
            assert_eq!(st, 401, "an unknown name");
            unknown.push(t);
            let (t, st) = sign_in(&url, next_addr(), &locked[i % locked.len()], "000000").await;
            assert!(st == 401 || st == 403 || st == 423, "a locked operator: {st}");
            lock.push(t);
        }
        let base = pct(&mut unknown.clone(), 50.0);
        println!("sign-in through the API, {n} tries per kind (known: {}):", known.len());
        for (what, v) in [
            ("unknown name", &mut unknown),
            ("known name, wrong PIN", &mut known),
            ("known name, locked", &mut lock),
        ] {
            let p50 = pct(v, 50.0);
            println!(
                "  {what:<24} p50 {}  p90 {}  p50 / unknown's p50 = {:.2}",
                ms(p50),
                ms(pct(v, 90.0)),
                p50.as_secs_f64() / base.as_secs_f64()
            );
        }
    });
}
