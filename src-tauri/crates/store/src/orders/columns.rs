//! Records stored as columns of one table, declared once: [`stored_record!`] writes the struct,
//! its column list, the binding of its fields to named parameters (`:column`, found once per
//! statement by [`Slots`]) and the reading of
//! a row from the same list of fields, so a field is added in one place (plus its migration) and
//! the INSERT, UPDATE and SELECT of it cannot disagree.

use rusqlite::types::{ToSql, ToSqlOutput};
use rusqlite::{Row, Statement};

/// A field type and how its column holds it.
pub(crate) trait ColumnValue: Sized {
    fn to_column(&self) -> rusqlite::Result<ToSqlOutput<'_>>;
    fn read(row: &Row<'_>, index: usize) -> rusqlite::Result<Self>;
}

macro_rules! plain_column_values {
    ($($ty:ty),+) => {
        $(impl ColumnValue for $ty {
            fn to_column(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.to_sql()
            }
            fn read(row: &Row<'_>, index: usize) -> rusqlite::Result<Self> {
                row.get(index)
            }
        })+
    };
}
plain_column_values!(String, Option<String>, i64, Option<i64>, bool);

/// Several values in one column, one per line: they never contain a line break worth keeping.
impl ColumnValue for Vec<String> {
    fn to_column(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.is_empty() {
            true => ToSqlOutput::from(rusqlite::types::Null),
            false => ToSqlOutput::from(self.join("\n")),
        })
    }
    fn read(row: &Row<'_>, index: usize) -> rusqlite::Result<Self> {
        let joined: Option<String> = row.get(index)?;
        Ok(joined
            .map(|j| j.split('\n').map(str::to_owned).collect())
            .unwrap_or_default())
    }
}

/// One field as a statement parameter.
pub(crate) struct Bound<'a, T>(pub &'a T);

impl<T: ColumnValue> ToSql for Bound<'_, T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_column()
    }
}

/// Fills a statement's named parameters one at a time, so a record and the values around it
/// (the order's row id, a position) can fill one statement.
pub(crate) struct NamedBinds<'s, 'conn> {
    stmt: &'s mut Statement<'conn>,
}

impl<'s, 'conn> NamedBinds<'s, 'conn> {
    pub(crate) fn new(stmt: &'s mut Statement<'conn>) -> Self {
        NamedBinds { stmt }
    }

    /// Binds `value` to the parameter `name` (with its `:`). A name the statement does not use is
    /// skipped: an UPDATE may set only some of a record's columns.
    pub(crate) fn bind(&mut self, name: &str, value: impl ToSql) -> rusqlite::Result<()> {
        match self.stmt.parameter_index(name)? {
            Some(index) => self.stmt.raw_bind_parameter(index, value),
            None => Ok(()),
        }
    }

    /// Binds `value` to the parameter at `index` (from [`Slots`]); `None` skips it.
    pub(crate) fn bind_at(
        &mut self,
        index: Option<usize>,
        value: impl ToSql,
    ) -> rusqlite::Result<()> {
        match index {
            Some(index) => self.stmt.raw_bind_parameter(index, value),
            None => Ok(()),
        }
    }

    /// Binds every column of `record` (NULL for each when `None`) where `slots` says.
    pub(crate) fn bind_record<R: StoredRecord>(
        &mut self,
        record: Option<&R>,
        slots: &Slots<R>,
    ) -> rusqlite::Result<()> {
        R::bind(record, self, &slots.indexes)
    }

    /// Runs the statement with the values bound so far; returns the rows changed.
    pub(crate) fn execute(self) -> rusqlite::Result<usize> {
        self.stmt.raw_execute()
    }
}

/// Where each field of a record `R` goes in one statement: the index of its parameter
/// (`:column`), or `None` when the statement does not use it. Looked up once per statement, not
/// once per value: by name, each value's lookup was a few percent of a backfill's writer.
pub(crate) struct Slots<R> {
    indexes: Vec<Option<usize>>,
    record: std::marker::PhantomData<fn(&R)>,
}

impl<R: StoredRecord> Slots<R> {
    pub(crate) fn of(stmt: &Statement<'_>) -> rusqlite::Result<Self> {
        let indexes = R::PARAMETERS
            .iter()
            .map(|name| stmt.parameter_index(name))
            .collect::<rusqlite::Result<_>>()?;
        Ok(Slots {
            indexes,
            record: std::marker::PhantomData,
        })
    }
}

