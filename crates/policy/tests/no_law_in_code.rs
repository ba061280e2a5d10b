//! Law is data: no threshold, period, score or amount of the four measures is written in Rust
//! code. Every `.rs` file under `crates/` (outside `tests/`, `benches/` and `examples/` (benchmark data generators) folders, and outside
//! `#[cfg(test)]` modules, whose inputs are test data) is scanned for the measures' numbers as
//! numeric literals and for their Chinese phrases in any literal; a hit fails naming the file and
//! line. Comments (`//`, `///`, `//!`) may quote the law and are not scanned.

use std::path::{Path, PathBuf};

/// Numbers the measures state: areas (500, 3000, 10000 ㎡), amounts (300000, 400000, 500000
/// yuan), shares and grade bands (50, 60, 70, 75, 85, 90).
const NUMBERS: [&str; 12] = [
    "500", "3000", "10000", "300000", "400000", "500000", "50", "60", "70", "75", "85", "90",
];

/// The same law written as words.
const PHRASES: [&str; 18] = [
    "500平方米",
    "200平方米",
    "100平方米",
    "500㎡",
    "3000平方米",
    "10000平方米",
    "75%",
    "90%",
    "60%",
    "50%",
    "不少于15个",
    "不低于10家",
    "不低于20家",
    "3年以上",
    "5年以上",
    "半年以上",
    "2年内",
    "36个月",
];

/// Literals that are not law, each with its reason: (file, code containing it, why).
const NOT_LAW: [(&str, &str, &str); 14] = [
    (
        "crates/web/src/pages/public.rs",
        "PUBLIC_PAGE_ROWS: u64 = 50",
        "rows per page of the public register and appraisal results, a display choice",
    ),
    (
        "crates/store/src/lib.rs",
        "ROWS_PER_STATEMENT: usize = 500",
        "rows per multi-row SQL statement, bounded by the databases' parameter limits",
    ),
    (
        "crates/policy/src/model/lifecycle.rs",
        "% 10_000",
        "元 to 万元: a unit, not an amount of a measure",
    ),
    (
        "crates/policy/src/model/lifecycle.rs",
        "/ 10_000",
        "元 to 万元: a unit, not an amount of a measure",
    ),
    (
        "crates/rules/src/appraisal/advice.rs",
        "k >= 10_000",
        "an iteration limit of the search, not a score",
    ),
    (
        "crates/web/src/auth/limiter.rs",
        "SWEEP_AT: usize = 10_000",
        "how many tracked addresses trigger a memory sweep",
    ),
    (
        "crates/web/src/auth/login.rs",
        "div_ceil(60)",
        "seconds to minutes",
    ),
    (
        "crates/web/src/lib.rs",
        "i64::MAX / 60",
        "minutes to seconds",
    ),
    (
        "crates/web/src/config.rs",
        "8 * 60",
        "a session's default length in minutes (a security setting)",
    ),
    (
        "crates/web/src/config.rs",
        "15 * 60",
        "the default sign-in lockout in seconds (a security setting)",
    ),
    (
        "crates/casework/src/records.rs",
        "limit: 50",
        "a default page size",
    ),
    (
        "crates/casework/src/lifecycle.rs",
        "INSERT_CHUNK: usize = 500",
        "rows per insert statement",
    ),
    (
        "crates/casework/src/transfer.rs",
        "chunks(500)",
        "rows per query",
    ),
    (
        "crates/store/src/api_token.rs",
        "from_secs(60)",
        "how often a token's last use is written",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            if !matches!(name.as_str(), "tests" | "benches" | "examples" | "target") {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The code of a line: without a trailing `//` comment (outside string literals).
fn code(line: &str) -> &str {
    let mut in_string = false;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' if prev != '\\' => in_string = !in_string,
            '/' if !in_string && prev == '/' => return &line[..i - 1],
            _ => {}
        }
        prev = if prev == '\\' && c == '\\' { ' ' } else { c };
    }
    line
}

/// Numeric literals of a line of code: `500`, `500.0`, `5_00u32`, `dec!(500)`.
fn numbers(code: &str) -> Vec<String> {
    let bytes: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        // A character escape (`'\u{3000}'`, the ideographic space) is not a number.
        if c == 'u' && i > 0 && bytes[i - 1] == '\\' && bytes.get(i + 1) == Some(&'{') {
            i = bytes[i..]
                .iter()
                .position(|b| *b == '}')
                .map_or(bytes.len(), |k| i + k + 1);
            continue;
        }
        let starts = c.is_ascii_digit()
            && (i == 0
                || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = String::new();
        while j < bytes.len()
            && (bytes[j].is_ascii_digit()
                || bytes[j] == '_'
                || (bytes[j] == '.' && bytes.get(j + 1).is_some_and(char::is_ascii_digit)))
        {
            if bytes[j] != '_' {
                digits.push(bytes[j]);
            }
            j += 1;
        }
        // A literal with a type suffix (`500u32`, `500f64`) ends here too.
        let number = digits
            .trim_end_matches(".0")
            .trim_end_matches('.')
            .to_string();
        let number = if number.contains('.') {
            number
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string()
        } else {
            number
        };
        out.push(number);
        while j < bytes.len() && bytes[j].is_alphanumeric() {
            j += 1;
        }
        i = j;
    }
    out
}

/// Lines of a file, with `#[cfg(test)]` items (brace-matched) blanked out.
fn scanned_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skipping = false;
    let mut depth: i64 = 0;
    let mut opened = false;
    for (n, line) in text.lines().enumerate() {
        if !skipping && line.trim_start().starts_with("#[cfg(test)]") {
            skipping = true;
            depth = 0;
            opened = false;
            continue;
        }
        if skipping {
            let c = code(line);
            depth += c.matches('{').count() as i64 - c.matches('}').count() as i64;
            opened |= c.contains('{');
            if opened && depth <= 0 || !opened && c.trim_end().ends_with(';') {
                skipping = false;
            }
            continue;
        }
        out.push((n + 1, code(line).to_string()));
    }
    out
}

