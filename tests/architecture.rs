//! The layering of `ARCHITECTURE.md`, checked on the source: a module uses only modules of its own
//! layer or lower ones, and no two files import each other, directly or round a longer loop.
//!
//! The layers are read from the table in `ARCHITECTURE.md`, so the document is the one statement of
//! the rule. Imports are found in the code before a file's `#[cfg(test)]` module (tests may reach
//! anywhere): `use crate::…`, `crate::a::b` paths and `super::…` paths, comments skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Top-level module → layer number, from the `| N. name | `a`, `b` | … |` rows of ARCHITECTURE.md.
fn layers() -> BTreeMap<String, u32> {
    let text = std::fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).expect("read ARCHITECTURE.md");
    let mut layers = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 {
            continue;
        }
        let Some((number, _)) = cells[1].split_once(". ") else { continue };
        let Ok(number) = number.parse::<u32>() else { continue };
        for module in cells[2].split(',') {
            let module = module.trim().trim_matches('`');
            assert!(!module.is_empty(), "an empty module name in ARCHITECTURE.md row {line:?}");
            assert!(
                layers.insert(module.to_string(), number).is_none(),
                "{module} is in two layers of ARCHITECTURE.md"
            );
        }
    }
    assert!(
        layers.len() > 10,
        "ARCHITECTURE.md's layer table was not found (rows like `| 0. foundations | `text` | … |`)"
    );
    layers
}

/// Every `.rs` file under `src/`, as its module path (`src/extract/people.rs` → `["extract", "people"]`).
fn source_files() -> Vec<(Vec<String>, PathBuf)> {
    let mut files = Vec::new();
    let mut stack = vec![Path::new(ROOT).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("a dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let relative = path.strip_prefix(Path::new(ROOT).join("src")).expect("under src");
                let mut module: Vec<String> =
                    relative.with_extension("").iter().map(|part| part.to_string_lossy().into_owned()).collect();
                if module.last().is_some_and(|last| last == "mod") {
                    module.pop();
                }
                files.push((module, path));
            }
        }
    }
    files.sort();
    files
}

/// The code of a file before its test module, without comments.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read a source file");
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names: `crate::a::b::c` and `super::x` (resolved), including the
/// items of `use crate::a::{b, c::d}` groups one level deep.
fn imports(module: &[String], code: &str) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let words = |text: &str| -> Vec<String> {
        text.split("::").map(|part| part.trim().to_string()).take_while(|part| is_ident(part)).collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
        let path = words(&rest[..end]);
        if rest[end..].starts_with('{') {
            let group = &rest[end + 1..rest[end..].find('}').map_or(rest.len(), |close| end + close)];
            for item in group.split(',') {
                let mut full = path.clone();
                full.extend(words(item.trim()));
                found.insert(full);
            }
        }
        found.insert(path);
    }
    // `super::` in `a/b.rs` names `a`; in `a/mod.rs` (module `a`) it names the crate root.
    let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
    for (at, _) in code.match_indices("super::") {
        if at > 0 && code[..at].ends_with("::") {
            continue;
        }
        let rest = &code[at + "super::".len()..];
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
        let mut full = parent.clone();
        full.extend(words(&rest[..end]));
        found.insert(full);
    }
    found.retain(|path| !path.is_empty());
    found
}

fn is_ident(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_') && text != "self"
}

/// The source file a path names: the longest module path that is a file.
fn file_of<'a>(path: &[String], files: &'a BTreeSet<Vec<String>>) -> Option<&'a Vec<String>> {
    (1..=path.len()).rev().find_map(|length| files.get(&path[..length].to_vec()))
}

#[test]
fn modules_use_only_their_own_layer_or_lower_ones() {
    let layers = layers();
    let files = source_files();
    let mut breaches = Vec::new();
    for (module, path) in &files {
        let Some(own) = module.first() else { continue };
        if module == &["lib"] {
            continue;
        }
        let own_layer =
            *layers.get(own).unwrap_or_else(|| panic!("src module `{own}` is not in ARCHITECTURE.md's layer table"));
        for used in imports(module, &code_of(path)) {
            let target = &used[0];
            let Some(&layer) = layers.get(target) else { continue };
            let allowed = layer <= own_layer || own == "error";
            if !allowed {
                breaches.push(format!(
                    "src/{} (layer {own_layer}) uses {} (layer {layer})",
                    module.join("/"),
                    used.join("::")
                ));
            }
        }
    }
    assert!(breaches.is_empty(), "imports against ARCHITECTURE.md's layers:\n{}", breaches.join("\n"));
}

#[test]
fn no_two_files_import_each_other() {
    let files = source_files();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(module, _)| module.clone()).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, path) in &files {
        if module == &["lib"] {
            continue;
        }
        for used in imports(module, &code_of(path)) {
            if let Some(file) = file_of(&used, &modules)
                && file != module
                // A module's own folder (`mod.rs` declaring its children) is not an import.
                && !file.starts_with(module)
                && !module.starts_with(file)
            {
                edges.entry(module.clone()).or_default().insert(file.clone());
            }
        }
    }
    // `error` names the error types of higher modules by design (ARCHITECTURE.md, Layers).
    edges.remove(&vec!["error".to_string()]);
    let mut cycles = Vec::new();
    for start in edges.keys() {
        // Depth-first search for a path back to `start`.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    // One loop found from each of its files: name it from its smallest file, once.
                    let mut names: Vec<String> = trail.iter().map(|module| module.join("::")).collect();
                    let smallest = (0..names.len()).min_by_key(|&at| &names[at]).unwrap_or(0);
                    names.rotate_left(smallest);
                    names.push(names[0].clone());
                    cycles.push(names.join(" → "));
                } else if seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles between source files:\n{}", cycles.join("\n"));
}

#[test]
fn the_import_finder_sees_every_form_of_import() {
    let module = vec!["extract".to_string(), "orgs".to_string()];
    let code = "use crate::article::{Article, MetaField};\nuse super::people;\nfn f() { crate::tags::normalize(x); super::words::split(y) }";
    let found = imports(&module, code);
    let expected: BTreeSet<Vec<String>> = [
        vec!["article"],
        vec!["article", "Article"],
        vec!["article", "MetaField"],
        vec!["extract", "people"],
        vec!["tags", "normalize"],
        vec!["extract", "words", "split"],
    ]
    .into_iter()
    .map(|path| path.into_iter().map(String::from).collect())
    .collect();
    assert_eq!(found, expected);
}
