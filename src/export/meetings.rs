//! Meetings from a calendar file (RFC 5545 iCalendar), as Outlook, Google
//! Calendar and Apple Calendar export them: every event, and every
//! occurrence of a recurring one up to a day, with its time in its own time
//! zone, its length in hours, its subject and description and who was
//! invited.
//!
//! Parsing, time zones (Olson names, and the Windows names Outlook writes)
//! and recurrence (`RRULE`, `RDATE`, `EXDATE`, moved or cancelled single
//! occurrences) come from `calcard`; folded long lines are joined by its
//! parser.

use std::collections::HashMap;

use calcard::common::timezone::Tz;
use calcard::icalendar::dates::TimeOrDelta;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameterName,
    ICalendarProperty, ICalendarStatus, ICalendarValue,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime};

use super::blocks;

/// How many occurrences of one recurring event are looked at, from its
/// first: a daily meeting's thirteen years.
const OCCURRENCES: usize = 5_000;

/// How deep the blocks of a calendar nest: a calendar holds events, an
/// event its alarms, participants and their locations (RFC 5545 and 9073
/// nest four deep); twice as deep is no calendar.
const CALENDAR_DEPTH: usize = 8;

/// One meeting: an event, or one occurrence of a recurring event.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// What tells this meeting apart from every other, kept to import it
    /// once: the event's UID, and for an occurrence of a recurring event
    /// its original start (`UID@20261105T090000`).
    pub key: String,
    /// When it starts, in its own time zone (floating and all-day times as
    /// written).
    pub start: NaiveDateTime,
    /// Whether it lasts whole days, without a time.
    pub all_day: bool,
    /// How long it lasts, in hours (0 when it has no end).
    pub hours: f64,
    /// Its subject (`SUMMARY`).
    pub subject: String,
    /// Its description, as written.
    pub description: String,
    /// Who organised it and who was invited.
    pub people: Vec<Invitee>,
    /// Whether it was cancelled.
    pub cancelled: bool,
}

impl Meeting {
    /// The day it starts.
    pub fn date(&self) -> NaiveDate {
        self.start.date()
    }
}

/// Someone the meeting names: its organiser or an attendee.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invitee {
    /// Their address, without `mailto:`.
    pub email: String,
    /// Their name (`CN`), if given.
    pub name: String,
}

/// Why a file cannot be read as a calendar.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CalendarError {
    /// The text is no iCalendar.
    #[error("not a calendar: an iCalendar file starts with BEGIN:VCALENDAR")]
    NotCalendar,
    /// The calendar is cut off or broken.
    #[error("the calendar is broken ({0}); export it again")]
    Broken(String),
}

/// The meetings of the calendar `text` that start on or before `until`,
/// in file order (the occurrences of a recurring event in time order).
pub fn read(text: &str, until: NaiveDate) -> Result<Vec<Meeting>, CalendarError> {
    blocks::check(text, CALENDAR_DEPTH).map_err(|e| CalendarError::Broken(e.to_string()))?;
    let calendar = ICalendar::parse(text).map_err(|entry| match entry {
        calcard::Entry::VCard(_) | calcard::Entry::Eof | calcard::Entry::InvalidLine(_) => {
            CalendarError::NotCalendar
        }
        calcard::Entry::UnterminatedComponent(what) => {
            CalendarError::Broken(format!("no END:{what}: the file is cut off"))
        }
        _ => CalendarError::Broken("its blocks do not nest".into()),
    })?;
    let parts = Parts::of(&calendar);
    let mut meetings = Vec::new();
    for (uid, events) in &parts.events {
        let Some(&master) = events
            .iter()
            .find(|&&i| !calendar.components[i].is_recurrence_override())
        else {
            continue;
        };
        let event = &calendar.components[master];
        for (component, start, end) in occurrences(&calendar, &parts.zones, events) {
            let start_time = start.naive_local();
            if start_time.date() > until {
                break;
            }
            let recurring = event.is_recurrent() || component.is_recurrence_override();
            let key = if recurring {
                format!("{uid}@{}", original_start(component, start_time))
            } else {
                uid.to_string()
            };
            meetings.push(meeting(component, key, start_time, end));
        }
    }
    Ok(meetings)
}

/// Where a calendar's time zones and events stand among its components,
/// found in one pass.
struct Parts<'a> {
    /// The time zones and their standard and daylight parts.
    zones: Vec<usize>,
    /// Each UID's events (the event and the overrides of its occurrences),
    /// in the order of the file's first event of that UID.
    events: Vec<(&'a str, Vec<usize>)>,
}

impl<'a> Parts<'a> {
    fn of(calendar: &'a ICalendar) -> Self {
        let mut zones = Vec::new();
        let mut events: Vec<(&str, Vec<usize>)> = Vec::new();
        let mut by_uid: HashMap<&str, usize> = HashMap::new();
        for (i, c) in calendar.components.iter().enumerate() {
            match c.component_type {
                ICalendarComponentType::VTimezone
                | ICalendarComponentType::Standard
                | ICalendarComponentType::Daylight => zones.push(i),
                ICalendarComponentType::VEvent => {
                    let Some(uid) = c.uid() else { continue };
                    let slot = *by_uid.entry(uid).or_insert_with(|| {
                        events.push((uid, Vec::new()));
                        events.len() - 1
                    });
                    events[slot].1.push(i);
                }
                _ => {}
            }
        }
        Self { zones, events }
    }
}

