//! The register as JSON or CSV (UTF-8 with a BOM, so Excel reads the Chinese), and its import:
//! every line validated first, then all entered in one transaction, or none.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use store::entity::{organisation, space};
use store::sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use store::{CreditCode, NewAuditEntry, NewOrganisation};
use workflow::case::CaseId;
use workflow::lifecycle::{Space, SpaceStatus};

use crate::dates::to_col;
use crate::error::{CaseworkError, Result};
use crate::register::{SUBJECT, status_label, status_of, status_str};
use crate::{Casework, Page, RegisterFilter, to_json};

/// The byte-order mark that tells Excel a CSV file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntry {
    /// The space id (ignored on import).
    #[serde(default)]
    pub id: Option<i64>,
    /// The recognising case (ignored on import).
    #[serde(default)]
    pub case_id: Option<i64>,
    /// The measure id.
    pub measure: String,
    /// 统一社会信用代码 of the operator.
    pub credit_code: String,
    /// The operator's registered name.
    pub org_name: String,
    /// The space's name.
    pub name: String,
    /// GB/T 2260 code.
    pub region: String,
    /// The decision day.
    pub recognised_on: Date,
    /// The last valid day.
    #[serde(default)]
    pub valid_until: Option<Date>,
    /// Status.
    pub status: SpaceStatus,
    /// The decision's document number.
    #[serde(default)]
    pub document_number: Option<String>,
}

/// The CSV columns: key, Chinese header.
const COLUMNS: [(&str, &str); 11] = [
    ("id", "编号"),
    ("case_id", "案件编号"),
    ("measure", "办法"),
    ("credit_code", "统一社会信用代码"),
    ("org_name", "运营单位"),
    ("name", "众创空间名称"),
    ("region", "行政区划代码"),
    ("recognised_on", "认定日期"),
    ("valid_until", "有效期至"),
    ("status", "状态"),
    ("document_number", "认定文号"),
];

fn csv_field(out: &mut String, v: &str) {
    if v.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}

/// Appends one CSV record (RFC 4180: a field with a comma, a quote or a line break quoted, its
/// quotes doubled), ended with CRLF.
pub fn push_csv_record<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f.as_ref());
    }
    out.push_str("\r\n");
}

/// The register as CSV, with a BOM and Chinese headers.
pub fn to_csv(entries: &[RegisterEntry]) -> String {
    let mut out = String::from(BOM);
    push_csv_record(&mut out, &COLUMNS.map(|(_, h)| h));
    for e in entries {
        let fields = [
            e.id.map(|v| v.to_string()).unwrap_or_default(),
            e.case_id.map(|v| v.to_string()).unwrap_or_default(),
            e.measure.clone(),
            e.credit_code.clone(),
            e.org_name.clone(),
            e.name.clone(),
            e.region.clone(),
            e.recognised_on.to_string(),
            e.valid_until.map(|d| d.to_string()).unwrap_or_default(),
            status_label(e.status).to_string(),
            e.document_number.clone().unwrap_or_default(),
        ];
        push_csv_record(&mut out, &fields);
    }
    out
}

/// Splits CSV text into records (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
fn csv_records(text: &str) -> std::result::Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                any = false;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err("引号未闭合".into());
    }
    if any {
        record.push(field);
        records.push(record);
    }
    Ok(records
        .into_iter()
        .filter(|r| !(r.len() == 1 && r[0].trim().is_empty()))
        .collect())
}

fn parse_status(s: &str) -> Option<SpaceStatus> {
    status_of(s).or_else(|| {
        [
            SpaceStatus::Active,
            SpaceStatus::Revoked,
            SpaceStatus::Expired,
            SpaceStatus::Excluded,
        ]
        .into_iter()
        .find(|x| status_label(*x) == s)
    })
}

