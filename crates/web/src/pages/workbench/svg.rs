//! Server-rendered charts as inline SVG (no script, no CDN): horizontal bars with their values
//! written beside them. Each chart carries a `<title>` for screen readers; the pages put a
//! table with the same numbers next to it.

use super::super::work::escape;

/// One bar.
#[derive(Debug, Clone, serde::Serialize)]
pub(super) struct Bar {
    /// The label.
    pub label: String,
    /// The value.
    pub value: u64,
    /// Drawn in the alert colour (overdue).
    pub alert: bool,
}

const ROW: u32 = 44;
const BAR_W: u32 = 420;
const BAR_H: u32 = 16;
/// Room after the longest bar for its value.
const VALUE_W: u32 = 56;

/// A horizontal bar chart: each row's label on its own line (long Chinese labels never clip),
/// the bar under it and the value after the bar; an empty list draws an empty frame.
pub(super) fn bars(title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let height = ROW * bars.len().max(1) as u32;
    let width = BAR_W + VALUE_W;
    let mut out = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title>{}</title>",
        escape(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = ROW * i as u32;
        let w = (u64::from(BAR_W) * b.value / max) as u32;
        let class = if b.alert { "bar alert" } else { "bar" };
        out.push_str(&format!(
            "<text x=\"0\" y=\"{ly}\" class=\"label\">{label}</text>\
             <rect x=\"0\" y=\"{by}\" width=\"{w}\" height=\"{BAR_H}\" class=\"{class}\"></rect>\
             <text x=\"{vx}\" y=\"{vy}\" class=\"value\">{value}</text>",
            ly = y + 15,
            by = y + 20,
            label = escape(&b.label),
            vx = w + 6,
            vy = y + 20 + BAR_H - 3,
            value = b.value,
        ));
    }
    out.push_str("</svg>");
    out
}
