//! The crates' arrows point down only: a normal dependency that `src-tauri/crates/arrows.txt`
//! does not allow, or a forbidden package reached through any chain of normal dependencies
//! (the sandbox, axum or Tauri inside core, tiktok or store), fails this test.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::Path;
use std::process::Command;

struct Rules {
    allowed: BTreeMap<String, BTreeSet<String>>,
    never: BTreeMap<String, BTreeSet<String>>,
}

fn rules(text: &str) -> Rules {
    let mut r = Rules {
        allowed: BTreeMap::new(),
        never: BTreeMap::new(),
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let krate = words.next().expect("a crate name").to_owned();
        let table = match words.next() {
            Some("->") => &mut r.allowed,
            Some("never") => &mut r.never,
            other => panic!("arrows.txt: expected -> or never after {krate}, got {other:?}"),
        };
        table
            .entry(krate)
            .or_default()
            .extend(words.map(str::to_owned));
    }
    r
}

/// Package name by id, each package's normal dependencies (by id), and the workspace members.
struct Graph {
    names: HashMap<String, String>,
    edges: HashMap<String, Vec<String>>,
    members: Vec<String>,
}

fn normal_graph(root: &Path) -> Graph {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let names: HashMap<String, String> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or("").to_owned(),
                p["name"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut edges = HashMap::new();
    for node in meta["resolve"]["nodes"].as_array().expect("resolve nodes") {
        let deps = node["deps"]
            .as_array()
            .map(|deps| {
                deps.iter()
                    .filter(|d| {
                        d["dep_kinds"]
                            .as_array()
                            .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()))
                    })
                    .filter_map(|d| d["pkg"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        edges.insert(node["id"].as_str().unwrap_or("").to_owned(), deps);
    }
    let members = meta["workspace_members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect();
    Graph {
        names,
        edges,
        members,
    }
}

#[test]
fn every_crate_depends_only_on_the_crates_its_arrows_allow() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
    let text = std::fs::read_to_string(root.join("src-tauri/crates/arrows.txt"))
        .expect("src-tauri/crates/arrows.txt");
    let rules = rules(&text);
    let Graph {
        names,
        edges,
        members,
    } = normal_graph(&root);
    let member_names: BTreeSet<&str> = members.iter().map(|m| names[m].as_str()).collect();

    let mut problems = Vec::new();
    for member in &members {
        let name = &names[member];
        let Some(allowed) = rules.allowed.get(name) else {
            problems.push(format!("{name} has no line in arrows.txt"));
            continue;
        };
        for dep in &edges[member] {
            let dep_name = names[dep].as_str();
            if member_names.contains(dep_name) && !allowed.contains(dep_name) {
                problems.push(format!("{name} -> {dep_name} is not an allowed arrow"));
            }
        }
    }
    for (krate, forbidden) in &rules.never {
        let start = members
            .iter()
            .find(|m| &names[*m] == krate)
            .unwrap_or_else(|| panic!("arrows.txt names {krate}, which is not a workspace crate"));
        // Every package reachable through normal dependencies, with the chain that reached it.
        let mut seen = HashMap::from([(start.clone(), vec![krate.clone()])]);
        let mut queue = VecDeque::from([start.clone()]);
        while let Some(id) = queue.pop_front() {
            let chain = seen[&id].clone();
            for dep in &edges[&id] {
                if !seen.contains_key(dep) {
                    let mut c = chain.clone();
                    c.push(names[dep].clone());
                    seen.insert(dep.clone(), c);
                    queue.push_back(dep.clone());
                }
            }
        }
        for chain in seen.values() {
            if let Some(last) = chain.last().filter(|n| forbidden.contains(*n)) {
                if chain.len() > 1 {
                    problems.push(format!("{krate} reaches {last}: {}", chain.join(" -> ")));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "forbidden arrows:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_rules_reader_catches_an_arrow_that_is_not_allowed() {
    let r = rules("a -> b\nb ->\na never c d\n");
    assert!(r.allowed["a"].contains("b"));
    assert!(r.allowed["b"].is_empty());
    assert_eq!(r.never["a"].len(), 2);
}