/// Reads a register file: a JSON array of entries, or CSV with the export's headers (Chinese or
/// the keys). Every problem is reported with its line; nothing is returned unless all lines read.
pub fn parse(text: &str) -> Result<Vec<RegisterEntry>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text).map_err(|e| CaseworkError::Import {
            errors: vec![format!("JSON 第 {} 行：{e}", e.line())],
        });
    }
    let records = csv_records(text).map_err(|e| CaseworkError::Import { errors: vec![e] })?;
    let Some((header, rows)) = records.split_first() else {
        return Err(CaseworkError::Import {
            errors: vec!["文件为空".into()],
        });
    };
    let mut index = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        if let Some((k, _)) = COLUMNS.iter().find(|(k, l)| *k == h || *l == h) {
            index.insert(*k, i);
        }
    }
    let mut errors = Vec::new();
    for (k, l) in COLUMNS.iter().skip(2) {
        if !index.contains_key(k) && !matches!(*k, "valid_until" | "document_number") {
            errors.push(format!("缺少列「{l}」"));
        }
    }
    if !errors.is_empty() {
        return Err(CaseworkError::Import { errors });
    }
    let mut out = Vec::new();
    for (n, r) in rows.iter().enumerate() {
        let line = n + 2;
        let get = |k: &str| {
            index
                .get(k)
                .and_then(|i| r.get(*i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let date = |k: &str, label: &str, errors: &mut Vec<String>| -> Option<Date> {
            let v = get(k);
            if v.is_empty() {
                return None;
            }
            match v.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(format!("第 {line} 行：{label}「{v}」不是 YYYY-MM-DD 日期"));
                    None
                }
            }
        };
        let recognised_on = date("recognised_on", "认定日期", &mut errors);
        let valid_until = date("valid_until", "有效期至", &mut errors);
        let status = parse_status(&get("status"));
        if status.is_none() {
            errors.push(format!("第 {line} 行：状态「{}」无法识别", get("status")));
        }
        if recognised_on.is_none() && !get("recognised_on").is_empty() {
            continue;
        }
        let Some(recognised_on) = recognised_on else {
            errors.push(format!("第 {line} 行：缺少认定日期"));
            continue;
        };
        let doc = get("document_number");
        out.push(RegisterEntry {
            id: None,
            case_id: None,
            measure: get("measure"),
            credit_code: get("credit_code"),
            org_name: get("org_name"),
            name: get("name"),
            region: get("region"),
            recognised_on,
            valid_until,
            status: status.unwrap_or(SpaceStatus::Active),
            document_number: (!doc.is_empty()).then_some(doc),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CaseworkError::Import { errors })
    }
}

impl Casework {
    /// The register as entries, by space id.
    pub async fn export(&self, filter: &RegisterFilter) -> Result<Vec<RegisterEntry>> {
        let spaces = self.register(filter, Page::ALL).await?.items;
        let ids: BTreeSet<i64> = spaces.iter().map(|s| s.org_id).collect();
        let mut orgs = HashMap::new();
        let ids: Vec<i64> = ids.into_iter().collect();
        for chunk in ids.chunks(500) {
            for o in organisation::Entity::find()
                .filter(organisation::Column::Id.is_in(chunk.iter().copied()))
                .all(self.store.db())
                .await?
            {
                orgs.insert(o.id, o);
            }
        }
        Ok(spaces
            .into_iter()
            .map(|s| {
                let o = orgs.get(&s.org_id);
                RegisterEntry {
                    id: Some(s.id),
                    case_id: s.case_id,
                    measure: s.measure,
                    credit_code: o.map(|o| o.credit_code.clone()).unwrap_or_default(),
                    org_name: o.map(|o| o.name.clone()).unwrap_or_default(),
                    name: s.name,
                    region: s.region,
                    recognised_on: s.recognised_on,
                    valid_until: s.valid_until,
                    status: s.status,
                    document_number: s.document_number,
                }
            })
            .collect())
    }

    /// Imports register entries (spaces recognised before the system, or elsewhere): every entry
    /// checked (credit code, measure, region, dates, duplicates in the file and against the
    /// register), then all entered in one transaction with their organisations, each audited;
    /// any problem refuses the whole import. Returns the new space ids.
    pub async fn import(
        &self,
        actor: &store::Actor,
        entries: &[RegisterEntry],
    ) -> Result<Vec<i64>> {
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        let mut codes = Vec::new();
        for (n, e) in entries.iter().enumerate() {
            let line = n + 1;
            let code = match CreditCode::parse(&e.credit_code) {
                Ok(c) => Some(c),
                Err(err) => {
                    errors.push(format!("第 {line} 条：统一社会信用代码：{err}"));
                    None
                }
            };
            if self.library.get(&e.measure).is_none() {
                errors.push(format!("第 {line} 条：办法「{}」不存在", e.measure));
            }
            if store::region_code::check_region_code("行政区划代码", &e.region).is_err() {
                errors.push(format!(
                    "第 {line} 条：行政区划代码「{}」应为 6 位数字（GB/T 2260）",
                    e.region
                ));
            }
            if e.name.trim().is_empty() || e.org_name.trim().is_empty() {
                errors.push(format!("第 {line} 条：众创空间名称和运营单位不能为空"));
            }
            if let Some(v) = e.valid_until
                && v < e.recognised_on
            {
                errors.push(format!(
                    "第 {line} 条：有效期至 {v} 早于认定日期 {}",
                    e.recognised_on
                ));
            }
            if let Some(c) = &code
                && e.status == SpaceStatus::Active
                && !seen.insert((c.to_string(), e.measure.clone()))
            {
                errors.push(format!(
                    "第 {line} 条：{} 在办法「{}」下重复出现",
                    c, e.measure
                ));
            }
            codes.push(code);
        }
        if !errors.is_empty() {
            return Err(CaseworkError::Import { errors });
        }
        let tx = self.store.begin().await?;
        let mut ids = Vec::new();
        for (n, (e, code)) in entries.iter().zip(codes).enumerate() {
            let line = n + 1;
            let Some(code) = code else { continue };
            let org = match store::organisation::find_by_credit_code(tx.conn(), &code).await? {
                Some(o) => o,
                None => {
                    store::organisation::create(
                        &tx,
                        actor,
                        NewOrganisation {
                            credit_code: code.to_string(),
                            name: e.org_name.clone(),
                            region_code: Some(e.region.clone()),
                        },
                    )
                    .await?
                }
            };
            if e.status == SpaceStatus::Active {
                let dup = space::Entity::find()
                    .filter(space::Column::OrgId.eq(org.id))
                    .filter(space::Column::Measure.eq(e.measure.as_str()))
                    .filter(space::Column::Status.eq("active"))
                    .one(tx.conn())
                    .await?;
                if let Some(d) = dup {
                    errors.push(format!(
                        "第 {line} 条：{} 在办法「{}」下已有有效的众创空间（编号 {}）",
                        code, e.measure, d.id
                    ));
                    continue;
                }
            }
            let mut s = Space::recognised(
                CaseId(format!(
                    "import:{}",
                    e.document_number
                        .clone()
                        .unwrap_or_else(|| line.to_string())
                )),
                e.recognised_on,
                e.valid_until,
            );
            s.status = e.status;
            let now = store::time::to_chrono(tx.now());
            let row = space::ActiveModel {
                case_id: Set(None),
                measure: Set(e.measure.clone()),
                org_id: Set(org.id),
                name: Set(e.name.trim().to_string()),
                region: Set(e.region.trim().to_string()),
                recognised_on: Set(to_col(e.recognised_on)),
                valid_until: Set(e.valid_until.map(to_col)),
                status: Set(status_str(e.status).to_string()),
                document_number: Set(e.document_number.clone()),
                space_json: Set(to_json("space", &s)?),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(tx.conn())
            .await?;
            tx.audit(
                NewAuditEntry::new(actor, SUBJECT, row.id, "import")
                    .with_reason(format!("名录导入第 {line} 条"))
                    .with_after(e)?,
            )
            .await?;
            ids.push(row.id);
        }
        if !errors.is_empty() {
            return Err(CaseworkError::Import { errors });
        }
        tx.commit().await?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trips_quotes_commas_and_newlines() {
        let text = "a,\"b,1\",\"c \"\"q\"\"\"\r\n\"x\ny\",,z\n";
        let r = csv_records(text).unwrap();
        assert_eq!(r[0], vec!["a", "b,1", "c \"q\""]);
        assert_eq!(r[1], vec!["x\ny", "", "z"]);
    }
}