/// Every occurrence of the event whose components are `events` (one for a
/// single event), each with the component that describes it (the event,
/// or the override of that occurrence), in time order.
fn occurrences<'a>(
    calendar: &'a ICalendar,
    zones: &[usize],
    events: &[usize],
) -> Vec<(&'a ICalendarComponent, DateTime<Tz>, Option<f64>)> {
    // The event with its own overrides and the calendar's time zones, so
    // that each event's recurrence is expanded on its own: a calendar of
    // its own, its components renumbered.
    let mut index: Vec<usize> = zones.iter().chain(events).copied().collect();
    index.sort_unstable();
    let position: HashMap<usize, u32> = index
        .iter()
        .enumerate()
        .filter_map(|(p, &i)| Some((i, u32::try_from(p + 1).ok()?)))
        .collect();
    let renumbered = |c: &ICalendarComponent| ICalendarComponent {
        component_type: c.component_type.clone(),
        entries: c.entries.clone(),
        component_ids: c
            .component_ids
            .iter()
            .filter_map(|child| position.get(&(*child as usize)).copied())
            .collect(),
    };
    let mut one = ICalendar::default();
    if let Some(root) = calendar.components.first() {
        one.components.push(renumbered(root));
    }
    one.components
        .extend(index.iter().map(|&i| renumbered(&calendar.components[i])));
    let mut expanded = one.expand_dates(Tz::Floating, OCCURRENCES).events;
    expanded.sort_by_key(|e| e.start.naive_utc());
    expanded
        .into_iter()
        .filter_map(|e| {
            let at = (e.comp_id as usize).checked_sub(1)?;
            let component = calendar.components.get(*index.get(at)?)?;
            let hours = match e.end {
                TimeOrDelta::Time(end) => (end - e.start).num_seconds(),
                TimeOrDelta::Delta(delta) => delta.num_seconds(),
            };
            let hours = (hours > 0).then(|| hours as f64 / 3600.0);
            Some((component, e.start, hours))
        })
        .collect()
}

