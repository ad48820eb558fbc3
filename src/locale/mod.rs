//! Text for people, in each language, from Fluent files a translator can
//! edit without Rust: `assets/locales/{id,en}/*.ftl`, one file per kind of
//! text (the console's fixed words, the domain's words, labels, commands,
//! the audit trail, sentences with values, refusals, field rules).
//!
//! The files are built into the binary; [`FILES`] names them, and a test
//! fails when a file is on disk but not here, when a file does not parse,
//! or when a key is in one language and not the other.

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A language ratu speaks to people in: Indonesian by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// The language's code, and its folder under `assets/locales`.
    pub fn key(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

macro_rules! files {
    ($($name:literal),* $(,)?) => {
        /// The catalog's files, the same in each language.
        pub const FILES: &[&str] = &[$($name),*];
        fn sources(lang: Lang) -> Vec<(&'static str, &'static str)> {
            match lang {
                Lang::Id => vec![$(($name, include_str!(concat!("../../assets/locales/id/", $name, ".ftl")))),*],
                Lang::En => vec![$(($name, include_str!(concat!("../../assets/locales/en/", $name, ".ftl")))),*],
            }
        }
    };
}

files![
    "console", "words", "labels", "commands", "events", "messages", "refusals", "rules"
];

/// One language's messages.
pub struct Catalog {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    /// Every message's key, sorted.
    keys: Vec<String>,
    /// Every message that takes no value, formatted once.
    fixed: HashMap<String, &'static str>,
    /// Keys asked for that the catalog lacks, each kept once (they read
    /// as themselves).
    missing: std::sync::Mutex<HashMap<String, &'static str>>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Catalog({:?}, {} messages)", self.lang, self.fixed.len())
    }
}

/// The catalog of `lang`, read once.
pub fn catalog(lang: Lang) -> &'static Catalog {
    static ID: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    let cell = match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    };
    cell.get_or_init(|| Catalog::load(lang).unwrap_or_else(|e| panic!("the {} catalog: {e}", lang.key())))
}

impl Catalog {
    /// Reads `lang`'s files; the first syntax error or key given twice is
    /// the error.
    pub fn load(lang: Lang) -> Result<Catalog, String> {
        let id: unic_langid::LanguageIdentifier = lang.key().parse().map_err(|e| format!("{e}"))?;
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // The console draws its own columns: no Unicode isolation marks
        // around the values put in.
        bundle.set_use_isolating(false);
        let mut keys = Vec::new();
        for (name, text) in sources(lang) {
            let res = FluentResource::try_new(text.to_string())
                .map_err(|(_, errs)| format!("{}/{name}.ftl: {errs:?}", lang.key()))?;
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    keys.push(m.id.name.to_string());
                }
            }
            bundle
                .add_resource(res)
                .map_err(|errs| format!("{}/{name}.ftl: {errs:?}", lang.key()))?;
        }
        keys.sort();
        let mut fixed = HashMap::with_capacity(keys.len());
        for key in &keys {
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errs = Vec::new();
            let text = bundle.format_pattern(pattern, None, &mut errs).into_owned();
            if errs.is_empty() {
                fixed.insert(key.clone(), &*Box::leak(text.into_boxed_str()));
            }
        }
        Ok(Catalog {
            lang,
            bundle,
            keys,
            fixed,
            missing: Default::default(),
        })
    }

    /// Whether the catalog has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// Every key, sorted.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// A message that takes no value. A missing key reads as the key
    /// itself, so it shows and the checks catch it.
    pub fn text(&self, key: &str) -> &'static str {
        if let Some(t) = self.fixed.get(key) {
            return t;
        }
        let mut missing = self.missing.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = missing.get(key) {
            return t;
        }
        let t: &'static str = Box::leak(key.to_string().into_boxed_str());
        missing.insert(key.to_string(), t);
        t
    }

    /// The same, or `None` where the catalog has no such key.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.fixed.get(key).copied()
    }

    /// A message with values put in (`{ $name }`).
    pub fn format(&self, key: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fa = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let v: FluentValue = match value {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Number(n) => FluentValue::from(*n),
            }
            .into_owned();
            fa.set(*name, v);
        }
        let mut errs = Vec::new();
        self.bundle.format_pattern(pattern, Some(&fa), &mut errs).into_owned()
    }
}

/// A broken rule's words in `lang`, from the English wording the domain
/// writes (`rules.ftl`): the English patterns are matched, their values
/// taken and put into `lang`'s message. `None` for a rule no pattern
/// matches.
pub fn rule(lang: Lang, english: &str) -> Option<String> {
    static PATTERNS: OnceLock<Vec<(String, Vec<Piece>)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        let en = catalog(Lang::En);
        en.keys()
            .iter()
            .filter(|k| k.starts_with("rule-") && *k != "rule-or")
            .filter_map(|k| {
                let pattern = en.bundle.get_message(k)?.value()?;
                Some((k.clone(), pieces(pattern)))
            })
            .collect()
    });
    let (key, values) = patterns.iter().find_map(|(k, p)| matched(p, english).map(|v| (k, v)))?;
    let (or_en, or_here) = (catalog(Lang::En).text("rule-or"), catalog(lang).text("rule-or"));
    let args: Vec<(&str, Arg)> = values
        .into_iter()
        .map(|(name, v)| {
            let v = match name {
                "rule" => rule(lang, v).unwrap_or_else(|| v.to_string()),
                "needs" => v.replace(or_en, or_here),
                _ => v.to_string(),
            };
            (name, Arg::Text(v))
        })
        .collect();
    Some(catalog(lang).format(key, &args))
}

