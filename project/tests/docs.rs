//! What docs/projects.md shows of `examples/project` is what the example holds. (Its console
//! transcripts are run by the CLI's transcript tests.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn doc() -> String {
    std::fs::read_to_string(repo_root().join("docs/projects.md")).unwrap()
}

/// The bodies of the fenced blocks with this info string.
fn blocks(markdown: &str, info: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line == format!("```{info}") => current = Some(String::new()),
            None => {}
            Some(body) if line == "```" => {
                found.push(std::mem::take(body));
                current = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    found
}

#[test]
fn every_yaml_excerpt_of_an_example_file_is_in_that_file() {
    let mut checked = 0;
    for block in blocks(&doc(), "yaml") {
        let Some((first, rest)) = block.split_once('\n') else {
            continue;
        };
        let Some(name) = first.strip_prefix("# examples/project/") else {
            continue;
        };
        let name = name.trim_end_matches(" (part)");
        let file = std::fs::read_to_string(repo_root().join("examples/project").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            file.contains(rest),
            "docs/projects.md shows this of examples/project/{name}, which does not hold it:\n{rest}"
        );
        checked += 1;
    }
    assert_eq!(checked, 3);
}

#[test]
fn the_tree_lists_the_example_files_and_what_each_defines() {
    let tree = blocks(&doc(), "text")
        .into_iter()
        .find(|b| b.starts_with("examples/project/"))
        .expect("the tree of the example");
    let example = repo_root().join("examples/project");
    let mut listed = BTreeSet::new();
    let mut directory = String::new();
    for line in tree.lines().skip(1) {
        let entry = line.trim_start_matches(['│', '├', '└', '─', ' ']);
        let (name, comment) = entry.split_once("  ").unwrap_or((entry, ""));
        if let Some(dir) = name.strip_suffix('/') {
            directory = format!("{dir}/");
            continue;
        }
        let path = if line.starts_with(['├', '└']) {
            name.to_owned()
        } else {
            format!("{directory}{name}")
        };
        listed.insert(path.clone());
        // The keys a flag file is said to define: "a, b (a ramp), c".
        if directory == "flags/" && line.starts_with('│') {
            let text = std::fs::read_to_string(example.join(&path)).unwrap();
            for key in comment.trim().split(", ") {
                let key = key.split(" (").next().unwrap();
                assert!(
                    text.contains(&format!("\n  {key}:")) || text.contains(&format!("\"{key}\":")),
                    "{path} does not define {key}"
                );
            }
        }
    }
    let mut actual = BTreeSet::new();
    for dir in ["", "flags/", "environments/"] {
        for entry in std::fs::read_dir(example.join(dir)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                actual.insert(format!("{dir}{}", entry.file_name().to_string_lossy()));
            }
        }
    }
    assert_eq!(listed, actual);
}

#[test]
fn every_project_file_the_doc_shows_builds() {
    let mut checked = 0;
    for (i, block) in blocks(&doc(), "yaml").into_iter().enumerate() {
        if !block.starts_with("schema: 1\n") {
            continue;
        }
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("rollgate-docs-projects")
            .join(i.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("rollgate.yaml"), &block).unwrap();
        // Each file it names, with no flags.
        for word in block.split([' ', '\n', '{', '}', ',']) {
            if word.ends_with(".json") || word.ends_with(".yaml") {
                let path = dir.join(word);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "{\"flags\": {}}").unwrap();
            }
        }
        let project =
            rollgate_project::Project::load(&dir).unwrap_or_else(|p| panic!("{block}\n{p}"));
        project
            .build_all(&[], &rollgate_project::BuildOptions::default())
            .unwrap_or_else(|p| panic!("{block}\n{p}"));
        checked += 1;
    }
    assert_eq!(checked, 1, "the project file of the seed case");
}