/// The start an occurrence had before it was moved: its `RECURRENCE-ID`,
/// else `start`, as `20261105T090000`.
fn original_start(component: &ICalendarComponent, start: NaiveDateTime) -> String {
    let moved_from = component
        .property(&ICalendarProperty::RecurrenceId)
        .and_then(|e| e.values.first())
        .and_then(ICalendarValue::as_partial_date_time)
        .and_then(|p| p.to_date_time())
        .map(|d| d.date_time);
    moved_from
        .unwrap_or(start)
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

/// The meeting `component` describes, starting at `start`.
fn meeting(
    component: &ICalendarComponent,
    key: String,
    start: NaiveDateTime,
    hours: Option<f64>,
) -> Meeting {
    let text = |property: ICalendarProperty| {
        component
            .property(&property)
            .and_then(|e| e.values.first())
            .and_then(ICalendarValue::as_text)
            .unwrap_or("")
            .to_string()
    };
    let all_day = component
        .property(&ICalendarProperty::Dtstart)
        .and_then(|e| e.values.first())
        .and_then(ICalendarValue::as_partial_date_time)
        .is_some_and(|p| p.hour.is_none());
    let people = component
        .properties(&ICalendarProperty::Organizer)
        .chain(component.properties(&ICalendarProperty::Attendee))
        .filter_map(invitee)
        .fold(Vec::<Invitee>::new(), |mut all, person| {
            let known = all
                .iter()
                .any(|p| !p.email.is_empty() && p.email.eq_ignore_ascii_case(&person.email));
            if !known {
                all.push(person);
            }
            all
        });
    Meeting {
        key,
        start,
        all_day,
        hours: if all_day { 0.0 } else { hours.unwrap_or(0.0) },
        subject: text(ICalendarProperty::Summary).trim().to_string(),
        description: text(ICalendarProperty::Description),
        people,
        cancelled: component.status() == Some(&ICalendarStatus::Cancelled),
    }
}

/// The person an `ORGANIZER` or `ATTENDEE` names.
fn invitee(entry: &ICalendarEntry) -> Option<Invitee> {
    let email = entry.calendar_address()?.trim().to_string();
    let name = entry
        .parameter(&ICalendarParameterName::Cn)
        .and_then(|v| v.as_text())
        .unwrap_or("")
        .trim()
        .to_string();
    Some(Invitee {
        email: if email.contains('@') {
            email
        } else {
            String::new()
        },
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn calendar(events: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n\
             BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\n\
             BEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\n\
             TZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\n\
             TZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n\
             END:VTIMEZONE\r\n{events}END:VCALENDAR\r\n"
        )
    }

    #[test]
    fn an_event_keeps_its_local_time_length_subject_text_and_people() {
        let text = calendar(
            "BEGIN:VEVENT\r\nUID:abc-1\r\nDTSTART;TZID=W. Europe Standard Time:20261105T100000\r\n\
             DTEND;TZID=W. Europe Standard Time:20261105T113000\r\nSUMMARY:Quarterly review\r\n\
             DESCRIPTION:Agenda:\\n1. Crane availability\\, Q3\\n2. Battery fleet plan for th\r\n \
             e yard\r\nORGANIZER;CN=Laura Brenner:mailto:laura.brenner@example.com\r\n\
             ATTENDEE;CN=Jens Ahlgrimm;RSVP=TRUE:mailto:j.ahlgrimm@nordmole.de\r\n\
             ATTENDEE;CN=\"Sörensen, Katrin\":MAILTO:k.soerensen@nordmole.de\r\n\
             END:VEVENT\r\n",
        );
        let meetings = read(&text, day("2026-12-05")).unwrap();
        assert_eq!(meetings.len(), 1);
        let m = &meetings[0];
        assert_eq!(m.key, "abc-1");
        assert_eq!(m.start.to_string(), "2026-11-05 10:00:00");
        assert_eq!((m.all_day, m.hours, m.cancelled), (false, 1.5, false));
        assert_eq!(m.subject, "Quarterly review");
        assert_eq!(
            m.description,
            "Agenda:\n1. Crane availability, Q3\n2. Battery fleet plan for the yard"
        );
        let people: Vec<(&str, &str)> = m
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.email.as_str()))
            .collect();
        assert_eq!(
            people,
            [
                ("Laura Brenner", "laura.brenner@example.com"),
                ("Jens Ahlgrimm", "j.ahlgrimm@nordmole.de"),
                ("Sörensen, Katrin", "k.soerensen@nordmole.de"),
            ]
        );
    }

    #[test]
    fn a_recurring_event_gives_each_occurrence_up_to_the_day_once() {
        let text = calendar(
            "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTART;TZID=W. Europe Standard Time:20261006T090000\r\n\
             DURATION:PT30M\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;TZID=W. Europe Standard Time:20261013T090000\r\n\
             SUMMARY:Crane stand-up\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:weekly\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20261020T090000\r\n\
             DTSTART;TZID=W. Europe Standard Time:20261021T140000\r\nDURATION:PT1H\r\n\
             SUMMARY:Crane stand-up (moved)\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:weekly\r\nRECURRENCE-ID;TZID=W. Europe Standard Time:20261027T090000\r\n\
             DTSTART;TZID=W. Europe Standard Time:20261027T090000\r\nDURATION:PT30M\r\n\
             STATUS:CANCELLED\r\nSUMMARY:Crane stand-up\r\nEND:VEVENT\r\n",
        );
        let meetings = read(&text, day("2026-11-04")).unwrap();
        let shown: Vec<(String, &str, f64, bool)> = meetings
            .iter()
            .map(|m| {
                (
                    m.start.to_string(),
                    m.subject.as_str(),
                    m.hours,
                    m.cancelled,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("2026-10-06 09:00:00".into(), "Crane stand-up", 0.5, false),
                (
                    "2026-10-21 14:00:00".into(),
                    "Crane stand-up (moved)",
                    1.0,
                    false
                ),
                ("2026-10-27 09:00:00".into(), "Crane stand-up", 0.5, true),
                ("2026-11-03 09:00:00".into(), "Crane stand-up", 0.5, false),
            ],
            "the 13th left out, the 20th moved, the 27th cancelled, nothing after the 4th"
        );
        assert_eq!(
            meetings[1].key, "weekly@20261020T090000",
            "keyed by its first start"
        );
        assert_eq!(meetings[3].key, "weekly@20261103T090000");
    }

    #[test]
    fn an_all_day_event_and_a_utc_time() {
        let text = calendar(
            "BEGIN:VEVENT\r\nUID:day\r\nDTSTART;VALUE=DATE:20261112\r\nDTEND;VALUE=DATE:20261113\r\n\
             SUMMARY:Site visit Bremerhaven\r\nEND:VEVENT\r\n\
             BEGIN:VEVENT\r\nUID:utc\r\nDTSTART:20261118T230000Z\r\nDTEND:20261119T000000Z\r\n\
             SUMMARY:Late call\r\nEND:VEVENT\r\n",
        );
        let meetings = read(&text, day("2026-12-05")).unwrap();
        assert_eq!((meetings[0].all_day, meetings[0].hours), (true, 0.0));
        assert_eq!(meetings[0].date(), day("2026-11-12"));
        assert_eq!(meetings[1].start.to_string(), "2026-11-18 23:00:00");
        assert_eq!(meetings[1].hours, 1.0);
    }

    #[test]
    fn what_is_no_calendar_or_is_cut_off_is_refused() {
        assert_eq!(
            read("hello", day("2026-12-05")),
            Err(CalendarError::NotCalendar)
        );
        let cut = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n";
        assert!(matches!(
            read(cut, day("2026-12-05")),
            Err(CalendarError::Broken(_))
        ));
    }
}
