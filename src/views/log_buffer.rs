//! The log view's data, without any screen: a bounded ring of display lines ordered by time
//! (late events inserted in place, duplicates dropped by event id, multi-line messages split),
//! the `/` filter (include and exclude terms, smart case, highlight ranges, the CloudWatch
//! filter pattern it can be sent as) and the index of lines the filter keeps, kept up to date
//! with each batch instead of re-scanning the ring.
use crate::model::{LogEvent, LogSource, Time};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

/// The ring's size when the setting says nothing.
pub const DEFAULT_LOG_LINES: usize = crate::config::settings::DEFAULT_LOG_LINES;

/// One display line: an event's message is split at its newlines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub at: Time,
    /// Index into [`LogBuffer::sources`].
    pub source: u32,
    pub text: Box<str>,
    /// The first display line of its event (the others continue it).
    pub first: bool,
    /// Looks like an error (ERROR, Exception, panic, `"level":"error"`, …).
    pub error: bool,
    /// Unique in its buffer, in arrival order: finds a line again after inserts moved it.
    pub seq: u64,
}

/// What one [`LogBuffer::push`] changed, for the filter index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pushed {
    /// Absolute position of the first line that is new or moved; every line from there on
    /// must be looked at again (only the new tail when everything came in order).
    pub from: u64,
    /// Display lines added (before eviction).
    pub added: usize,
    /// Events dropped as already held.
    pub duplicates: usize,
}

/// The ring. Positions are absolute: line `i` of the ring is at `base + i`, so an index of
/// kept lines stays valid as old lines are evicted at the front.
#[derive(Debug, Clone)]
pub struct LogBuffer {
    lines: VecDeque<LogLine>,
    capacity: usize,
    base: u64,
    dropped: u64,
    seen: HashSet<u64>,
    seen_order: VecDeque<u64>,
    sources: Vec<LogSource>,
    source_index: HashMap<LogSource, u32>,
    next_seq: u64,
}

static ERRORS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::new([
        "ERROR",
        "FATAL",
        "CRITICAL",
        "Exception",
        "panic",
        "PANIC",
        "Traceback",
        "level\":\"error",
        "level\": \"error",
        "level\":\"fatal",
        "level=error",
        "level=fatal",
        "\"severity\":\"error",
    ])
    .ok()
});

/// Whether a line looks like an error, for `e` / `E` and the error tone.
pub fn is_error(text: &str) -> bool {
    ERRORS.as_ref().is_some_and(|ac| ac.is_match(text))
}

