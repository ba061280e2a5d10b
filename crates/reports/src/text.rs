//! The text of a laid-out document, line by line, for tests and checks: what a reader of the
//! PDF would read.

use typst::layout::{Frame, FrameItem, Point};
use typst_layout::PagedDocument;

/// A gap between two runs on one baseline wider than this (in points) is a space; narrower,
/// the runs are one word split by the shaper (a change of script, say).
const WORD_GAP_PT: f64 = 1.0;

/// One run of text where it sits.
struct Run {
    x: f64,
    y: f64,
    width: f64,
    text: String,
}

/// The text of every page in layout order: runs on one baseline joined (with a space where
/// they are apart), a new line where the baseline moves, pages separated by a blank line.
pub fn document_text(doc: &PagedDocument) -> String {
    let mut pages = Vec::new();
    for page in doc.pages() {
        let mut runs: Vec<Run> = Vec::new();
        collect(&page.frame, Point::zero(), &mut runs);
        let mut lines: Vec<String> = Vec::new();
        let mut last: Option<(f64, f64)> = None;
        for run in runs {
            match (last, lines.last_mut()) {
                (Some((y, end)), Some(line)) if (y - run.y).abs() < 0.5 => {
                    if run.x - end > WORD_GAP_PT {
                        line.push(' ');
                    }
                    line.push_str(&run.text);
                }
                _ => lines.push(run.text.clone()),
            }
            last = Some((run.y, run.x + run.width));
        }
        pages.push(lines.join("\n"));
    }
    pages.join("\n\n")
}

fn collect(frame: &Frame, origin: Point, out: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(g) => {
                let shifted = at + Point::new(g.transform.tx, g.transform.ty);
                collect(&g.frame, shifted, out);
            }
            FrameItem::Text(t) => out.push(Run {
                x: at.x.to_pt(),
                y: at.y.to_pt(),
                width: t.width().to_pt(),
                text: t.text.to_string(),
            }),
            _ => {}
        }
    }
}
