//! The account team: our people working with the account, each with a
//! name and a role ("Ana Ruiz, service delivery lead"). The team takes the
//! team's matching test, and its names are offered wherever one of our
//! people owns something.

use serde::{Deserialize, Serialize};

use super::validation::SHORT_TEXT_LIMIT;

/// One of our people on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    /// Their name, e.g. "Ana Ruiz".
    pub name: String,
    /// Their role on the account, e.g. "service delivery lead"; may be
    /// empty.
    #[serde(default)]
    pub role: String,
}

impl TeamMember {
    /// A member named `name` with the role `role`.
    pub fn new(name: impl Into<String>, role: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            role: role.into(),
        }
    }

    /// The member as one line: "Ana Ruiz, service delivery lead", or the
    /// name alone when the role is empty.
    pub fn line(&self) -> String {
        if self.role.is_empty() {
            self.name.clone()
        } else {
            format!("{}, {}", self.name, self.role)
        }
    }
}

/// The team as text, one member a line: "Name, role".
pub fn team_text(team: &[TeamMember]) -> String {
    team.iter()
        .map(TeamMember::line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a team written one member a line, "Name, role" (the role after
/// the first comma, and optional); empty lines are skipped. The error
/// names the line that is wrong.
pub fn parse_team(text: &str) -> Result<Vec<TeamMember>, String> {
    let mut team: Vec<TeamMember> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (name, role) = line.split_once(',').unwrap_or((line, ""));
        let member = TeamMember::new(name.trim(), role.trim());
        let at = n + 1;
        if member.name.is_empty() {
            return Err(format!(
                "line {at}: write a name before the comma, e.g. Ana Ruiz, service delivery lead"
            ));
        }
        if let Some(problem) = member_problem(&member, &team) {
            return Err(format!("line {at}: {problem}"));
        }
        team.push(member);
    }
    Ok(team)
}

/// What is wrong with `member` beside the members before it, if anything.
fn member_problem(member: &TeamMember, before: &[TeamMember]) -> Option<String> {
    if member.name.trim().is_empty() {
        return Some("a member needs a name".to_string());
    }
    if member.name.contains(['\n', ',']) {
        return Some(format!(
            "“{}”: a name holds no comma or line break",
            member.name
        ));
    }
    if member.role.contains('\n') {
        return Some(format!("the role of {} holds a line break", member.name));
    }
    if member.name.chars().count() + member.role.chars().count() > SHORT_TEXT_LIMIT {
        return Some(format!(
            "{}: at most {SHORT_TEXT_LIMIT} characters a member",
            member.name
        ));
    }
    if before.iter().any(|m| same_name(&m.name, &member.name)) {
        return Some(format!("{} is on the team twice", member.name));
    }
    None
}

/// The first problem of `team` (names empty, doubled, too long), if any.
pub fn team_problem(team: &[TeamMember]) -> Option<String> {
    team.iter()
        .enumerate()
        .find_map(|(n, member)| member_problem(member, &team[..n]))
}

/// Whether two names are the same person's, ignoring case and the spaces
/// around them.
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The member of `team` named `name`, if any.
pub fn member<'a>(team: &'a [TeamMember], name: &str) -> Option<&'a TeamMember> {
    team.iter().find(|m| same_name(&m.name, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_reads_one_member_a_line_and_writes_back_the_same() {
        let team =
            parse_team("Ana Ruiz, service delivery lead\n\n  Tom Berg ,  pre-sales, EMEA \nLi Wei")
                .unwrap();
        assert_eq!(
            team,
            [
                TeamMember::new("Ana Ruiz", "service delivery lead"),
                TeamMember::new("Tom Berg", "pre-sales, EMEA"),
                TeamMember::new("Li Wei", ""),
            ]
        );
        assert_eq!(parse_team(&team_text(&team)).unwrap(), team);
        assert_eq!(parse_team("").unwrap(), []);
    }

    #[test]
    fn a_wrong_line_is_named() {
        let err = parse_team("Ana Ruiz, lead\n, consultant").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        let err = parse_team("Ana Ruiz, lead\nTom Berg\nana ruiz, sponsor").unwrap_err();
        assert_eq!(err, "line 3: ana ruiz is on the team twice");
    }

    #[test]
    fn a_team_built_elsewhere_is_checked_too() {
        let fine = [TeamMember::new("Ana", "lead"), TeamMember::new("Tom", "")];
        assert_eq!(team_problem(&fine), None);
        let twice = [TeamMember::new("Ana", ""), TeamMember::new(" ANA ", "")];
        assert!(team_problem(&twice).unwrap().contains("twice"));
        let comma = [TeamMember::new("Ruiz, Ana", "")];
        assert!(team_problem(&comma).unwrap().contains("comma"));
        assert_eq!(member(&fine, "tom").map(|m| m.name.as_str()), Some("Tom"));
    }
}
