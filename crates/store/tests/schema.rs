//! Every SQL statement the store runs matches the schema of both backends.
//!
//! The statements are string literals in `src/shared/*.rs` (the queries both
//! backends compile), so a typo in a table or column name would otherwise show
//! only when that query first runs. This test finds every literal that starts
//! a statement (SELECT, INSERT, UPDATE, DELETE, WITH) and prepares it against
//! a freshly migrated SQLite database and, when OUTTURN_TEST_DATABASE_URL is
//! set, PostgreSQL schema: preparing resolves every table and column and, on
//! PostgreSQL, the type of every parameter. A failure names the file, the line
//! and the statement.

#[macro_use]
mod support;

use std::ops::Range;
use std::path::Path;

use sqlx::{AssertSqlSafe, Executor, SqlSafeStr};
use support::*;

/// The words a statement starts with; any other literal is a fragment or not SQL.
const STATEMENT_STARTS: [&str; 5] = ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"];

/// A statement found in the source: where it is and the SQL to prepare.
#[derive(Debug)]
struct Statement {
    place: String,
    sql: String,
}

/// A string literal of a Rust source: where it stands (bytes, quotes
/// included), the line it starts on and its text with escapes undone.
#[derive(Debug, PartialEq)]
struct Literal {
    span: Range<usize>,
    line: usize,
    text: String,
}

