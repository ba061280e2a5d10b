//! The smallest typst world: one in-memory main source (the template), one in-memory data
//! file (the case's values as JSON), the loaded fonts and a fixed date. It reads nothing else
//! (no file system, no packages, no network).

use std::sync::Arc;

use jiff::civil::Date;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use crate::fonts::FontSet;

/// The path the template reads its data from (`json("/data.json")`).
pub(crate) const DATA_PATH: &str = "/data.json";
const MAIN_PATH: &str = "/main.typ";

fn file_id(path: &str) -> FileId {
    // Both paths are constants of this module and valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|e| panic!("bad virtual path {path}: {e}"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One document's world.
pub(crate) struct FormWorld {
    library: Arc<LazyHash<Library>>,
    fonts: Arc<FontSet>,
    main: Source,
    data: Bytes,
    today: Date,
}

impl FormWorld {
    pub(crate) fn new(
        library: Arc<LazyHash<Library>>,
        fonts: Arc<FontSet>,
        template: &str,
        data: Vec<u8>,
        today: Date,
    ) -> Self {
        Self {
            library,
            fonts,
            main: Source::new(file_id(MAIN_PATH), template.to_string()),
            data: Bytes::new(data),
            today,
        }
    }
}

impl World for FormWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == file_id(DATA_PATH) {
            Ok(self.data.clone())
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            i32::from(self.today.year()),
            self.today.month().unsigned_abs(),
            self.today.day().unsigned_abs(),
        )
    }
}
