use serde::{Deserialize, Serialize};

/// After someone was asked, nothing else is asked of them for this many days.
pub const QUIET_DAYS: i64 = 14;
/// The recommendation question is asked on the schedule when it was last asked this long ago.
pub const NPS_DAYS: i64 = 180;
/// A survey not answered within this many days is no longer offered.
pub const OPEN_DAYS: i64 = 30;
/// The firm's schedule until an admin sets one: none (a firm decides when its clients start
/// being asked; after conversations and requests they are asked regardless).
pub const DEFAULT_EVERY_DAYS: i64 = 0;
/// A client whose satisfaction averages below this (over `RECENT_DAYS`) needs attention.
pub const LOW_CSAT: f64 = 3.0;
pub const RECENT_DAYS: i64 = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// How satisfied, 1 to 5.
    Csat,
    /// How likely to recommend the firm, 0 to 10.
    Nps,
}

impl SurveyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csat => "csat",
            Self::Nps => "nps",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Csat, Self::Nps].into_iter().find(|k| k.as_str() == s)
    }

    /// The scores one may give.
    pub fn scores(self) -> std::ops::RangeInclusive<i64> {
        match self {
            Self::Csat => 1..=5,
            Self::Nps => 0..=10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prompt {
    Conversation,
    Request,
    Schedule,
}

impl Prompt {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Conversation => "conversation",
            Self::Request => "request",
            Self::Schedule => "schedule",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Conversation, Self::Request, Self::Schedule].into_iter().find(|k| k.as_str() == s)
    }
}

/// One question to one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    pub id: i64,
    pub kind: SurveyKind,
    pub prompt: Prompt,
    /// What it is about (a conversation's subject, a request's title; empty for the schedule).
    pub subject: String,
    /// Seconds since the Unix epoch, UTC.
    pub asked_at: i64,
    pub answered_at: Option<i64>,
    pub score: Option<i64>,
    pub comment: String,
    /// The question as the person reads it (filled in for the page, in their language).
    #[serde(default)]
    pub question: String,
}

impl Survey {
    /// The question in `l`, naming the firm or what it is about.
    pub fn question_in(&self, l: crate::i18n::Locale, firm: &str) -> String {
        use crate::i18n::Key;
        match (self.kind, self.subject.is_empty()) {
            (SurveyKind::Nps, _) => l.format(Key::NpsQuestion, &[("firm", firm)]),
            (SurveyKind::Csat, true) => l.format(Key::CsatQuestion, &[("firm", firm)]),
            (SurveyKind::Csat, false) => l.format(Key::CsatQuestionAbout, &[("subject", &self.subject)]),
        }
    }
}

/// Answers summed up: CSAT (its average) and NPS (promoters minus detractors, in percent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scores {
    pub csat_answers: i64,
    pub csat_sum: i64,
    pub nps_answers: i64,
    /// 9 or 10.
    pub promoters: i64,
    /// 0 to 6.
    pub detractors: i64,
}

impl Scores {
    pub fn add(&mut self, kind: SurveyKind, score: i64) {
        match kind {
            SurveyKind::Csat => {
                self.csat_answers += 1;
                self.csat_sum += score;
            }
            SurveyKind::Nps => {
                self.nps_answers += 1;
                self.promoters += (score >= 9) as i64;
                self.detractors += (score <= 6) as i64;
            }
        }
    }

    pub fn csat(&self) -> Option<f64> {
        (self.csat_answers > 0).then(|| self.csat_sum as f64 / self.csat_answers as f64)
    }

    /// From -100 to 100.
    pub fn nps(&self) -> Option<i64> {
        (self.nps_answers > 0).then(|| ((self.promoters - self.detractors) * 100) / self.nps_answers)
    }
}

/// A client's answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientScores {
    pub client_id: i64,
    pub client_name: String,
    pub scores: Scores,
    /// Of the last `RECENT_DAYS`: whether it needs attention.
    pub recent: Scores,
    /// Seconds.
    pub last_answer: i64,
}

/// An answer that came with a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub client_id: i64,
    pub client_name: String,
    pub person: String,
    pub kind: SurveyKind,
    pub score: i64,
    pub comment: String,
    pub subject: String,
    /// Seconds.
    pub answered_at: i64,
}

/// Satisfaction for the staff dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satisfaction {
    /// Every answer so far.
    pub overall: Scores,
    /// The last eight calendar quarters, oldest first: ("2026 Q3", scores).
    pub quarters: Vec<(String, Scores)>,
    /// Per client, most recent answer first.
    pub clients: Vec<ClientScores>,
    /// The latest comments, newest first.
    pub comments: Vec<Comment>,
}
