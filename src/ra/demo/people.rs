//! Made-up applicants for the demo: Indonesian names, agencies, units and
//! positions, with a valid NIK and a NIP that agrees with it.

use crate::domain::Subscriber;
use crate::domain::SubscriberForm;
use rand::rngs::StdRng;
use rand::{Rng, seq::SliceRandom};

const GIVEN: &[&str] = &[
    "Siti",
    "Budi",
    "Agus",
    "Dewi",
    "Rina",
    "Wahyu",
    "Putu",
    "Ni Luh",
    "Made",
    "Ketut",
    "Yusuf",
    "Fitri",
    "Andi",
    "Sri",
    "Bambang",
    "Ratna",
    "Hendra",
    "Intan",
    "Teguh",
    "Nur",
    "Rizky",
    "Ayu",
    "Dedi",
    "Lestari",
    "Asep",
    "Euis",
    "Ujang",
    "Cecep",
    "Tiur",
    "Horas",
    "Rahmat",
    "Yohana",
    "Fransiskus",
    "Maria",
    "I Gusti Ngurah",
];
const FAMILY: &[&str] = &[
    "Rahayu",
    "Santoso",
    "Wibowo",
    "Lestari",
    "Hidayat",
    "Nugroho",
    "Saputra",
    "Kusuma",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Pratama",
    "Wijaya",
    "Permana",
    "Suryadi",
    "Gunawan",
    "Setiawan",
    "Hakim",
    "Ma'ruf",
    "Sembiring",
    "Agung Putra",
    "Sukmawati",
    "Purnamasari",
    "Daulay",
    "Tanjung",
    "Harahap",
    "Kurniawan",
    "Anggraini",
];
const TITLES: &[&str] = &[
    "",
    "",
    "",
    "",
    ", S.Kom.",
    ", S.E.",
    ", S.H., M.H.",
    ", S.T., M.T.",
    ", A.Md.",
    ", S.Sos.",
];
const PREFIX: &[&str] = &["", "", "", "", "", "", "Dr. ", "Ir. ", "drg. "];
/// (agency, mail domain, NIK region prefix)
pub(super) const AGENCIES: &[(&str, &str, &str)] = &[
    (
        "Dinas Komunikasi dan Informatika Provinsi Jawa Barat",
        "jabarprov.go.id",
        "3273",
    ),
    ("Dinas Kesehatan Kota Bandung", "bandung.go.id", "3273"),
    (
        "Badan Kepegawaian dan Pengembangan SDM Kabupaten Bogor",
        "bogorkab.go.id",
        "3201",
    ),
    ("Badan Pendapatan Daerah Provinsi Bali", "baliprov.go.id", "5171"),
    ("Dinas Pendidikan Kota Medan", "pemkomedan.go.id", "1275"),
    ("Sekretariat Daerah Kabupaten Sleman", "slemankab.go.id", "3404"),
    ("Dinas Penanaman Modal dan PTSP Kota Surabaya", "surabaya.go.id", "3578"),
    ("RSUD Kabupaten Banyumas", "banyumaskab.go.id", "3302"),
];
const UNITS: &[&str] = &[
    "Sekretariat",
    "Bidang Aplikasi Informatika",
    "Bidang Persandian",
    "Subbag Umum",
    "UPT Layanan",
];
const POSITIONS: &[&str] = &[
    "Pranata Komputer Ahli Pertama",
    "Analis Kebijakan",
    "Kepala Seksi",
    "Sandiman",
    "Arsiparis",
    "Kepala Bidang",
];

/// One demo applicant: valid NIK, NIP agreeing with it, official e-mail.
pub fn applicant(rng: &mut StdRng, n: usize) -> SubscriberForm {
    let female = rng.gen_bool(0.5);
    let given = GIVEN.choose(rng).copied().unwrap_or("Siti");
    let family = FAMILY.choose(rng).copied().unwrap_or("Rahayu");
    let name = format!(
        "{}{given} {family}{}",
        PREFIX.choose(rng).unwrap_or(&""),
        TITLES.choose(rng).unwrap_or(&"")
    );
    let (agency, domain, region) = AGENCIES[rng.gen_range(0..AGENCIES.len())];
    let (y, m, d) = (
        rng.gen_range(1965..=2000),
        rng.gen_range(1..=12u32),
        rng.gen_range(1..=28u32),
    );
    let nd = if female { d + 40 } else { d };
    let nik = format!(
        "{region}{:02}{nd:02}{m:02}{:02}{:04}",
        rng.gen_range(1..=30),
        y % 100,
        n % 9999 + 1
    );
    let pppk = rng.gen_bool(0.2);
    let am = if pppk {
        rng.gen_range(21..=24)
    } else {
        rng.gen_range(1..=12)
    };
    let nip = format!(
        "{y:04}{m:02}{d:02}{:04}{am:02}{}{:03}",
        y + rng.gen_range(20..=30),
        if female { 2 } else { 1 },
        rng.gen_range(1..=999)
    );
    let local: String = format!("{given}.{family}")
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    SubscriberForm {
        name,
        nik,
        nip: Some(nip),
        npwp: None,
        email: format!("{local}{n}@{domain}"),
        phone: Some(format!("08{}", rng.gen_range(1_000_000_000u64..9_999_999_999))),
        agency: agency.into(),
        unit: Some(UNITS.choose(rng).unwrap_or(&"Sekretariat").to_string()),
        position: Some(POSITIONS.choose(rng).unwrap_or(&"Arsiparis").to_string()),
        employment: Some(if pppk { "pppk" } else { "pns" }.into()),
    }
}

/// The applicant's data as update case `i` proposes it: another position,
/// and for every third another agency (which re-issues). Draws nothing
/// from the demo's random stream.
pub(super) fn moved(s: &Subscriber, i: usize) -> Subscriber {
    let mut next = s.clone();
    next.position = POSITIONS
        .iter()
        .cycle()
        .skip(i)
        .find(|p| Some(**p) != s.position.as_deref())
        .map(|p| p.to_string());
    if i.is_multiple_of(3)
        && let Some((agency, _, _)) = AGENCIES.iter().find(|a| a.0 != s.agency)
    {
        next.agency = agency.to_string();
    }
    next
}