/// A record whose fields are the columns [`Self::COLUMNS`] of one table.
pub(crate) trait StoredRecord: Sized {
    /// The column names, in field order.
    const COLUMNS: &'static [&'static str];
    /// The parameter of each column (`:column`), in field order.
    const PARAMETERS: &'static [&'static str];
    /// Binds each field to its parameter in `slots`, in field order (NULL for all when `None`).
    fn bind(
        record: Option<&Self>,
        binds: &mut NamedBinds<'_, '_>,
        slots: &[Option<usize>],
    ) -> rusqlite::Result<()>;
    /// Reads the record from `row`, whose columns from `first` on are [`Self::COLUMNS`].
    fn read(row: &Row<'_>, first: usize) -> rusqlite::Result<Self>;
}

/// Declares a record stored as columns (`field: Type => "column"`); see the module docs.
macro_rules! stored_record {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $( $(#[$field_attr:meta])* pub $field:ident : $ty:ty => $column:literal, )+
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $( $(#[$field_attr])* pub $field: $ty, )+
        }

        impl $crate::orders::columns::StoredRecord for $name {
            const COLUMNS: &'static [&'static str] = &[$($column),+];
            const PARAMETERS: &'static [&'static str] = &[$(concat!(":", $column)),+];

            fn bind(
                record: Option<&Self>,
                binds: &mut $crate::orders::columns::NamedBinds<'_, '_>,
                slots: &[Option<usize>],
            ) -> rusqlite::Result<()> {
                let mut slots = slots.iter().copied();
                $(
                    binds.bind_at(
                        slots.next().flatten(),
                        record.map(|r| $crate::orders::columns::Bound(&r.$field)),
                    )?;
                )+
                Ok(())
            }

            #[allow(unused_assignments)]
            fn read(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Self> {
                let mut index = first;
                Ok($name {
                    $($field: {
                        let value =
                            <$ty as $crate::orders::columns::ColumnValue>::read(row, index)?;
                        index += 1;
                        value
                    },)+
                })
            }
        }
    };
}
pub(crate) use stored_record;

/// `prefix.a, prefix.b, ...` (no prefix when empty).
pub(crate) fn select_list(prefix: &str, columns: &[&str]) -> String {
    let dot = if prefix.is_empty() { "" } else { "." };
    columns
        .iter()
        .map(|c| format!("{prefix}{dot}{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `:a, :b, ...`: the VALUES of an INSERT of `columns`.
pub(crate) fn params_list(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!(":{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `a = :a, b = :b, ...`: the SET of an UPDATE of `columns`.
pub(crate) fn set_list(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("{c} = :{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `a = excluded.a, ...`: the SET of an upsert's `DO UPDATE` of `columns`.
pub(crate) fn set_excluded_list(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    stored_record! {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Sample {
            pub name: String => "name",
            pub count: i64 => "count",
            pub note: Option<String> => "note",
        }
    }

    fn table() -> rusqlite::Connection {
        let conn = rusqlite::Connection::open_in_memory().expect("open");
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT, name TEXT, count INTEGER)",
        )
        .expect("table");
        conn
    }

    fn stored(conn: &rusqlite::Connection) -> Sample {
        conn.query_row(
            &format!("SELECT {} FROM t", select_list("", Sample::COLUMNS)),
            [],
            |r| Sample::read(r, 0),
        )
        .expect("row")
    }

    #[test]
    fn each_field_binds_to_its_own_column_in_any_parameter_order() {
        let conn = table();
        // Parameters in another order than the fields, and one value that is not the record's.
        let mut insert = conn
            .prepare("INSERT INTO t (id, note, count, name) VALUES (:id, :note, :count, :name)")
            .expect("insert");
        let slots = Slots::<Sample>::of(&insert).expect("slots");
        let sample = Sample {
            name: "Ada".into(),
            count: 7,
            note: Some("gift".into()),
        };
        let mut binds = NamedBinds::new(&mut insert);
        binds.bind(":id", 1).expect("id");
        binds.bind_record(Some(&sample), &slots).expect("bind");
        binds.execute().expect("insert");
        assert_eq!(stored(&conn), sample);
    }

    #[test]
    fn a_statement_without_some_columns_binds_the_others_and_skips_those() {
        let conn = table();
        conn.execute(
            "INSERT INTO t (id, name, count, note) VALUES (1, 'Ada', 7, 'gift')",
            [],
        )
        .expect("row");
        let mut update = conn
            .prepare("UPDATE t SET count = :count WHERE id = :id")
            .expect("update");
        let slots = Slots::<Sample>::of(&update).expect("slots");
        let changed = Sample {
            name: "Bob".into(),
            count: 9,
            note: None,
        };
        let mut binds = NamedBinds::new(&mut update);
        binds.bind(":id", 1).expect("id");
        binds.bind_record(Some(&changed), &slots).expect("bind");
        assert_eq!(binds.execute().expect("update"), 1);
        let expected = Sample {
            name: "Ada".into(),
            count: 9,
            note: Some("gift".into()),
        };
        assert_eq!(stored(&conn), expected);
    }
}