/// A message line fit for a terminal cell grid: escape sequences (colour codes) and other
/// control characters removed, tabs as spaces.
pub fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => out.push_str("    "),
            '\u{1b}' => {
                // CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), or a two-character escape.
                match chars.peek() {
                    Some('[') => {
                        chars.next();
                        for c in chars.by_ref() {
                            if ('@'..='~').contains(&c) {
                                break;
                            }
                        }
                    }
                    Some(']') => {
                        chars.next();
                        while let Some(c) = chars.next() {
                            if c == '\u{7}' || (c == '\u{1b}' && chars.peek() == Some(&'\\')) {
                                if c == '\u{1b}' {
                                    chars.next();
                                }
                                break;
                            }
                        }
                    }
                    Some(_) => {
                        chars.next();
                    }
                    None => {}
                }
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn hash_id(id: &str) -> u64 {
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl LogBuffer {
    pub fn new(capacity: usize) -> Self {
        Self {
            lines: VecDeque::new(),
            capacity: capacity.max(1),
            base: 0,
            dropped: 0,
            seen: HashSet::new(),
            seen_order: VecDeque::new(),
            sources: Vec::new(),
            source_index: HashMap::new(),
            next_seq: 0,
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }
    pub fn len(&self) -> usize {
        self.lines.len()
    }
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
    /// Lines evicted to stay within the capacity, since the view opened.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
    /// Absolute position of the oldest line kept.
    pub fn base(&self) -> u64 {
        self.base
    }
    /// Absolute position after the newest line.
    pub fn end(&self) -> u64 {
        self.base + self.lines.len() as u64
    }
    /// The line at absolute position `at`, if kept.
    pub fn get(&self, at: u64) -> Option<&LogLine> {
        at.checked_sub(self.base).and_then(|i| self.lines.get(i as usize))
    }
    pub fn source(&self, index: u32) -> Option<&LogSource> {
        self.sources.get(index as usize)
    }
    pub fn sources(&self) -> &[LogSource] {
        &self.sources
    }
    /// The newest timestamp kept: where a restarted tail picks up.
    pub fn newest(&self) -> Option<Time> {
        self.lines.back().map(|l| l.at)
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogLine> + ExactSizeIterator {
        self.lines.iter()
    }

    /// Where the line `seq`, once at `was`, is now: late lines inserted before it moved it
    /// forward by at most `added`, evictions never move it.
    pub fn find(&self, seq: u64, was: u64, added: usize) -> Option<u64> {
        (was.max(self.base)..self.end().min(was + added as u64 + 1))
            .find(|at| self.get(*at).is_some_and(|l| l.seq == seq))
    }

    /// Forget every line (a time jump reads another range); the dropped count starts again.
    pub fn clear(&mut self) {
        self.base += self.lines.len() as u64;
        self.lines.clear();
        self.dropped = 0;
        self.seen.clear();
        self.seen_order.clear();
    }

    fn source_of(&mut self, source: &LogSource) -> u32 {
        if let Some(i) = self.source_index.get(source) {
            return *i;
        }
        let i = self.sources.len() as u32;
        self.sources.push(source.clone());
        self.source_index.insert(source.clone(), i);
        i
    }

    /// Take in a batch of events, in any order: each is placed by timestamp (after the lines
    /// with the same timestamp), an event already held is dropped, and the oldest lines go
    /// when the ring is full.
    pub fn push(&mut self, mut events: Vec<LogEvent>) -> Pushed {
        let mut pushed = Pushed { from: self.end(), ..Default::default() };
        // Stable: events of the same millisecond keep the order they came in.
        events.sort_by_key(|e| e.timestamp);
        for e in events {
            let id = hash_id(&e.id);
            if !self.seen.insert(id) {
                pushed.duplicates += 1;
                continue;
            }
            self.seen_order.push_back(id);
            if self.seen_order.len() > self.capacity
                && let Some(old) = self.seen_order.pop_front()
            {
                self.seen.remove(&old);
            }
            let source = self.source_of(&e.source);
            let start = match self.lines.back() {
                Some(last) if last.at > e.timestamp => self.lines.partition_point(|l| l.at <= e.timestamp),
                _ => self.lines.len(),
            };
            pushed.from = pushed.from.min(self.base + start as u64);
            let mut parts: Vec<&str> = e.message.split('\n').collect();
            // A message ending in a newline has no empty last line to show.
            if parts.len() > 1 && parts.last().is_some_and(|p| p.trim_end_matches('\r').is_empty()) {
                parts.pop();
            }
            for (i, part) in parts.into_iter().enumerate() {
                let at = start + i;
                let text = clean(part.trim_end_matches('\r'));
                let line = LogLine {
                    at: e.timestamp,
                    source,
                    error: is_error(&text),
                    text: text.into_boxed_str(),
                    first: i == 0,
                    seq: self.next_seq,
                };
                self.next_seq += 1;
                if at == self.lines.len() {
                    self.lines.push_back(line);
                } else {
                    self.lines.insert(at, line);
                }
                pushed.added += 1;
            }
        }
        let over = self.lines.len().saturating_sub(self.capacity);
        if over > 0 {
            self.lines.drain(..over);
            self.base += over as u64;
            self.dropped += over as u64;
        }
        pushed.from = pushed.from.max(self.base);
        pushed
    }
}

/// One term of a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub exclude: bool,
}

/// The `/` filter: every include term must appear in a line, no exclude term may. Terms are
/// words, `"quoted phrases"`, and `-term` excludes. Lower case matches any case; a capital
/// anywhere makes the whole filter case-sensitive (smart case, as in less and vim).
#[derive(Debug, Clone)]
pub struct LogFilter {
    pub input: String,
    pub terms: Vec<Term>,
    pub case_sensitive: bool,
    include: Vec<AhoCorasick>,
    exclude: Option<AhoCorasick>,
    /// Every include term, for highlighting.
    any: Option<AhoCorasick>,
}

impl Default for LogFilter {
    fn default() -> Self {
        LogFilter::parse("")
    }
}

/// Words and quoted phrases; a `-` in front marks an exclusion. `\"` inside quotes is a quote.
pub fn parse_terms(input: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        let mut exclude = false;
        if c == '-' {
            chars.next();
            match chars.peek() {
                Some(n) if !n.is_whitespace() => exclude = true,
                // A lone `-` is a term of its own.
                _ => {
                    terms.push(Term { text: "-".into(), exclude: false });
                    continue;
                }
            }
        }
        let mut text = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if chars.peek() == Some(&'"') => {
                        chars.next();
                        text.push('"');
                    }
                    '"' => break,
                    c => text.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                text.push(c);
                chars.next();
            }
        }
        if !text.is_empty() {
            terms.push(Term { text, exclude });
        }
    }
    terms
}