/// Every string literal of a Rust source, in order.
fn string_literals(source: &str) -> Vec<Literal> {
    let chars: Vec<(usize, char)> = source.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut found = Vec::new();
    let (mut i, mut line) = (0, 1);
    while let Some(c) = at(i) {
        match c {
            '\n' => line += 1,
            '/' if at(i + 1) == Some('/') => {
                while at(i + 1).is_some_and(|c| c != '\n') {
                    i += 1;
                }
            }
            // A character literal ('x', '\'', '"'); a lifetime ('a) has no closing quote.
            '\'' if at(i + 1) == Some('\\') => i += 3,
            '\'' if at(i + 2) == Some('\'') => i += 2,
            '"' => {
                let (start, first_line) = (chars[i].0, line);
                let mut text = String::new();
                i += 1;
                while let Some(c) = at(i).filter(|&c| c != '"') {
                    match c {
                        '\\' => {
                            i += 1;
                            match at(i) {
                                Some('n') => text.push('\n'),
                                Some('t') => text.push('\t'),
                                Some('\n') => {
                                    // A line continuation: the next line's leading white space goes too.
                                    line += 1;
                                    while at(i + 1).is_some_and(char::is_whitespace) {
                                        line += usize::from(at(i + 1) == Some('\n'));
                                        i += 1;
                                    }
                                }
                                Some(escaped) => text.push(escaped),
                                None => break,
                            }
                        }
                        '\n' => {
                            line += 1;
                            text.push(c);
                        }
                        _ => text.push(c),
                    }
                    i += 1;
                }
                let end = chars.get(i).map_or(source.len(), |&(byte, _)| byte + 1);
                found.push(Literal { span: start..end, line: first_line, text });
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// The SQL to prepare for a literal that starts a statement, or None for any other literal.
/// Templates are completed as the store completes them: `{}` (a condition
/// built in code) becomes TRUE, and an INSERT whose rows a query builder adds
/// gets one row of parameters.
fn statement(literal: &str) -> Option<String> {
    let text = literal.trim();
    let first_word = text.split_whitespace().next()?;
    if !STATEMENT_STARTS.contains(&first_word) {
        return None;
    }
    let mut sql = text.replace("{}", "TRUE");
    if first_word == "INSERT" && !sql.contains("VALUES") && !sql.contains("SELECT") {
        let columns = sql.split_once('(').and_then(|(_, rest)| rest.split_once(')')).map(|(list, _)| list);
        let count = columns.map_or(0, |list| list.split(',').count());
        let parameters: Vec<String> = (1..=count).map(|n| format!("${n}")).collect();
        sql = format!("{sql} VALUES ({})", parameters.join(", "));
    }
    Some(sql)
}

/// The statements of one source file. A `macro_rules!` whose first literal
/// starts a statement (`select_users!`: the columns, then `concat!` of what
/// the call gives) is expanded at each call: the statement is that literal
/// followed by the call's literals.
fn statements_of(name: &str, source: &str) -> Vec<Statement> {
    let literals = string_literals(source);
    let mut in_macros = vec![false; literals.len()];
    let mut statements = Vec::new();
    for (definition, _) in source.match_indices("macro_rules! ") {
        let rest = &source[definition + "macro_rules! ".len()..];
        let macro_name: String = rest.chars().take_while(|&c| c.is_alphanumeric() || c == '_').collect();
        let Some(head) = literals.iter().position(|l| l.span.start > definition) else { continue };
        if statement(&literals[head].text).is_none() {
            continue;
        }
        in_macros[head] = true;
        for (call, _) in source.match_indices(&format!("{macro_name}!(")) {
            let arguments = call + macro_name.len() + 2;
            let close = closing_parenthesis(source, arguments, &literals);
            let mut sql = literals[head].text.clone();
            let line = source[..call].matches('\n').count() + 1;
            for (i, literal) in literals.iter().enumerate().filter(|(_, l)| (arguments..close).contains(&l.span.start))
            {
                in_macros[i] = true;
                sql.push_str(&literal.text);
            }
            statements.extend(statement(&sql).map(|sql| Statement { place: format!("src/shared/{name}:{line}"), sql }));
        }
    }
    for (literal, _) in literals.iter().zip(&in_macros).filter(|(_, in_macro)| !**in_macro) {
        let place = format!("src/shared/{name}:{}", literal.line);
        statements.extend(statement(&literal.text).map(|sql| Statement { place, sql }));
    }
    statements
}

/// Where the parenthesis closes that is open at byte `from` (string literals skipped).
fn closing_parenthesis(source: &str, from: usize, literals: &[Literal]) -> usize {
    let (mut depth, mut i) = (1, from);
    while i < source.len() {
        if let Some(literal) = literals.iter().find(|l| l.span.start == i) {
            i = literal.span.end;
            continue;
        }
        match source.as_bytes()[i] {
            b'(' => depth += 1,
            b')' if depth == 1 => return i,
            b')' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    source.len()
}

/// Every statement in `src/shared/*.rs`, file by file.
fn shared_statements() -> Vec<Statement> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/shared");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut statements = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let name = path.file_name().expect("a file name").to_string_lossy();
        statements.extend(statements_of(&name, &source));
    }
    statements
}

/// Prepares every statement on one connection; the failures, each naming its place.
async fn unprepared<E>(connection: &mut E, statements: &[Statement]) -> Vec<String>
where
    for<'e> &'e mut E: Executor<'e>,
{
    let mut failures = Vec::new();
    for statement in statements {
        let sql = AssertSqlSafe(statement.sql.clone()).into_sql_str();
        if let Err(e) = (&mut *connection).prepare(sql).await {
            let one_line = statement.sql.split_whitespace().collect::<Vec<_>>().join(" ");
            failures.push(format!("{}: {e}\n    {one_line}", statement.place));
        }
    }
    failures
}

async fn on_sqlite(statements: &[Statement]) -> Vec<String> {
    let TestDb::Sqlite(store) = TestDb::sqlite().await else { unreachable!("a SQLite test database") };
    let mut conn = store.pool().acquire().await.expect("a SQLite connection");
    unprepared(&mut *conn, statements).await
}

/// The failures on PostgreSQL, or None when OUTTURN_TEST_DATABASE_URL is not set.
async fn on_postgres(test: &str, statements: &[Statement]) -> Option<Vec<String>> {
    let db = TestDb::postgres(test).await?;
    let TestDb::Postgres(store) = &db else { unreachable!("a PostgreSQL test database") };
    let mut conn = store.pool().acquire().await.expect("a PostgreSQL connection");
    let failures = unprepared(&mut *conn, statements).await;
    drop(conn);
    db.finish().await;
    Some(failures)
}

#[test]
fn every_query_file_has_its_statements_found() {
    let statements = shared_statements();
    for file in
        ["accounts", "committees", "publications", "read", "reminders", "report_drafts", "rounds", "tokens", "write"]
    {
        let place = format!("src/shared/{file}.rs:");
        assert!(statements.iter().any(|s| s.place.starts_with(&place)), "no statement found in {place}");
    }
    let revision = statements.iter().find(|s| s.sql == "SELECT revision FROM councils WHERE slug = $1");
    assert!(revision.is_some_and(|s| s.place.starts_with("src/shared/read.rs:")), "the revision query of read.rs");
    let templated = statements.iter().filter(|s| s.sql.contains("AND TRUE ORDER BY")).count();
    assert_eq!(templated, 2, "the history's targets and results, their condition filled in");
    let users = statements.iter().filter(|s| s.sql.starts_with("SELECT u.id, u.username")).count();
    assert_eq!(users, 4, "each call of select_users! in accounts.rs, and not the macro's column list alone");
    // A history read's results, and what a batch source reads of one measure before the change.
    let results = statements.iter().filter(|s| s.sql.starts_with("SELECT TRUE FROM results r")).count();
    assert_eq!(results, 2);
    let batched = statements.iter().find(|s| s.sql.starts_with("INSERT INTO results"));
    assert!(
        batched.is_some_and(|s| s.sql.ends_with("VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"))
    );
}

#[test]
fn literals_are_read_whole_with_their_lines() {
    let source =
        "let c = '\"'; // \"not a string\"\nfn f<'a>(x: &'a str) {}\nlet s = \"one \\\"two\\\" \\\n     three\";\n";
    let literals = string_literals(source);
    assert_eq!(literals.len(), 1, "{literals:?}");
    assert_eq!((literals[0].line, literals[0].text.as_str()), (3, "one \"two\" three"));
    assert_eq!(&source[literals[0].span.clone()], "\"one \\\"two\\\" \\\n     three\"");
}

#[tokio::test]
async fn every_statement_prepares_on_sqlite() {
    let failures = on_sqlite(&shared_statements()).await;
    assert!(failures.is_empty(), "statements that do not match the SQLite schema:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn every_statement_prepares_on_postgres() {
    let Some(failures) = on_postgres("schema_statements", &shared_statements()).await else {
        eprintln!("{DATABASE_URL_VAR} is not set: not run on PostgreSQL");
        return;
    };
    assert!(failures.is_empty(), "statements that do not match the PostgreSQL schema:\n{}", failures.join("\n"));
}

/// Preparing does check the schema: a column that is not there fails on each backend.
#[tokio::test]
async fn a_statement_that_does_not_match_the_schema_fails() {
    let wrong = [Statement { place: "here".into(), sql: "SELECT no_such_column FROM councils".into() }];
    assert_eq!(on_sqlite(&wrong).await.len(), 1, "SQLite");
    if let Some(failures) = on_postgres("schema_wrong", &wrong).await {
        assert_eq!(failures.len(), 1, "PostgreSQL");
    }
}
