//! Merging two commits' trees item by item against the version both
//! started from: an item changed on one machine only takes that machine's
//! file; changed on both, it is merged ([`three_way`]); a record edited on
//! one machine and deleted on the other is kept with a conflict that says
//! so, and so is a record that something kept still points to.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::engine::SyncError;
use super::git::{BlobId, Repo};
use super::item::{Content, Item, unfiled};
use super::record_file::RecordPath;
use super::three_way;
use crate::domain::Id;
use crate::domain::history::RecordKind;
use crate::store::{DELETED, SyncConflict};

/// Where one item's file is in a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file's path.
    pub path: String,
    /// Its bytes' id.
    pub blob: BlobId,
    /// The account whose folder holds it.
    pub account: Option<Id>,
}

/// A tree's files by the item each holds.
pub type Index = HashMap<Item, Entry>;

/// Indexes a commit's files (as [`Repo::tree`] lists them) by item.
pub fn index(tree: BTreeMap<String, BlobId>) -> Index {
    tree.into_iter()
        .map(|(path, blob)| {
            let item = Item::of_path(&path);
            let account = account_of_path(&path);
            (
                item,
                Entry {
                    path,
                    blob,
                    account,
                },
            )
        })
        .collect()
}

/// The account folder a path is in.
fn account_of_path(path: &str) -> Option<Id> {
    if let Some(record) = RecordPath::parse(path) {
        return Some(record.account);
    }
    let mut parts = path.split('/');
    (parts.next()? == super::record_file::ACCOUNTS)
        .then(|| parts.next()?.parse().ok())
        .flatten()
}

/// What a merge makes of the items that differ between the two sides.
#[derive(Debug, Default)]
pub struct Merged {
    /// Each item whose merged state differs from the local one: its new
    /// content and the account whose folder holds it, or none when it is
    /// gone.
    pub changed: BTreeMap<Item, Option<(Content, Id)>>,
    /// Conflicts this merge found.
    pub found: usize,
}

/// The three versions of an item.
struct Versions<'a> {
    base: Option<&'a Entry>,
    local: Option<&'a Entry>,
    remote: Option<&'a Entry>,
}

/// Merges `local` and `remote`, two descendants of `base` (empty when
/// their histories never met), reading the files it needs from `repo`.
pub fn merge(
    repo: &Repo,
    base: &Index,
    local: &Index,
    remote: &Index,
) -> Result<Merged, SyncError> {
    let blob = |e: Option<&Entry>| e.map(|e| e.blob.clone());
    let mut items: Vec<&Item> = local
        .keys()
        .chain(remote.keys())
        .filter(|item| blob(local.get(item)) != blob(remote.get(item)))
        .collect();
    items.sort();
    items.dedup();
    let versions: Vec<(&Item, Versions)> = items
        .into_iter()
        .map(|item| {
            let v = Versions {
                base: base.get(item),
                local: local.get(item),
                remote: remote.get(item),
            };
            (item, v)
        })
        .filter(|(_, v)| blob(v.remote) != blob(v.base))
        .collect();

    // Records changed here since the base: what they point to must stay.
    let changed_here: Vec<(&Item, &Entry)> = local
        .iter()
        .filter(|(item, e)| {
            matches!(item, Item::Record(..)) && base.get(*item).map(|b| &b.blob) != Some(&e.blob)
        })
        .collect();
    let deleted_here = base.keys().any(|item| !local.contains_key(item));
    let mut wanted: Vec<&Entry> = changed_here.iter().map(|(_, e)| *e).collect();
    for (_, v) in &versions {
        wanted.extend(v.remote);
        if blob(v.local) != blob(v.base) {
            wanted.extend(v.base);
            wanted.extend(v.local);
        }
    }
    let files = Files::read(repo, &wanted)?;
    let mut out = Merging {
        merged: Merged::default(),
        local,
        remote,
        base,
        files,
        repo,
        found: BTreeMap::new(),
    };
    for (item, v) in &versions {
        out.one(item, v)?;
    }
    // With nothing changed here, the remote's tree is whole as it is.
    if !changed_here.is_empty() || deleted_here {
        let changed_here = changed_here.iter().map(|(item, _)| (*item).clone());
        out.keep_what_is_pointed_to(changed_here)?;
    }
    out.record_conflicts()?;
    out.forget_conflicts_of_deleted();
    Ok(out.merged)
}

