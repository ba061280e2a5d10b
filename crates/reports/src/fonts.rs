//! The fonts the form is printed with, read from folders on disk. Only fonts that can print
//! Chinese are kept: the form is Chinese, and a font without Han glyphs would print boxes.

use std::path::{Path, PathBuf};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::error::ReportError;

/// The environment variable naming the font folder (overrides the defaults).
pub const FONT_DIR_ENV: &str = "MAKERSPACE_FONT_DIR";

/// A Han character every Chinese font has (`申`, as in 申报书).
const HAN_PROBE: char = '申';

/// Where Debian's CJK font packages put their fonts, in order of preference:
/// `fonts-wqy-microhei`, `fonts-noto-cjk`, `fonts-wqy-zenhei`.
pub fn default_font_dirs() -> Vec<PathBuf> {
    if let Some(dir) = std::env::var_os(FONT_DIR_ENV).filter(|d| !d.is_empty()) {
        return std::env::split_paths(&dir).collect();
    }
    [
        "/usr/share/fonts/truetype/wqy",
        "/usr/share/fonts/opentype/noto",
        "/usr/share/fonts/truetype/noto",
    ]
    .into_iter()
    .map(PathBuf::from)
    .collect()
}

/// The fonts loaded, with their book (typst's index of families and coverage).
#[derive(Debug)]
pub struct FontSet {
    pub(crate) fonts: Vec<Font>,
    pub(crate) book: LazyHash<FontBook>,
    families: Vec<String>,
}

impl FontSet {
    /// Loads the Chinese-capable fonts of the first folder of `dirs` that has any (folders are
    /// searched recursively). Fails naming the fonts wanted and the folders searched when none
    /// has one.
    pub fn load(dirs: &[PathBuf]) -> Result<Self, ReportError> {
        for dir in dirs {
            let mut fonts = Vec::new();
            load_dir(dir, &mut fonts)?;
            if !fonts.is_empty() {
                return Ok(Self::from_fonts(fonts));
            }
        }
        Err(ReportError::NoCjkFont {
            searched: dirs.to_vec(),
        })
    }

    /// The font families loaded, in load order (the template prints with these).
    pub fn families(&self) -> &[String] {
        &self.families
    }

    fn from_fonts(fonts: Vec<Font>) -> Self {
        let book = FontBook::from_fonts(&fonts);
        let mut families: Vec<String> = Vec::new();
        for f in &fonts {
            let family = f.info().family.to_string();
            if !families.contains(&family) {
                families.push(family);
            }
        }
        Self {
            fonts,
            book: LazyHash::new(book),
            families,
        }
    }
}

fn load_dir(dir: &Path, out: &mut Vec<Font>) -> Result<(), ReportError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(ReportError::FontRead {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            load_dir(&path, out)?;
            continue;
        }
        let is_font = path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
            ["ttf", "otf", "ttc", "otc"]
                .iter()
                .any(|k| x.eq_ignore_ascii_case(k))
        });
        if !is_font {
            continue;
        }
        let data = std::fs::read(&path).map_err(|source| ReportError::FontRead {
            path: path.clone(),
            source,
        })?;
        out.extend(
            Font::iter(Bytes::new(data)).filter(|f| f.info().coverage.contains(HAN_PROBE as u32)),
        );
    }
    Ok(())
}
