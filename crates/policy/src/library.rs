//! The policy library: the fact dictionary, the statutory terms, the holiday calendar and every
//! measure, read from a `policies/` folder (or the copy embedded in the binary), linted, hashed,
//! and looked up by id or by jurisdiction and date.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use jiff::civil::Date;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::facts::{DictionaryError, FactDictionary};
use crate::law::{Calendar, RegionNames, StatutoryTerms};
use crate::lint::{self, Diagnostic};
use crate::model::{Measure, RegionCode};
use crate::source_text::SourceText;

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../policies");

/// The dictionary file, relative to the policies folder.
pub const FACTS_FILE: &str = "facts.toml";
/// The statutory terms file.
pub const TERMS_FILE: &str = "law/terms.toml";
/// The holiday calendar file.
pub const CALENDAR_FILE: &str = "law/holidays-cn.toml";
/// The administrative divisions' names (display only).
pub const REGIONS_FILE: &str = "law/regions-cn.toml";

/// The sha256 of a policy file's bytes: pins a case to the exact text it was judged under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ContentHash(pub String);

impl ContentHash {
    /// Hashes bytes.
    pub fn of(bytes: &[u8]) -> Self {
        Self(hex::encode(Sha256::digest(bytes)))
    }

    /// The first 12 hex digits, for display.
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.0)
    }
}

/// A measure with what was read alongside it.
#[derive(Debug, Clone)]
pub struct LoadedMeasure {
    /// The measure.
    pub measure: Measure,
    /// Its file, relative to the policies folder.
    pub file: String,
    /// Its file's text.
    pub text: String,
    /// Its content hash.
    pub hash: ContentHash,
    /// Its source texts, in the order the policy lists them.
    pub sources: Vec<SourceText>,
}

impl LoadedMeasure {
    /// The id.
    pub fn id(&self) -> &str {
        &self.measure.measure.id
    }
}

/// Why the library could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read.
    #[error("无法读取 {path}：{source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A required shared file is absent.
    #[error("政策目录缺少 {0}")]
    Missing(String),
    /// The dictionary is wrong.
    #[error("{FACTS_FILE}：{0}")]
    Dictionary(#[from] DictionaryError),
    /// The terms table is wrong.
    #[error("{TERMS_FILE}：{0}")]
    Terms(toml::de::Error),
    /// The calendar is wrong.
    #[error("{CALENDAR_FILE}：{0}")]
    Calendar(String),
    /// The divisions' names are wrong.
    #[error("{REGIONS_FILE}：{0}")]
    Regions(String),
    /// One or more measures failed lint.
    #[error("政策文件有误：\n{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
    /// Two measures share an id.
    #[error("政策编号「{0}」重复")]
    DuplicateId(String),
}

/// The loaded library.
#[derive(Debug, Clone)]
pub struct Library {
    /// The fact dictionary.
    pub facts: FactDictionary,
    /// The statutory terms.
    pub terms: StatutoryTerms,
    /// The holiday calendar.
    pub calendar: Calendar,
    /// The administrative divisions' names, for display.
    pub regions: RegionNames,
    files: BTreeMap<String, String>,
    measures: Vec<LoadedMeasure>,
}

impl Library {
    /// The policies embedded in the binary at build time.
    pub fn embedded() -> Result<Self, LoadError> {
        let mut files = BTreeMap::new();
        collect_embedded(&EMBEDDED, &mut files);
        Self::from_files(files)
    }

    /// The policies in a folder.
    pub fn from_dir(dir: &Path) -> Result<Self, LoadError> {
        let mut files = BTreeMap::new();
        collect_dir(dir, dir, &mut files)?;
        Self::from_files(files)
    }

    /// Only the shared files (dictionary, terms, calendar) of the embedded policies: enough to
    /// lint a single file while another policy is broken.
    pub fn shared_embedded() -> Result<Self, LoadError> {
        let mut files = BTreeMap::new();
        collect_embedded(&EMBEDDED, &mut files);
        Self::shared_from_files(files)
    }

    /// Only the shared files of a policies folder.
    pub fn shared_from_dir(dir: &Path) -> Result<Self, LoadError> {
        let mut files = BTreeMap::new();
        collect_dir(dir, dir, &mut files)?;
        Self::shared_from_files(files)
    }

    fn shared_from_files(files: BTreeMap<String, String>) -> Result<Self, LoadError> {
        let (facts, terms, calendar, regions) = Self::shared(&files)?;
        Ok(Self {
            facts,
            terms,
            calendar,
            regions,
            files,
            measures: Vec::new(),
        })
    }

    fn shared(
        files: &BTreeMap<String, String>,
    ) -> Result<(FactDictionary, StatutoryTerms, Calendar, RegionNames), LoadError> {
        let get = |name: &str| {
            files
                .get(name)
                .ok_or_else(|| LoadError::Missing(name.to_string()))
        };
        let facts = FactDictionary::from_toml(get(FACTS_FILE)?)?;
        let terms = StatutoryTerms::from_toml(get(TERMS_FILE)?).map_err(LoadError::Terms)?;
        let calendar = Calendar::from_toml(get(CALENDAR_FILE)?).map_err(LoadError::Calendar)?;
        let regions = RegionNames::from_toml(get(REGIONS_FILE)?).map_err(LoadError::Regions)?;
        Ok((facts, terms, calendar, regions))
    }

