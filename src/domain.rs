//! The account manager's world as plain types: accounts, business issues,
//! action plans, proof statements and stakeholders, with their validation and the
//! computations built on them. Nothing here does I/O.

pub mod account;
pub mod agenda;
pub mod assessment;
pub mod brief;
pub mod choice;
pub mod conversation;
pub mod dates;
pub mod fields;
pub mod history;
pub mod id;
pub mod insight;
pub mod issue;
pub mod matching;
pub mod measure;
pub mod merge;
pub mod org_chart;
pub mod people;
pub mod plan;
pub mod portfolio;
pub mod proof;
pub mod search;
pub mod stakeholder;
pub mod team;
pub mod validation;
pub mod whitespace;

pub use account::{Account, RelationshipStage, YearRevenue};
pub use assessment::{Answer, Assessment, Ladder, Quality, Rating, Signal};
pub use conversation::Conversation;
pub use id::Id;
pub use issue::{BusinessIssue, Importance, IssueKind, IssueStatus, TimeFrame};
pub use matching::MatchingResult;
pub use plan::{ActionPlan, PlanStatus, Step};
pub use proof::ProofStatement;
pub use stakeholder::{Attitude, Influence, Stakeholder};
pub use team::TeamMember;
pub use validation::{FieldError, Invalid};
pub use whitespace::{Cell, CellState, Place, Whitespace};
