//! A counter of changes to the register (`space`), kept by triggers in the database itself, so
//! that a server caching register reads notices writes made by another process (the `tick` or
//! `import` command run beside it) without trusting every writer to remember a bump.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Creates `change_counter` with its `space` row and the triggers that count every insert,
/// update and delete on `space`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE: &[&str] = &[
    "CREATE TABLE change_counter (name TEXT NOT NULL PRIMARY KEY, n BIGINT NOT NULL)",
    "INSERT INTO change_counter (name, n) VALUES ('space', 0)",
    "CREATE TRIGGER space_changed_insert AFTER INSERT ON space BEGIN UPDATE change_counter SET n = n + 1 WHERE name = 'space'; END",
    "CREATE TRIGGER space_changed_update AFTER UPDATE ON space BEGIN UPDATE change_counter SET n = n + 1 WHERE name = 'space'; END",
    "CREATE TRIGGER space_changed_delete AFTER DELETE ON space BEGIN UPDATE change_counter SET n = n + 1 WHERE name = 'space'; END",
];

// Statement-level: one bump per statement, however many rows (the tick updates 500 at once).
const POSTGRES: &[&str] = &[
    "CREATE TABLE change_counter (name TEXT NOT NULL PRIMARY KEY, n BIGINT NOT NULL)",
    "INSERT INTO change_counter (name, n) VALUES ('space', 0)",
    "CREATE FUNCTION space_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE change_counter SET n = n + 1 WHERE name = 'space'; RETURN NULL; END $$",
    "CREATE TRIGGER space_changed AFTER INSERT OR UPDATE OR DELETE ON space FOR EACH STATEMENT EXECUTE FUNCTION space_changed()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements = match manager.get_database_backend() {
            DbBackend::Postgres => POSTGRES,
            _ => SQLITE,
        };
        let db = manager.get_connection();
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "迁移只增不减：名录变更计数不可回退".to_owned(),
        ))
    }
}