    fn from_files(files: BTreeMap<String, String>) -> Result<Self, LoadError> {
        let mut library = Self::shared_from_files(files)?;
        let mut diagnostics = Vec::new();
        let policy_files: Vec<String> = library
            .files
            .keys()
            .filter(|k| is_measure_file(k))
            .cloned()
            .collect();
        for file in policy_files {
            let text = library.files[&file].clone();
            match library.check(&file, &text) {
                Ok(loaded) => {
                    if library.get(loaded.id()).is_some() {
                        return Err(LoadError::DuplicateId(loaded.id().to_string()));
                    }
                    library.measures.push(loaded);
                }
                Err(mut d) => diagnostics.append(&mut d),
            }
        }
        if !diagnostics.is_empty() {
            return Err(LoadError::Invalid(diagnostics));
        }
        library
            .measures
            .sort_by(|a, b| a.measure.measure.id.cmp(&b.measure.measure.id));
        Ok(library)
    }

    /// Parses and lints one policy text of this library's folder: its source texts are looked
    /// up beside it in the folder. Returns the measure, or every problem found.
    pub fn check(&self, file: &str, text: &str) -> Result<LoadedMeasure, Vec<Diagnostic>> {
        let base = Path::new(file)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        self.check_with(file, text, &|rel| {
            self.files.get(&normalise(&base.join(rel))).cloned()
        })
    }

    /// Lints a policy file on disk against this library's dictionary, terms and calendar; its
    /// source texts are read relative to the file itself.
    pub fn lint_path(&self, path: &Path) -> Result<Vec<Diagnostic>, LoadError> {
        Ok(match self.load_path(path)? {
            Ok(_) => Vec::new(),
            Err(d) => d,
        })
    }

    /// Loads a policy file on disk (a draft or a changed measure) without adding it to the
    /// library: the measure, or every problem lint finds.
    pub fn load_path(
        &self,
        path: &Path,
    ) -> Result<Result<LoadedMeasure, Vec<Diagnostic>>, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let resolve = |rel: &str| std::fs::read_to_string(base.join(rel)).ok();
        Ok(self.check_with(&path.to_string_lossy(), &text, &resolve))
    }

    fn check_with(
        &self,
        file: &str,
        text: &str,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Result<LoadedMeasure, Vec<Diagnostic>> {
        let measure: Measure =
            toml::from_str(text).map_err(|e| vec![Diagnostic::from_toml(file, text, &e)])?;
        let mut diagnostics = Vec::new();
        let mut sources = Vec::new();
        for (i, doc) in measure.source.iter().enumerate() {
            match resolve(&doc.file) {
                Some(content) => sources.push(SourceText::parse(&doc.name, &content, i == 0)),
                None => diagnostics.push(Diagnostic::at_text(
                    file,
                    text,
                    &doc.file,
                    format!("原文文件 {} 不存在", doc.file),
                )),
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let loaded = LoadedMeasure {
            hash: ContentHash::of(text.as_bytes()),
            measure,
            file: file.to_string(),
            text: text.to_string(),
            sources,
        };
        let found = lint::lint(self, &loaded);
        if found.is_empty() {
            Ok(loaded)
        } else {
            Err(found)
        }
    }

    /// Another data file of the policies folder (`forms/statistics.toml`…), as text.
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Every measure, by id.
    pub fn measures(&self) -> &[LoadedMeasure] {
        &self.measures
    }

    /// A measure by id.
    pub fn get(&self, id: &str) -> Option<&LoadedMeasure> {
        self.measures.iter().find(|m| m.id() == id)
    }

    /// The measure in force on `date` for a space registered in `region`: the most local
    /// jurisdiction containing the region (a city's measure before its province's).
    pub fn in_force(&self, region: &RegionCode, date: Date) -> Option<&LoadedMeasure> {
        self.measures
            .iter()
            .filter(|m| {
                let id = &m.measure.measure;
                id.in_force_on(date) && id.jurisdiction.code.contains(region)
            })
            .max_by_key(|m| m.measure.measure.jurisdiction.code.prefix().len())
    }

    /// Every measure in force on `date`.
    pub fn all_in_force(&self, date: Date) -> Vec<&LoadedMeasure> {
        self.measures
            .iter()
            .filter(|m| m.measure.measure.in_force_on(date))
            .collect()
    }
}

fn is_measure_file(path: &str) -> bool {
    path.ends_with(".toml") && !path.contains('/') && path != FACTS_FILE
}

fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            _ => {}
        }
    }
    parts.join("/")
}

fn collect_embedded(dir: &Dir<'_>, out: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.insert(
                file.path().to_string_lossy().replace('\\', "/"),
                text.to_string(),
            );
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn collect_dir(
    root: &Path,
    dir: &Path,
    out: &mut BTreeMap<String, String>,
) -> Result<(), LoadError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LoadError::Io { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let path = entry.path();
        if path.is_dir() {
            collect_dir(root, &path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "txt")
        ) {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.insert(rel.to_string_lossy().replace('\\', "/"), text);
        }
    }
    Ok(())
}
