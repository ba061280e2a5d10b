//! The command line as a user runs it: exit codes, formats, lint on broken files, policy impact.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_makerspace"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn check_exit_codes_follow_the_verdict() {
    // 0 eligible, 1 not eligible, 2 bad input (issue 4).
    let ok = run(&["check", "examples/profiles/xinjiang-good.toml"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("符合条件"));

    let dir = tempfile_dir();
    let small = dir.join("small.toml");
    let text =
        std::fs::read_to_string(root().join("examples/profiles/xinjiang-good.toml")).unwrap();
    std::fs::write(
        &small,
        text.replace("total_area_m2 = 800", "total_area_m2 = 700")
            .replace("workstations = 60", "workstations = 20")
            .replace("public_area_m2 = 380", "public_area_m2 = 200")
            .replace("workstation_area_m2 = 260", "workstation_area_m2 = 100"),
    )
    .unwrap();
    let not = run(&["check", small.to_str().unwrap(), "--format", "json"]);
    assert_eq!(not.status.code(), Some(1), "{}", stdout(&not));
    let report: serde_json::Value = serde_json::from_slice(&not.stdout).unwrap();
    assert_eq!(report["verdict"], "ineligible");
    assert_eq!(report["schema"], "makerspace.eligibility/1");

    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "as_of = 2024-06-30\n[premises]\ntotal_area_m2 = -5\n").unwrap();
    let out = run(&["check", bad.to_str().unwrap(), "--policy", "xinjiang-2019"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("premises.total_area_m2"));
}

#[test]
fn lint_passes_on_the_policies_and_fails_on_a_broken_file() {
    let ok = run(&["policy", "lint"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let broken = run(&[
        "policy",
        "lint",
        "crates/policy/tests/fixtures/broken/quote-not-in-source.toml",
    ]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stdout(&broken).contains("quote-not-in-source.toml:"),
        "{}",
        stdout(&broken)
    );
}

#[test]
fn policy_impact_lists_who_changes_outcome() {
    // A changed 新疆 measure asking 15 activities instead of 10 (第六条第9项): the example space
    // with 12 activities would no longer qualify.
    let dir = tempfile_dir();
    let policy = std::fs::read_to_string(root().join("policies/xinjiang-2019.toml")).unwrap();
    let changed = policy.replace(
        r#"fact = "activities.last_year", term = "不少于", value = 10 }"#,
        r#"fact = "activities.last_year", term = "不少于", value = 15 }"#,
    );
    assert_ne!(changed, policy, "the rule to change was found");
    std::fs::write(dir.join("xinjiang-2019.toml"), changed).unwrap();
    std::os::unix::fs::symlink(root().join("policies/sources"), dir.join("sources")).unwrap();
    let check = run(&[
        "check",
        "examples/profiles/xinjiang-good.toml",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    std::fs::write(
        dir.join("p.jsonl"),
        format!("{}\n", report["receipt"]["inputs"]),
    )
    .unwrap();
    let out = run(&[
        "policy",
        "impact",
        dir.join("xinjiang-2019.toml").to_str().unwrap(),
        "--profiles",
        dir.join("p.jsonl").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["profiles"], 1);
    assert_eq!(doc["changed"][0]["before"], "eligible");
    assert_eq!(doc["changed"][0]["after"], "ineligible");
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "makerspace-cli-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}