fn automaton<'a>(patterns: impl IntoIterator<Item = &'a str>, case_sensitive: bool) -> Option<AhoCorasick> {
    let patterns: Vec<&str> = patterns.into_iter().collect();
    if patterns.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(!case_sensitive)
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .ok()
}

impl LogFilter {
    pub fn parse(input: &str) -> Self {
        let terms = parse_terms(input);
        let case_sensitive = terms.iter().any(|t| t.text.chars().any(char::is_uppercase));
        let include = terms.iter().filter(|t| !t.exclude).filter_map(|t| automaton([t.text.as_str()], case_sensitive));
        let include = include.collect();
        let exclude = automaton(terms.iter().filter(|t| t.exclude).map(|t| t.text.as_str()), case_sensitive);
        let any = automaton(terms.iter().filter(|t| !t.exclude).map(|t| t.text.as_str()), case_sensitive);
        LogFilter { input: input.to_string(), terms, case_sensitive, include, exclude, any }
    }

    /// No terms: every line is kept.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn keeps(&self, line: &str) -> bool {
        self.include.iter().all(|ac| ac.is_match(line)) && !self.exclude.as_ref().is_some_and(|ac| ac.is_match(line))
    }

    /// Byte ranges of the include terms in `line`, in order, not overlapping.
    pub fn highlights(&self, line: &str) -> Vec<(usize, usize)> {
        match &self.any {
            Some(ac) => ac.find_iter(line).map(|m| (m.start(), m.end())).collect(),
            None => vec![],
        }
    }

    /// Whether `line` holds an include term (what `n` / `N` jump to).
    pub fn marks(&self, line: &str) -> bool {
        self.any.as_ref().is_some_and(|ac| ac.is_match(line))
    }

    /// The filter as a CloudWatch Logs filter pattern, when it means the same there: terms are
    /// case-sensitive in CloudWatch, so a lower-case filter (which matches any case here) is
    /// only applied here. `Err` says why it stays local.
    pub fn cloudwatch_pattern(&self) -> Result<Option<String>, String> {
        if self.terms.is_empty() {
            return Ok(None);
        }
        let has_letters = self.terms.iter().any(|t| t.text.chars().any(char::is_alphabetic));
        if has_letters && !self.case_sensitive {
            return Err("applied here only: lower case matches any case (a capital makes it exact and \
                        sends it to CloudWatch too)"
                .into());
        }
        if self.terms.iter().any(|t| t.text.contains('"')) {
            return Err("applied here only: CloudWatch filter terms cannot hold a double quote".into());
        }
        let words: Vec<String> = self
            .terms
            .iter()
            .map(|t| {
                let plain = t.text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                let term = if plain { t.text.clone() } else { format!("\"{}\"", t.text) };
                if t.exclude { format!("-{term}") } else { term }
            })
            .collect();
        Ok(Some(words.join(" ")))
    }
}

/// The positions of the lines a filter keeps, maintained batch by batch.
#[derive(Debug, Clone, Default)]
pub struct LogIndex {
    /// Absolute positions, ascending. `None`: no filter, every line is kept.
    kept: Option<VecDeque<u64>>,
}

impl LogIndex {
    /// Re-scan the whole ring (the filter changed).
    pub fn rebuild(&mut self, buffer: &LogBuffer, filter: &LogFilter) {
        if filter.is_empty() {
            self.kept = None;
            return;
        }
        let base = buffer.base();
        let kept =
            buffer.iter().enumerate().filter(|(_, l)| filter.keeps(&l.text)).map(|(i, _)| base + i as u64).collect();
        self.kept = Some(kept);
    }

