//! What can go wrong when printing.

use std::path::PathBuf;

/// An error of the reports crate.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// No font able to print Chinese was found in the folders searched.
    #[error(
        "没有找到可排印中文的字体（需要 文泉驿微米黑 wqy-microhei.ttc 或 Noto Sans CJK，Debian 软件包 fonts-wqy-microhei 或 fonts-noto-cjk）；已查找：{}；可用环境变量 MAKERSPACE_FONT_DIR 指定字体目录",
        searched_list(.searched)
    )]
    NoCjkFont {
        /// The folders searched.
        searched: Vec<PathBuf>,
    },
    /// A font folder or file could not be read.
    #[error("无法读取字体 {path}：{source}")]
    FontRead {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The case's measure is not the one given.
    #[error("案件 {case} 适用的政策是 {case_measure}，而不是 {given}")]
    WrongMeasure {
        /// The case.
        case: i64,
        /// The case's measure.
        case_measure: String,
        /// The measure given.
        given: String,
    },
    /// The case's record could not be read in full (its applicant or an attachment).
    #[error("无法读取案件记录：{0}")]
    Record(String),
    /// The template failed to typeset (a bug: the data is always valid for it).
    #[error("申报书排版失败：{0}")]
    Typeset(String),
    /// The PDF could not be written.
    #[error("申报书 PDF 生成失败：{0}")]
    Pdf(String),
}

fn searched_list(dirs: &[PathBuf]) -> String {
    if dirs.is_empty() {
        return "（无）".into();
    }
    dirs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join("、")
}