/// Files read from the repository, by blob.
struct Files(HashMap<BlobId, Vec<u8>>);

impl Files {
    fn read(repo: &Repo, entries: &[&Entry]) -> Result<Self, SyncError> {
        let mut ids: Vec<BlobId> = entries.iter().map(|e| e.blob.clone()).collect();
        ids.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        ids.dedup();
        let bytes = repo.blobs(&ids)?;
        Ok(Self(ids.into_iter().zip(bytes).collect()))
    }

    /// The content of `item` in `entry`.
    fn content(&self, item: &Item, entry: &Entry) -> Result<Content, SyncError> {
        let bytes = self
            .0
            .get(&entry.blob)
            .ok_or_else(|| SyncError::Unreadable {
                path: entry.path.clone(),
                problem: "its file was not read".to_owned(),
            })?;
        Content::read(item, bytes).map_err(|problem| SyncError::Unreadable {
            path: entry.path.clone(),
            problem,
        })
    }
}

/// A merge under way.
struct Merging<'a> {
    merged: Merged,
    base: &'a Index,
    local: &'a Index,
    remote: &'a Index,
    files: Files,
    repo: &'a Repo,
    /// Conflicts found, by record.
    found: BTreeMap<Id, Vec<SyncConflict>>,
}

impl Merging<'_> {
    /// Merges one item that the remote changed.
    fn one(&mut self, item: &Item, v: &Versions) -> Result<(), SyncError> {
        let read = |e: Option<&Entry>| -> Result<Option<Content>, SyncError> {
            e.map(|e| self.files.content(item, e)).transpose()
        };
        let local_changed = v.local.map(|e| &e.blob) != v.base.map(|e| &e.blob);
        let remote = read(v.remote)?;
        if !local_changed {
            let account = v.remote.and_then(|e| e.account);
            self.set(item, remote, account);
            return Ok(());
        }
        let (base, local) = (read(v.base)?, read(v.local)?);
        match (item, base, local, remote) {
            (Item::Record(kind, id), base, local, remote) => {
                self.record(*kind, *id, v, base, local, remote)?;
            }
            (Item::History(_), _, local, remote) => {
                let entries = |c: Option<Content>| match c {
                    Some(Content::History(entries)) => entries,
                    _ => Vec::new(),
                };
                let merged = three_way::history(&entries(local), &entries(remote));
                let account = v.local.or(v.remote).and_then(|e| e.account);
                self.set(item, Some(Content::History(merged)), account);
            }
            (Item::Conflicts(_), base, local, remote) => {
                let list = |c: Option<Content>| match c {
                    Some(Content::Conflicts(list)) => list,
                    _ => Vec::new(),
                };
                let merged = three_way::conflicts(&list(base), &list(local), &list(remote));
                let account = v.local.or(v.remote).and_then(|e| e.account);
                let content = (!merged.is_empty()).then_some(Content::Conflicts(merged));
                self.set(item, content, account);
            }
            (Item::Other(_), ..) => {}
        }
        Ok(())
    }

    /// Merges a record changed on both machines.
    fn record(
        &mut self,
        kind: RecordKind,
        id: Id,
        v: &Versions,
        base: Option<Content>,
        local: Option<Content>,
        remote: Option<Content>,
    ) -> Result<(), SyncError> {
        let fields = |c: Option<Content>| match c {
            Some(Content::Record(fields)) => Some(fields),
            _ => None,
        };
        let item = Item::Record(kind, id);
        let (base, local, remote) = (fields(base), fields(local), fields(remote));
        match (local, remote) {
            (None, None) => {}
            (Some(local), None) => {
                let account = account_of(&item, &Content::Record(local.clone()), v.local);
                self.kept_though_deleted(kind, id, account, "deleted on another machine");
            }
            (None, Some(remote)) => {
                let content = Content::Record(remote);
                let account = account_of(&item, &content, v.remote);
                self.kept_though_deleted(kind, id, account, "deleted on another machine");
                self.set(&item, Some(content), Some(account));
            }
            (Some(local), Some(remote)) => {
                let merged =
                    three_way::record(kind, base.as_ref(), &local, &remote).map_err(|problem| {
                        SyncError::Unreadable {
                            path: v.remote.map(|e| e.path.clone()).unwrap_or_default(),
                            problem,
                        }
                    })?;
                let content = Content::Record(merged.fields.clone());
                let account = account_of(&item, &content, v.local);
                for c in merged.conflicts {
                    self.found.entry(id).or_default().push(SyncConflict {
                        kind,
                        record: id,
                        account,
                        field: c.field,
                        kept: c.mine,
                        other: c.theirs,
                        other_record: Value::Object(remote.clone()),
                    });
                }
                if merged.fields != local {
                    self.set(&item, Some(content), Some(account));
                }
            }
        }
        Ok(())
    }

    /// Notes that a record deleted on one machine was kept because the
    /// other changed it.
    fn kept_though_deleted(&mut self, kind: RecordKind, id: Id, account: Id, other: &str) {
        self.found.entry(id).or_default().push(SyncConflict {
            kind,
            record: id,
            account,
            field: DELETED.to_owned(),
            kept: "kept: changed on one machine".to_owned(),
            other: other.to_owned(),
            other_record: Value::Null,
        });
    }

    /// Sets the merged state of `item`.
    fn set(&mut self, item: &Item, content: Option<Content>, account: Option<Id>) {
        let value = match content {
            Some(content) => {
                let account = content.account(item).or(account).unwrap_or_else(unfiled);
                Some((content, account))
            }
            None => None,
        };
        self.merged.changed.insert(item.clone(), value);
    }

    /// Whether `item` is in the merged tree.
    fn in_merge(&self, item: &Item) -> bool {
        match self.merged.changed.get(item) {
            Some(state) => state.is_some(),
            None => self.local.contains_key(item),
        }
    }

    /// Brings back every record that a record in the merge points to but
    /// that the merge deleted, with a conflict saying so, until nothing
    /// points to a missing record; `changed_here` are the records changed
    /// on this machine since the base (their files already read).
    fn keep_what_is_pointed_to(
        &mut self,
        changed_here: impl Iterator<Item = Item>,
    ) -> Result<(), SyncError> {
        let mut todo: Vec<Item> = self.merged.changed.keys().cloned().collect();
        // Records changed here point to what this machine knew of.
        todo.extend(changed_here);
        todo.sort();
        todo.dedup();
        while let Some(item) = todo.pop() {
            let Some(content) = self.current(&item)? else {
                continue;
            };
            let Content::Record(fields) = &content else {
                continue;
            };
            for target in links(fields) {
                if self.in_merge(&target) {
                    continue;
                }
                let Some((content, entry)) = self.last_known(&target)? else {
                    continue;
                };
                let (Item::Record(kind, id), Content::Record(_)) = (&target, &content) else {
                    continue;
                };
                let account = account_of(&target, &content, Some(&entry));
                self.kept_though_deleted(
                    *kind,
                    *id,
                    account,
                    "deleted on one machine while other records still point to it",
                );
                if self.local.contains_key(&target) {
                    self.merged.changed.remove(&target);
                } else {
                    self.set(&target, Some(content), Some(account));
                }
                todo.push(target);
            }
        }
        Ok(())
    }

    /// The merged content of `item`: changed by the merge, or as local.
    fn current(&self, item: &Item) -> Result<Option<Content>, SyncError> {
        match self.merged.changed.get(item) {
            Some(state) => Ok(state.as_ref().map(|(c, _)| c.clone())),
            None => self.read_from(self.local, item),
        }
    }

    /// The newest version of `item` either machine or the base had.
    fn last_known(&self, item: &Item) -> Result<Option<(Content, Entry)>, SyncError> {
        for index in [self.local, self.remote, self.base] {
            if let Some(entry) = index.get(item) {
                let content = self.read_from(index, item)?.expect("the entry exists");
                return Ok(Some((content, entry.clone())));
            }
        }
        Ok(None)
    }

    /// Reads `item` from `index`, from the files read or from the
    /// repository.
    fn read_from(&self, index: &Index, item: &Item) -> Result<Option<Content>, SyncError> {
        let Some(entry) = index.get(item) else {
            return Ok(None);
        };
        if self.files.0.contains_key(&entry.blob) {
            return self.files.content(item, entry).map(Some);
        }
        let files = Files::read(self.repo, &[entry])?;
        files.content(item, entry).map(Some)
    }

    /// Drops the conflicts of every record the merge deletes, as deleting
    /// a record in the database does.
    fn forget_conflicts_of_deleted(&mut self) {
        let deleted: Vec<Id> = self
            .merged
            .changed
            .iter()
            .filter_map(|(item, state)| match (item, state) {
                (Item::Record(kind, id), None) if *kind != RecordKind::Whitespace => Some(*id),
                _ => None,
            })
            .collect();
        for id in deleted {
            let item = Item::Conflicts(id);
            let held = match self.merged.changed.get(&item) {
                Some(state) => state.is_some(),
                None => self.local.contains_key(&item),
            };
            if held {
                self.merged.changed.insert(item, None);
            }
        }
    }

    /// Adds the conflicts found to each record's set of conflicts.
    fn record_conflicts(&mut self) -> Result<(), SyncError> {
        let found = std::mem::take(&mut self.found);
        for (record, new) in found {
            self.merged.found += new.len();
            let item = Item::Conflicts(record);
            let mut list = match self.current(&item)? {
                Some(Content::Conflicts(list)) => list,
                _ => Vec::new(),
            };
            for conflict in new {
                list.retain(|c| c.field != conflict.field);
                list.push(conflict);
            }
            let account = list.first().map(|c| c.account);
            self.set(&item, Some(Content::Conflicts(list)), account);
        }
        Ok(())
    }
}