    /// Bring the index up to date after `pushed`: positions evicted go, positions from
    /// `pushed.from` on are looked at again — only the new lines when they came in order.
    pub fn update(&mut self, buffer: &LogBuffer, filter: &LogFilter, pushed: &Pushed) {
        let Some(kept) = &mut self.kept else { return };
        let base = buffer.base();
        while kept.front().is_some_and(|p| *p < base) {
            kept.pop_front();
        }
        while kept.back().is_some_and(|p| *p >= pushed.from) {
            kept.pop_back();
        }
        for at in pushed.from..buffer.end() {
            if buffer.get(at).is_some_and(|l| filter.keeps(&l.text)) {
                kept.push_back(at);
            }
        }
    }

    /// How many lines are shown.
    pub fn len(&self, buffer: &LogBuffer) -> usize {
        match &self.kept {
            Some(k) => k.len(),
            None => buffer.len(),
        }
    }

    pub fn is_empty(&self, buffer: &LogBuffer) -> bool {
        self.len(buffer) == 0
    }

    /// The absolute position of the `row`th shown line.
    pub fn at(&self, buffer: &LogBuffer, row: usize) -> Option<u64> {
        match &self.kept {
            Some(k) => k.get(row).copied(),
            None => (row < buffer.len()).then(|| buffer.base() + row as u64),
        }
    }

