//! The file types the sniffer knows, with their Chinese names and usual extensions.

use serde::{Deserialize, Serialize};

/// A file type recognised from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaType {
    /// PDF.
    Pdf,
    /// OFD (GB/T 33190 版式文档, ZIP-based).
    Ofd,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// GIF image.
    Gif,
    /// Word document (OOXML).
    Docx,
    /// Excel workbook (OOXML).
    Xlsx,
    /// PowerPoint presentation (OOXML).
    Pptx,
    /// Office 97–2003 document (OLE2: DOC, XLS, PPT, WPS).
    Ole2,
    /// Other ZIP archive.
    Zip,
    /// RAR archive.
    Rar,
    /// 7-Zip archive.
    SevenZip,
    /// Windows executable.
    Exe,
    /// Linux executable.
    Elf,
}

impl MediaType {
    /// Every type, for configuration parsing.
    pub const ALL: [MediaType; 14] = [
        Self::Pdf,
        Self::Ofd,
        Self::Png,
        Self::Jpeg,
        Self::Gif,
        Self::Docx,
        Self::Xlsx,
        Self::Pptx,
        Self::Ole2,
        Self::Zip,
        Self::Rar,
        Self::SevenZip,
        Self::Exe,
        Self::Elf,
    ];

    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Ofd => "application/ofd",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Self::Ole2 => "application/x-ole-storage",
            Self::Zip => "application/zip",
            Self::Rar => "application/vnd.rar",
            Self::SevenZip => "application/x-7z-compressed",
            Self::Exe => "application/vnd.microsoft.portable-executable",
            Self::Elf => "application/x-executable",
        }
    }

    /// The type of a MIME string (as stored).
    pub fn from_mime(mime: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.mime() == mime)
    }

    /// The Chinese name used in messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF 文档",
            Self::Ofd => "OFD 版式文档",
            Self::Png => "PNG 图片",
            Self::Jpeg => "JPEG 图片",
            Self::Gif => "GIF 图片",
            Self::Docx => "Word 文档（DOCX）",
            Self::Xlsx => "Excel 表格（XLSX）",
            Self::Pptx => "PowerPoint 演示文稿（PPTX）",
            Self::Ole2 => "Office 97–2003 文档（DOC/XLS/PPT）",
            Self::Zip => "ZIP 压缩包",
            Self::Rar => "RAR 压缩包",
            Self::SevenZip => "7z 压缩包",
            Self::Exe => "Windows 可执行程序（EXE）",
            Self::Elf => "Linux 可执行程序（ELF）",
        }
    }

    /// The extensions a file of this type usually has (lower case, no dot).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Ofd => &["ofd"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            Self::Gif => &["gif"],
            Self::Docx => &["docx", "docm", "dotx"],
            Self::Xlsx => &["xlsx", "xlsm", "xltx"],
            Self::Pptx => &["pptx", "pptm"],
            Self::Ole2 => &["doc", "xls", "ppt", "wps", "et", "dps"],
            Self::Zip => &["zip"],
            Self::Rar => &["rar"],
            Self::SevenZip => &["7z"],
            Self::Exe => &["exe", "dll", "com", "scr", "msi", "sys"],
            Self::Elf => &["elf", "so", "bin"],
        }
    }

    /// The type a file name claims by its extension, if the extension is known.
    pub fn claimed_by_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|t| t.extensions().contains(&ext.as_str()))
    }
}