/// The records a record points to.
fn links(fields: &super::item::Fields) -> Vec<Item> {
    let id = |key: &str| fields.get(key)?.as_str()?.parse::<Id>().ok();
    let mut out = Vec::new();
    for (key, kind) in [
        ("account_id", RecordKind::Account),
        ("issue_id", RecordKind::Issue),
        ("plan_id", RecordKind::Plan),
        ("reports_to", RecordKind::Stakeholder),
        ("said_by_id", RecordKind::Stakeholder),
        ("confirmed_by_id", RecordKind::Stakeholder),
        ("acknowledged_by_id", RecordKind::Stakeholder),
        ("customer_owner_id", RecordKind::Stakeholder),
    ] {
        if let Some(target) = id(key) {
            out.push(Item::Record(kind, target));
        }
    }
    if let Some(Value::Array(people)) = fields.get("attendees") {
        for person in people.iter().filter_map(|p| p.as_str()?.parse().ok()) {
            out.push(Item::Record(RecordKind::Stakeholder, person));
        }
    }
    out
}

/// The account whose folder holds `item` with `content`: the one the
/// content names, else the one its file was in.
fn account_of(item: &Item, content: &Content, entry: Option<&Entry>) -> Id {
    content
        .account(item)
        .or_else(|| entry.and_then(|e| e.account))
        .unwrap_or_else(unfiled)
}

#[cfg(test)]
mod tests;
