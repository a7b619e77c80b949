//! The audit journal: every change bosun made in AWS (and every one it tried), newest first,
//! read from the local journal file by the runtime. Enter or `d` shows an entry in full.
use super::{Body, ListState, Screen, Subject, View, sync_list};
use crate::config::{Action, Context};
use crate::model::Time;
use crate::state::{Data, Load};
use crate::table::{Table, entry_ids, journal_table};

#[derive(Debug, Clone, Default)]
pub struct JournalView {
    pub list: ListState,
    /// The file the entries came from, once read (the runtime knows it; the title shows it).
    path: Option<String>,
    /// How many entries were read, when the journal holds older ones too.
    cut_at: Option<usize>,
}

const ACTIONS: &[Action] = &[Action::Open];

impl Screen for JournalView {
    fn context(&self) -> Context {
        Context::Journal
    }
    fn title(&self) -> String {
        let mut title = "journal".to_string();
        if let Some(p) = &self.path {
            title.push_str(&format!(" · {p}"));
        }
        if let Some(n) = self.cut_at {
            title.push_str(&format!(" · the newest {n} entries (older ones are in the file)"));
        }
        title
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec!["journal".into()]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![Load::Journal]
    }
    fn primary(&self) -> Option<Load> {
        Some(Load::Journal)
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::List(&self.list)
    }
    fn list_mut(&mut self) -> Option<&mut ListState> {
        Some(&mut self.list)
    }
    fn table(&self, data: &Data, now: Time) -> Option<Table> {
        data.journal.value.as_ref().map(|p| journal_table(&p.entries, now))
    }
    fn sync(&mut self, data: &Data, now: Time, page: usize) {
        if let Some(p) = &data.journal.value {
            self.path = Some(p.path.display().to_string());
            self.cut_at = p.older.then_some(p.entries.len());
        }
        sync_list(self, data, now, page);
    }
    fn empty_text(&self) -> String {
        let path = self.path.as_deref().unwrap_or("the journal file");
        format!("no changes made yet — every change bosun makes in AWS is recorded here ({path})")
    }
    fn open(&self, id: &str, data: &Data) -> Option<View> {
        self.describe(id, data)
    }
    fn describe(&self, id: &str, data: &Data) -> Option<View> {
        let entries = &data.journal.value.as_ref()?.entries;
        let (entry, _) = entries.iter().zip(entry_ids(entries)).find(|(_, e)| e == id)?;
        Some(View::describe(Subject::JournalEntry(Box::new(entry.clone()))))
    }
}