fn findings() -> Vec<String> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    rust_files(crates, &mut files);
    assert!(files.len() > 20, "scanned only {} files", files.len());
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file
            .strip_prefix(crates.parent().unwrap())
            .unwrap_or(&file)
            .display()
            .to_string();
        for (line, code) in scanned_lines(&text) {
            if NOT_LAW
                .iter()
                .any(|(f, snippet, _)| shown.replace('\\', "/") == *f && code.contains(snippet))
            {
                continue;
            }
            for n in numbers(&code) {
                if NUMBERS.contains(&n.as_str()) {
                    found.push(format!(
                        "{shown}:{line}: the measures' number {n} in code: {}",
                        code.trim()
                    ));
                }
            }
            for p in PHRASES {
                if code.contains(p) {
                    found.push(format!(
                        "{shown}:{line}: the measures' words「{p}」in code: {}",
                        code.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn no_number_of_the_measures_is_written_in_code() {
    let found = findings();
    assert!(
        found.is_empty(),
        "law written in Rust code (it belongs in policies/*.toml):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    assert_eq!(
        numbers("let x = 500; let y = 3_000u32; f(75.0) + a1500 + 10000.5"),
        ["500", "3000", "75", "10000.5"]
    );
    assert!(numbers("c == '\\u{3000}' || x == 3000").len() == 1);
    assert_eq!(
        code("let s = \"a // b\"; // 500平方米"),
        "let s = \"a // b\"; "
    );
    let lines = scanned_lines(
        "fn a() {}\n#[cfg(test)]\nmod tests {\n    const X: u32 = 500;\n}\nfn b() { 500 }\n",
    );
    assert_eq!(lines.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 6]);
    assert!(numbers(&lines[1].1).contains(&"500".to_string()));
}