/// A rule's English pattern: text, and the values' places.
#[derive(Debug)]
enum Piece {
    Text(String),
    Value(String),
}

fn pieces(pattern: &fluent_syntax::ast::Pattern<&str>) -> Vec<Piece> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    let mut out: Vec<Piece> = Vec::new();
    let text = |out: &mut Vec<Piece>, s: &str| match out.last_mut() {
        Some(Piece::Text(t)) => t.push_str(s),
        _ => out.push(Piece::Text(s.to_string())),
    };
    for el in &pattern.elements {
        match el {
            PatternElement::TextElement { value } => text(&mut out, value),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } => text(&mut out, value),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::VariableReference { id }),
            } => out.push(Piece::Value(id.name.to_string())),
            // Rules use nothing else; a pattern that does matches nothing.
            PatternElement::Placeable { .. } => out.push(Piece::Text("\u{0}".into())),
        }
    }
    out
}

/// The values of `s` if it reads as `pattern`, each the shortest that fits.
fn matched<'a, 'p>(pattern: &'p [Piece], s: &'a str) -> Option<Vec<(&'p str, &'a str)>> {
    match pattern.split_first() {
        None => s.is_empty().then(Vec::new),
        Some((Piece::Text(t), rest)) => matched(rest, s.strip_prefix(t.as_str())?),
        Some((Piece::Value(name), rest)) => {
            let ends = s.char_indices().map(|(i, _)| i).skip(1).chain([s.len()]);
            for end in ends {
                if let Some(mut v) = matched(rest, &s[end..]) {
                    v.insert(0, (name.as_str(), &s[..end]));
                    return Some(v);
                }
            }
            None
        }
    }
}

/// A value put into a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

/// `key` of `lang` with `name = value` pairs: `say!(lang, "pages", n = 3)`.
#[macro_export]
macro_rules! say {
    ($lang:expr, $key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::locale::catalog($lang).format($key, &[$((stringify!($name), $crate::locale::Arg::from($value))),*])
    };
}

/// A key's kebab-case tail from a unit variant's name
/// (`AwaitingApplicantData` → `awaiting-applicant-data`).
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '_' {
            out.push('-');
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push('-');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_key_reads_as_itself_and_is_kept_once() {
        let c = catalog(Lang::Id);
        let a = c.text("no-such-key-anywhere");
        let b = c.text("no-such-key-anywhere");
        assert_eq!(a, "no-such-key-anywhere");
        assert!(std::ptr::eq(a, b), "the second ask reuses the first");
    }

    #[test]
    fn every_file_parses_and_every_key_is_in_both_languages() {
        let id = Catalog::load(Lang::Id).unwrap();
        let en = Catalog::load(Lang::En).unwrap();
        let (ik, ek) = (id.keys(), en.keys());
        let only_id: Vec<_> = ik.iter().filter(|k| !en.has(k)).collect();
        let only_en: Vec<_> = ek.iter().filter(|k| !id.has(k)).collect();
        assert!(only_id.is_empty(), "keys only in id: {only_id:?}");
        assert!(only_en.is_empty(), "keys only in en: {only_en:?}");
        assert!(ik.len() > 300, "{} keys", ik.len());
    }

    #[test]
    fn every_file_on_disk_is_built_in() {
        for lang in Lang::ALL {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/locales")
                .join(lang.key());
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let mut built: Vec<String> = FILES.iter().map(|f| format!("{f}.ftl")).collect();
            built.sort();
            assert_eq!(on_disk, built, "{}", dir.display());
        }
    }

    #[test]
    fn values_go_in_without_isolation_marks_and_plurals_follow_the_language() {
        assert_eq!(say!(Lang::En, "pages", n = 1), "1 page");
        assert_eq!(say!(Lang::En, "pages", n = 3), "3 pages");
        assert_eq!(say!(Lang::Id, "pages", n = 1), "1 halaman");
        assert_eq!(kebab("AwaitingApplicantData"), "awaiting-applicant-data");
        assert_eq!(kebab("page_down"), "page-down");
        assert_eq!(catalog(Lang::Id).text("no-such-key"), "no-such-key");
    }

    #[test]
    fn a_rule_reads_in_the_language_with_its_values() {
        assert_eq!(
            rule(Lang::Id, "has 5 digits, needs 15 or 16").unwrap(),
            "berisi 5 digit, perlu 15 atau 16"
        );
        assert_eq!(rule(Lang::Id, "is required").unwrap(), "wajib diisi");
        assert_eq!(
            rule(Lang::Id, "appointment year 1990 is before the birth year 1995").unwrap(),
            "tahun pengangkatan 1990 sebelum tahun lahir 1995"
        );
        assert_eq!(
            rule(Lang::Id, "16-digit NPWP is not a valid NIK (month 13 is not a month)").unwrap(),
            "NPWP 16 digit bukan NIK yang sah (bulan 13 bukan bulan yang ada)"
        );
        assert_eq!(rule(Lang::En, "is required").unwrap(), "is required");
        assert_eq!(rule(Lang::Id, "something no rule says"), None);
    }
}