    /// The shown row of absolute position `at`, or the first one after it.
    pub fn row_of(&self, buffer: &LogBuffer, at: u64) -> usize {
        match &self.kept {
            Some(k) => k.partition_point(|p| *p < at),
            None => at.saturating_sub(buffer.base()).min(buffer.len() as u64) as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> Time {
        chrono::Utc.timestamp_opt(1_800_000_000 + s, 0).single().expect("a time")
    }

    fn event(id: &str, s: i64, message: &str) -> LogEvent {
        LogEvent {
            id: id.into(),
            timestamp: at(s),
            ingested: None,
            source: LogSource {
                group: "/g".into(),
                stream: "ecs/app/t1".into(),
                task_id: Some("t1".into()),
                container: Some("app".into()),
            },
            message: message.into(),
        }
    }

    fn texts(b: &LogBuffer) -> Vec<String> {
        b.iter().map(|l| l.text.to_string()).collect()
    }

    #[test]
    fn the_ring_keeps_its_bound_and_counts_what_it_dropped() {
        let mut b = LogBuffer::new(3);
        b.push((0..5).map(|i| event(&i.to_string(), i, &format!("line {i}"))).collect());
        assert_eq!(texts(&b), ["line 2", "line 3", "line 4"]);
        assert_eq!((b.len(), b.dropped(), b.base(), b.end()), (3, 2, 2, 5));
        b.push(vec![event("5", 5, "a\nb")]);
        assert_eq!(texts(&b), ["line 4", "a", "b"]);
        assert_eq!(b.dropped(), 4, "counted in lines");
    }

    #[test]
    fn late_events_are_placed_by_time_not_appended() {
        let mut b = LogBuffer::new(10);
        b.push(vec![event("a", 1, "one"), event("c", 5, "five")]);
        let p = b.push(vec![event("b", 3, "three"), event("d", 9, "nine")]);
        assert_eq!(texts(&b), ["one", "three", "five", "nine"]);
        assert_eq!(p.from, 1, "everything from the late line on moved");
        // Same timestamp: after the lines already there, in arrival order.
        b.push(vec![event("e", 5, "five again")]);
        assert_eq!(texts(&b), ["one", "three", "five", "five again", "nine"]);
    }

    #[test]
    fn events_already_held_are_dropped_by_id() {
        let mut b = LogBuffer::new(10);
        b.push(vec![event("a", 1, "one"), event("b", 2, "two")]);
        let p = b.push(vec![event("b", 2, "two"), event("a", 1, "one"), event("c", 3, "three")]);
        assert_eq!(texts(&b), ["one", "two", "three"]);
        assert_eq!((p.duplicates, p.added), (2, 1));
    }

    #[test]
    fn multi_line_messages_become_display_lines_cleaned_for_the_screen() {
        let mut b = LogBuffer::new(10);
        b.push(vec![
            event("a", 1, "Exception in thread main\r\n\tat Foo.bar\n"),
            event("b", 2, "\u{1b}[31mred\u{1b}[0m"),
        ]);
        assert_eq!(texts(&b), ["Exception in thread main", "    at Foo.bar", "red"]);
        let lines: Vec<_> = b.iter().map(|l| (l.first, l.error)).collect();
        assert_eq!(lines, [(true, true), (false, false), (true, false)]);
    }

    #[test]
    fn errors_are_recognised_in_their_usual_forms() {
        for yes in
            ["ERROR db down", "java.lang.NullPointerException", "thread 'main' panicked", "{\"level\":\"error\"}"]
        {
            assert!(is_error(yes), "{yes}");
        }
        for no in ["GET /errors 200", "all good", "{\"level\":\"info\"}"] {
            assert!(!is_error(no), "{no}");
        }
    }

    #[test]
    fn the_filter_includes_excludes_and_highlights() {
        let f = LogFilter::parse("timeout -health \"db pool\"");
        assert_eq!(f.terms.len(), 3);
        assert!(f.keeps("Timeout waiting for DB POOL"), "lower case matches any case");
        assert!(!f.keeps("timeout in db pool from health check"), "an exclude term hides the line");
        assert!(!f.keeps("timeout only"), "every include term must be there");
        assert_eq!(f.highlights("a timeout: db pool"), vec![(2, 9), (11, 18)]);
        let exact = LogFilter::parse("ERROR");
        assert!(exact.case_sensitive && exact.keeps("ERROR x") && !exact.keeps("error x"), "a capital is exact");
        let excl = LogFilter::parse("-GET");
        assert!(excl.keeps("POST /") && !excl.keeps("GET /"), "exclusions alone work");
        assert!(LogFilter::parse("").keeps("anything"));
        assert_eq!(
            parse_terms(r#"-"a \"b\"" - x"#),
            vec![
                Term { text: "a \"b\"".into(), exclude: true },
                Term { text: "-".into(), exclude: false },
                Term { text: "x".into(), exclude: false },
            ]
        );
    }

    #[test]
    fn a_filter_becomes_a_cloudwatch_pattern_only_when_it_means_the_same() {
        let p = |s: &str| LogFilter::parse(s).cloudwatch_pattern();
        assert_eq!(p(""), Ok(None));
        assert_eq!(p("ERROR -HealthCheck"), Ok(Some("ERROR -HealthCheck".into())));
        assert_eq!(p("Timeout \"GET /api\" -/health"), Ok(Some("Timeout \"GET /api\" -\"/health\"".into())));
        assert_eq!(p("500 -200"), Ok(Some("500 -200".into())), "no letters: case does not matter");
        assert_eq!(p("{\"level\"}").map(|_| ()), Err(p("{\"level\"}").unwrap_err()));
        assert!(p("timeout").unwrap_err().contains("lower case"));
        assert_eq!(p("?Error"), Ok(Some("\"?Error\"".into())), "quoted: not CloudWatch's OR");
        assert_eq!(p("[Error]"), Ok(Some("\"[Error]\"".into())), "quoted: not a space-delimited pattern");
    }

    #[test]
    fn the_index_follows_appends_late_inserts_and_evictions_without_a_rescan() {
        let mut b = LogBuffer::new(5);
        let f = LogFilter::parse("keep");
        let mut ix = LogIndex::default();
        ix.rebuild(&b, &f);
        let mut check = |b: &mut LogBuffer, events: Vec<LogEvent>| {
            let p = b.push(events);
            ix.update(b, &f, &p);
            let mut full = LogIndex::default();
            full.rebuild(b, &f);
            let got: Vec<_> = (0..ix.len(b)).filter_map(|r| ix.at(b, r)).collect();
            let want: Vec<_> = (0..full.len(b)).filter_map(|r| full.at(b, r)).collect();
            assert_eq!(got, want, "incremental = full rescan");
            got.iter().map(|p| b.get(*p).map(|l| l.text.to_string()).unwrap_or_default()).collect::<Vec<_>>()
        };
        assert_eq!(check(&mut b, vec![event("1", 1, "keep 1"), event("2", 2, "drop 2")]), ["keep 1"]);
        assert_eq!(check(&mut b, vec![event("3", 4, "keep 4")]), ["keep 1", "keep 4"]);
        assert_eq!(check(&mut b, vec![event("4", 3, "keep 3")]), ["keep 1", "keep 3", "keep 4"], "late");
        assert_eq!(
            check(&mut b, vec![event("5", 5, "keep 5"), event("6", 6, "keep 6")]),
            ["keep 3", "keep 4", "keep 5", "keep 6"]
        );
        assert_eq!(b.dropped(), 1);
        assert_eq!(ix.row_of(&b, b.base() + 3), 2);
    }
}
