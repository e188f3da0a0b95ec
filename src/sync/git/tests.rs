use std::collections::BTreeMap;

use tempfile::TempDir;

use super::*;

/// A test's folder, and bare repositories in it.
struct Bench {
    dir: TempDir,
}

impl Bench {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn git(&self) -> Git {
        isolated(self.dir.path())
    }

    fn repo(&self, name: &str) -> Repo {
        Repo::init_bare_with(self.git(), &self.dir.path().join(name)).unwrap()
    }

    /// A local repository whose `origin` is `remote`.
    fn clone_of(&self, name: &str, remote: &Repo) -> Repo {
        let repo = self.repo(name);
        repo.set_remote(remote.path().to_str().unwrap()).unwrap();
        repo
    }
}

const MAIN: &str = "refs/heads/main";

fn changes(files: &[(&str, Option<&str>)]) -> BTreeMap<String, Change> {
    files
        .iter()
        .map(|(path, bytes)| {
            let change = match bytes {
                Some(bytes) => Change::Write(bytes.as_bytes().to_vec()),
                None => Change::Delete,
            };
            (path.to_string(), change)
        })
        .collect()
}

fn commit(repo: &Repo, parent: Option<&CommitId>, files: &[(&str, Option<&str>)]) -> CommitId {
    repo.commit(&NewCommit {
        reference: MAIN,
        parent,
        merge: None,
        message: "test",
        changes: &changes(files),
    })
    .unwrap()
}

