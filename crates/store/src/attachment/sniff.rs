//! Recognising a file's type from its first bytes (and, for ZIP containers, the names of the
//! entries in its central directory). The name is never consulted here.

use crate::attachment::MediaType;

/// The type of `bytes`, or `None` when not recognised.
pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"%PDF-") {
        Some(MediaType::Pdf)
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        Some(MediaType::Png)
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        Some(MediaType::Jpeg)
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        Some(MediaType::Gif)
    } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(MediaType::Ole2)
    } else if starts(b"Rar!\x1a\x07") {
        Some(MediaType::Rar)
    } else if starts(&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C]) {
        Some(MediaType::SevenZip)
    } else if starts(b"MZ") {
        Some(MediaType::Exe)
    } else if starts(b"\x7fELF") {
        Some(MediaType::Elf)
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        Some(zip_kind(bytes))
    } else {
        None
    }
}

/// Tells OOXML and OFD packages from other ZIP archives by their entries' names.
fn zip_kind(bytes: &[u8]) -> MediaType {
    let names = zip_entry_names(bytes);
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let content_types = has("[Content_Types].xml");
    if content_types && has("word/") {
        MediaType::Docx
    } else if content_types && has("xl/") {
        MediaType::Xlsx
    } else if content_types && has("ppt/") {
        MediaType::Pptx
    } else if names.iter().any(|n| n.eq_ignore_ascii_case("OFD.xml")) {
        MediaType::Ofd
    } else {
        MediaType::Zip
    }
}

/// The entry names of a ZIP archive: from its central directory headers (`PK\1\2`), falling
/// back to the local headers (`PK\3\4`).
fn zip_entry_names(bytes: &[u8]) -> Vec<String> {
    let mut names = scan(bytes, b"PK\x01\x02", 28, 46);
    if names.is_empty() {
        names = scan(bytes, b"PK\x03\x04", 26, 30);
    }
    names
}

/// Finds every `signature`, reads the little-endian name length at `len_at` and the name at
/// `name_at` (offsets from the signature).
fn scan(bytes: &[u8], signature: &[u8], len_at: usize, name_at: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + name_at <= bytes.len() {
        if &bytes[i..i + signature.len()] == signature {
            let len = u16::from_le_bytes([bytes[i + len_at], bytes[i + len_at + 1]]) as usize;
            if let Some(name) = bytes.get(i + name_at..i + name_at + len) {
                out.push(String::from_utf8_lossy(name).into_owned());
            }
            i += name_at;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal ZIP: local headers only, entries with no content.
    pub(crate) fn zip_with(names: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for n in names {
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[0u8; 22]);
            out.extend_from_slice(&(n.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(n.as_bytes());
        }
        out
    }

    #[test]
    fn magic_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(MediaType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(MediaType::Png));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(MediaType::Jpeg)
        );
        assert_eq!(sniff(b"MZ\x90\x00\x03"), Some(MediaType::Exe));
        assert_eq!(sniff(b"\x7fELF\x02\x01"), Some(MediaType::Elf));
        assert_eq!(sniff(b"hello, world"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn zip_containers_by_their_entries() {
        let docx = zip_with(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
        assert_eq!(sniff(&docx), Some(MediaType::Docx));
        let xlsx = zip_with(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(sniff(&xlsx), Some(MediaType::Xlsx));
        assert_eq!(
            sniff(&zip_with(&["OFD.xml", "Doc_0/Document.xml"])),
            Some(MediaType::Ofd)
        );
        assert_eq!(
            sniff(&zip_with(&["word/document.xml"])),
            Some(MediaType::Zip)
        );
        assert_eq!(sniff(&zip_with(&["setup.exe"])), Some(MediaType::Zip));
    }
}
