//! Arrows point down (DESIGN.md): the console and the command line reach
//! only `ra` and `domain`, never the store or the CA wing directly.

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_console_and_the_command_line_import_nothing_from_store_or_ca() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for front in ["tui", "cli", "serve", "report"] {
        sources(&root.join(front), &mut files);
    }
    assert!(files.len() > 10, "found the front-ends' files");
    let upward: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.contains("crate::store") || l.contains("crate::ca::") || l.contains("crate::ca;"))
                .map(|(i, l)| format!("{}:{}: {}", f.display(), i + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(upward.is_empty(), "arrows pointing up:\n{}", upward.join("\n"));
}

/// No import circle between modules (`tools/look.py`: a module and its own
/// files are one unit; an arrow to a folder's root reaches what that root
/// takes from its files). A circle means a newcomer cannot read one side
/// without the other.
#[test]
fn the_house_has_no_import_circle() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(root.join("tools/look.py"))
        .arg(root)
        .arg("--edges")
        .output()
        .expect("python3 runs tools/look.py");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.lines().any(|l| l == "circles: 0"), "{text}");
}
