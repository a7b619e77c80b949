//! Small helpers shared by the config parsers: one-line TOML syntax errors and reading optional files.

use std::io::ErrorKind;
use std::path::Path;

/// Parses a TOML document, or returns a one-line description (`line L, column C: message`)
/// suitable for a warning in the UI (toml's own Display spans several lines).
pub(crate) fn parse_table(text: &str) -> Result<toml::Table, String> {
    text.parse::<toml::Table>().map_err(|err| {
        let message = err.message().trim().replace('\n', " ");
        match err.span() {
            Some(span) => {
                let before = text.get(..span.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("syntax error at line {line}, column {column}: {message}")
            }
            None => format!("syntax error: {message}"),
        }
    })
}

/// Reads a file that may legitimately be absent: Ok(None) when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(None),
        Err(err) => Err(format!("cannot read {}: {err}", path.display())),
    }
}

/// A TOML value's type for messages such as "expected a string, found an integer".
pub(crate) fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a float",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = parse_table("a = 1\nb = = 2\n").unwrap_err();
        assert!(err.starts_with("syntax error at line 2, column "), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn missing_file_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_optional(&dir.path().join("absent.toml")).unwrap(), None);
        std::fs::write(dir.path().join("present.toml"), "x = 1").unwrap();
        assert_eq!(read_optional(&dir.path().join("present.toml")).unwrap().as_deref(), Some("x = 1"));
        // A directory where a file is expected is a real problem and is reported.
        assert!(read_optional(dir.path()).is_err());
    }
}
