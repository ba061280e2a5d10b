//! The command-line grammar.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// 众创空间认定与管理系统
#[derive(Debug, Parser)]
#[command(
    name = "makerspace",
    version,
    about = "众创空间认定与管理系统：政策、事实字典、资格自查、绩效考核"
)]
pub struct Cli {
    /// Policies folder to use instead of the copy built into the binary.
    #[arg(long, global = true, env = "MAKERSPACE_POLICY_DIR")]
    pub policy_dir: Option<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Readable Chinese for a terminal.
    #[default]
    Text,
    /// JSON with a documented, versioned schema.
    Json,
    /// Markdown.
    Markdown,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 事实字典：列出所有事实（名称、类型、单位、中文名、引用条款）
    Facts {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// 资格自查：按办法逐条核查众创空间档案，给出结论、理由与达标路径
    Check(CheckArgs),
    /// 绩效考核：按考核指标体系逐项计分，给出等级、补助与后果
    Appraise(AppraiseArgs),
    /// 启动服务：JSON 接口（/api/v1）与中文网页
    Serve(ServeArgs),
    /// 数据库：迁移、备份
    Db(DbArgs),
    /// 审计链：校验
    Audit(AuditArgs),
    /// 账号：开设账号（首个管理员由此创建）、签发接口令牌
    User(UserArgs),
    /// 生命周期：按日期评估全部有效众创空间，记录逾期等情形并执行撤销、到期、移出
    Tick(TickArgs),
    /// 导出众创空间名录（JSON 或带 BOM 的 CSV）
    Export(ExportArgs),
    /// 导入众创空间名录（JSON 或 CSV；逐条校验，全部或全不）
    Import(ImportArgs),
    /// 导出一件申报的申报书 PDF（按该地政策规定的申报书栏目排版）
    ExportApplication(ExportApplicationArgs),
    /// 政策（办法）：列出、查看、检查、覆盖情况、比较
    Policy {
        /// The policy command.
        #[command(subcommand)]
        command: PolicyCommand,
    },
}

/// `makerspace policy …`
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// 列出所有办法
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// 以中文显示一项办法的编码内容
    Show {
        /// Measure id, e.g. inner-mongolia-2020.
        id: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// 检查政策文件（格式、引用、原文摘录、事实、档位、条款覆盖）
    Lint {
        /// Policy files to check; all loaded policies when omitted.
        files: Vec<PathBuf>,
    },
    /// 条款覆盖：每一条如何处理（已编码 / 程序性 / 不可机器判断）
    Coverage {
        /// Measure id; all measures when omitted.
        id: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// 比较两项办法，逐条列出差异
    Diff {
        /// First measure id.
        left: String,
        /// Second measure id.
        right: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// 政策影响：按修订后的办法重新核查，列出结论将改变的众创空间（修订生效前）
    Impact {
        /// The changed policy file (its id names the measure it replaces).
        file: PathBuf,
        /// Profiles to re-judge, one JSON profile per line; when absent, the register and the
        /// open cases of the measure in the store.
        #[arg(long)]
        profiles: Option<PathBuf>,
        /// Where the store is (used when `--profiles` is absent).
        #[command(flatten)]
        store: StoreArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// 查询某地某日施行的办法
    InForce {
        /// GB/T 2260 region code of the space.
        region: String,
        /// The date (YYYY-MM-DD); today when omitted.
        #[arg(long)]
        date: Option<String>,
    },
}

/// `makerspace check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The profile (TOML or JSON, by extension; `-` for JSON on standard input).
    #[arg(required_unless_present = "batch")]
    pub profile: Option<PathBuf>,
    /// Measure id; when omitted, the measure in force for the profile's region and date.
    #[arg(long)]
    pub policy: Option<String>,
    /// Check against every measure in force on the date, side by side (with --batch: every
    /// measure in force on each profile's date, one result line per measure).
    #[arg(long, conflicts_with = "policy")]
    pub all: bool,
    /// The check date (YYYY-MM-DD), overriding the profile's `as_of`.
    #[arg(long)]
    pub as_of: Option<String>,
    /// Read one JSON profile per line from this file and write one JSON decision per profile and
    /// measure (`makerspace.decision/1`: verdict and the conditions not met, missing, warned,
    /// pending review), streaming; a progress bar on a terminal.
    #[arg(long, conflicts_with = "profile")]
    pub batch: Option<PathBuf>,
    /// With --batch: write the full report (`makerspace.eligibility/1`) per line instead of the
    /// decision.
    #[arg(long, requires = "batch")]
    pub explain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `makerspace appraise`.
#[derive(Debug, clap::Args)]
pub struct AppraiseArgs {
    /// The appraisal input (TOML or JSON, by extension).
    #[arg(required_unless_present = "batch")]
    pub input: Option<PathBuf>,
    /// Measure id.
    #[arg(long)]
    pub policy: String,
    /// Read one JSON input per line and write one JSON result per line.
    #[arg(long, conflicts_with = "input")]
    pub batch: Option<PathBuf>,
    /// With --batch: print a distribution report (grades, subsidy total, items losing most points) instead of per-line results.
    #[arg(long, requires = "batch")]
    pub report: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Where the store is: `--database-url` or the SQLite file under `--data-dir`.
#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// Database URL (`sqlite://PATH?mode=rwc` or `postgres://…`); default: the SQLite file under the data folder.
    #[arg(long, env = "MAKERSPACE_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Data folder (SQLite file and attachments).
    #[arg(long, env = "MAKERSPACE_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}

/// `makerspace db …`.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// Where the store is.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The database command.
    #[command(subcommand)]
    pub command: DbCommand,
}

/// `makerspace db …` commands.
#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// 应用尚未执行的数据库迁移
    Migrate,
    /// 在线一致性备份（SQLite：VACUUM INTO；PostgreSQL：pg_dump）
    Backup {
        /// The backup file to create (must not exist).
        dest: PathBuf,
    },
}

/// `makerspace audit …`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Where the store is.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The audit command.
    #[command(subcommand)]
    pub command: AuditCommand,
}

/// `makerspace audit …` commands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// 校验审计哈希链（SM3），报告第一处被改动或删除的记录
    Verify {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// `makerspace serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on (default 127.0.0.1:8080, or the configuration's `listen`).
    #[arg(long)]
    pub listen: Option<std::net::SocketAddr>,
    /// A TOML configuration file (then `MAKERSPACE_*` environment variables override it).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// 演示：在空数据库中建立演示数据（四地申报通知、十余个不同环节的案件、各角色账号，密码打印在控制台并写入数据目录的 demo-accounts.json）；数据库非空时拒绝
    #[arg(long)]
    pub demo: bool,
}

/// `makerspace tick`.
#[derive(Debug, clap::Args)]
pub struct TickArgs {
    /// Where the store is.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The date to evaluate (YYYY-MM-DD); today (UTC+8) when omitted.
    #[arg(long)]
    pub date: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Register file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum RegisterFormat {
    /// JSON array.
    #[default]
    Json,
    /// CSV, UTF-8 with a BOM (Excel reads the Chinese).
    Csv,
}

/// `makerspace export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Where the store is.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Format.
    #[arg(long, value_enum, default_value_t)]
    pub format: RegisterFormat,
    /// The file to write; standard output when omitted.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `makerspace export-application`.
#[derive(Debug, clap::Args)]
pub struct ExportApplicationArgs {
    /// Where the store is.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The case number.
    pub case_id: i64,
    /// The PDF file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// The folder of a Chinese font (default: `MAKERSPACE_FONT_DIR`, else Debian's CJK font folders).
    #[arg(long)]
    pub font_dir: Option<PathBuf>,
}

/// `makerspace import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Where the store is.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The register file (JSON array or CSV with the export's headers).
    pub file: PathBuf,
}

/// `makerspace user …`.
#[derive(Debug, clap::Args)]
pub struct UserArgs {
    /// Where the store is.
    #[command(flatten)]
    pub store: StoreArgs,
    /// The account command.
    #[command(subcommand)]
    pub command: UserCommand,
}

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum RoleArg {
    /// 系统管理员
    Admin,
    /// 认定机构
    Authority,
    /// 推荐单位（须给出 --region）
    RecommendingUnit,
    /// 申报单位
    Applicant,
    /// 评审专家
    Expert,
}

/// `makerspace user …` commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// 开设账号：密码从标准输入读取一行，或在终端上输入两次（不回显）；从无默认密码
    Add {
        /// Role.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The person's name.
        #[arg(long)]
        name: String,
        /// The login name.
        #[arg(long)]
        login: String,
        /// The organisation the person acts for (its id).
        #[arg(long)]
        org: Option<i64>,
        /// The area of a recommending unit (GB/T 2260 code).
        #[arg(long)]
        region: Option<String>,
    },
    /// 签发接口令牌（供其他系统以 Authorization: Bearer 调用），令牌只显示这一次
    Token {
        /// The login name of the account the token acts as.
        #[arg(long)]
        login: String,
        /// What the token is for (the calling system's name).
        #[arg(long)]
        name: String,
    },
    /// 撤销接口令牌
    RevokeToken {
        /// The token's id (shown when it was issued).
        id: i64,
        /// Why.
        #[arg(long, default_value = "管理员撤销")]
        reason: String,
    },
}