/// Every file of a commit with its bytes, as text.
fn files(repo: &Repo, commit: &CommitId) -> BTreeMap<String, String> {
    let tree = repo.tree(commit).unwrap();
    let ids: Vec<BlobId> = tree.values().cloned().collect();
    let blobs = repo.blobs(&ids).unwrap();
    tree.into_keys()
        .zip(blobs)
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

fn log(repo: &Repo, format: &str, revision: &str) -> String {
    let out = repo
        .run(&["log", "-1", &format!("--format={format}"), revision])
        .unwrap();
    String::from_utf8(out).unwrap().trim_end().to_owned()
}

#[test]
fn a_commit_holds_the_bytes_given_and_the_next_changes_only_what_it_names() {
    let bench = Bench::new();
    let repo = bench.repo("local.git");
    assert_eq!(repo.resolve(MAIN).unwrap(), None);
    let written = [
        ("format.kam", Some("format= 1\n")),
        (
            "accounts/a/account.kam",
            Some("name: Acme\r\nnote:|\n \tTab\r\n \n"),
        ),
        (
            "accounts/a/issues/x.kam",
            Some("no line break at the end\r"),
        ),
        ("accounts/a/empty.kam", Some("")),
        ("odd \"name\" with spaces\\.kam", Some("  spaces kept  \n")),
        (
            "accounts/b/account.kam",
            Some("name: Beta\u{200d}\u{202e}\n"),
        ),
    ];
    let first = commit(&repo, None, &written);
    assert_eq!(repo.resolve(MAIN).unwrap(), Some(first.clone()));
    let expected: BTreeMap<String, String> = written
        .iter()
        .map(|(path, bytes)| (path.to_string(), bytes.unwrap().to_owned()))
        .collect();
    assert_eq!(files(&repo, &first), expected);
    assert_eq!(log(&repo, "%an <%ae>|%s|%P", MAIN), "kam <>|test|");

    let second = commit(
        &repo,
        Some(&first),
        &[
            ("accounts/a/issues/x.kam", None),
            ("accounts/a/account.kam", Some("name: Acme Corp\n")),
            ("accounts/c/account.kam", Some("name: Gamma\n")),
            ("not/there.kam", None),
        ],
    );
    let mut expected = expected;
    expected.remove("accounts/a/issues/x.kam");
    expected.insert("accounts/a/account.kam".into(), "name: Acme Corp\n".into());
    expected.insert("accounts/c/account.kam".into(), "name: Gamma\n".into());
    assert_eq!(files(&repo, &second), expected);
    assert_eq!(log(&repo, "%P", MAIN), first.as_str());
    // The first commit is untouched.
    assert_eq!(files(&repo, &first).len(), 6);
}

#[test]
fn the_author_is_the_users_git_identity_when_set() {
    let bench = Bench::new();
    std::fs::write(
        bench.dir.path().join(".gitconfig"),
        "[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n",
    )
    .unwrap();
    let repo = bench.repo("local.git");
    commit(&repo, None, &[("format.kam", Some("format= 1\n"))]);
    assert_eq!(
        log(&repo, "%an <%ae>|%cn <%ce>", MAIN),
        "Ada Lovelace <ada@example.com>|Ada Lovelace <ada@example.com>"
    );
}

#[test]
fn ten_thousand_files_go_in_one_commit_and_come_back() {
    let bench = Bench::new();
    let repo = bench.repo("local.git");
    let written: BTreeMap<String, Change> = (0..10_000)
        .map(|i| {
            let path = format!("accounts/{:03}/issues/{i:05}.kam", i % 100);
            let text = format!(
                "id: {i}\nnote:|\n line\twith tab\r\n {}\n",
                "x".repeat(i % 300)
            );
            (path, Change::Write(text.into_bytes()))
        })
        .collect();
    let id = repo
        .commit(&NewCommit {
            reference: MAIN,
            parent: None,
            merge: None,
            message: "first sync",
            changes: &written,
        })
        .unwrap();
    let tree = repo.tree(&id).unwrap();
    assert_eq!(tree.len(), written.len());
    let ids: Vec<BlobId> = tree.values().cloned().collect();
    let blobs = repo.blobs(&ids).unwrap();
    for ((path, bytes), (written_path, change)) in tree.keys().zip(blobs).zip(&written) {
        assert_eq!(path, written_path);
        assert_eq!(&Change::Write(bytes), change, "{path}");
    }
}

#[test]
fn two_machines_push_are_rejected_when_the_remote_moved_fetch_and_merge() {
    let bench = Bench::new();
    let remote = bench.repo("remote.git");
    let desk = bench.clone_of("desk.git", &remote);
    let laptop = bench.clone_of("laptop.git", &remote);
    assert_eq!(laptop.fetch("main").unwrap(), Fetched::Done(None));

    let base = commit(
        &desk,
        None,
        &[("accounts/a/account.kam", Some("name: Acme\n"))],
    );
    assert_eq!(desk.push("main").unwrap(), Pushed::Done);
    assert_eq!(remote.resolve(MAIN).unwrap(), Some(base.clone()));
    assert_eq!(
        desk.resolve(&Repo::remote_ref("main")).unwrap(),
        Some(base.clone())
    );

    assert_eq!(
        laptop.fetch("main").unwrap(),
        Fetched::Done(Some(base.clone()))
    );
    let theirs = commit(
        &laptop,
        Some(&base),
        &[("accounts/b/account.kam", Some("b\n"))],
    );
    assert_eq!(laptop.push("main").unwrap(), Pushed::Done);

    let mine = commit(
        &desk,
        Some(&base),
        &[("accounts/c/account.kam", Some("c\n"))],
    );
    let Pushed::Rejected(message) = desk.push("main").unwrap() else {
        panic!("the push over a moved remote was not rejected");
    };
    assert!(message.contains("rejected"), "{message}");
    assert_eq!(remote.resolve(MAIN).unwrap(), Some(theirs.clone()));

    assert_eq!(
        desk.fetch("main").unwrap(),
        Fetched::Done(Some(theirs.clone()))
    );
    assert_eq!(desk.merge_base(&mine, &theirs).unwrap(), Some(base.clone()));
    let merged = desk
        .commit(&NewCommit {
            reference: MAIN,
            parent: Some(&mine),
            merge: Some(&theirs),
            message: "merge",
            changes: &changes(&[("accounts/b/account.kam", Some("b\n"))]),
        })
        .unwrap();
    assert_eq!(
        log(&desk, "%P", merged.as_str()),
        format!("{mine} {theirs}")
    );
    assert_eq!(desk.push("main").unwrap(), Pushed::Done);
    assert_eq!(
        laptop.fetch("main").unwrap(),
        Fetched::Done(Some(merged.clone()))
    );
    assert_eq!(laptop.merge_base(&theirs, &merged).unwrap(), Some(theirs));
    assert_eq!(files(&laptop, &merged).len(), 3);
}

#[test]
fn histories_that_never_met_have_no_merge_base() {
    let bench = Bench::new();
    let repo = bench.repo("local.git");
    let a = commit(&repo, None, &[("a.kam", Some("a\n"))]);
    let b = commit(&repo, None, &[("b.kam", Some("b\n"))]);
    assert_eq!(repo.merge_base(&a, &b).unwrap(), None);
    assert_eq!(repo.merge_base(&a, &a).unwrap(), Some(a));
}

#[test]
fn a_remote_that_is_not_there_is_unreachable() {
    let bench = Bench::new();
    let repo = bench.repo("local.git");
    assert_eq!(repo.remote().unwrap(), None);
    let missing = bench.dir.path().join("no such folder").join("remote.git");
    repo.set_remote(missing.to_str().unwrap()).unwrap();
    assert_eq!(repo.remote().unwrap().as_deref(), missing.to_str());
    commit(&repo, None, &[("format.kam", Some("format= 1\n"))]);
    let Fetched::Unreachable(message) = repo.fetch("main").unwrap() else {
        panic!("fetched from nowhere");
    };
    assert!(!message.is_empty());
    let Pushed::Unreachable(message) = repo.push("main").unwrap() else {
        panic!("pushed to nowhere");
    };
    assert!(!message.is_empty());

    // Pointing it elsewhere replaces the URL.
    let remote = bench.repo("remote.git");
    repo.set_remote(remote.path().to_str().unwrap()).unwrap();
    assert_eq!(repo.remote().unwrap().as_deref(), remote.path().to_str());
    assert_eq!(repo.push("main").unwrap(), Pushed::Done);
}

#[cfg(unix)]
#[test]
fn a_remote_that_declines_is_refused_not_rejected() {
    use std::os::unix::fs::PermissionsExt;
    let bench = Bench::new();
    let remote = bench.repo("remote.git");
    let hook = remote.path().join("hooks").join("pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'this branch is protected' >&2\nexit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let repo = bench.clone_of("local.git", &remote);
    commit(&repo, None, &[("format.kam", Some("format= 1\n"))]);
    let Pushed::Refused(message) = repo.push("main").unwrap() else {
        panic!("the hook's refusal was not reported as such");
    };
    assert!(message.contains("protected"), "{message}");
}

#[test]
fn missing_git_and_missing_repositories_are_said_plainly() {
    let bench = Bench::new();
    let nowhere = bench.git().program(bench.dir.path().join("no-git-here"));
    let error = Repo::init_bare_with(nowhere, &bench.dir.path().join("x.git")).unwrap_err();
    assert!(matches!(error, GitError::NotInstalled));
    assert!(
        error
            .to_string()
            .starts_with("git is not installed: install it")
    );

    let plain = bench.dir.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    let error = Repo::open_with(bench.git(), &plain).unwrap_err();
    assert!(matches!(error, GitError::NotARepository { .. }), "{error}");

    let repo = bench.repo("local.git");
    let error = repo.push("main").unwrap_err();
    assert!(
        error.to_string().contains("no local branch main"),
        "{error}"
    );
    let stranger = BlobId::parse(&"1".repeat(40)).unwrap();
    let error = repo.blobs(&[stranger]).unwrap_err();
    assert!(
        error.to_string().contains("not in the repository"),
        "{error}"
    );
}
