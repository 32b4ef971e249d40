//! What the open create form's precheck has asked and been told (`app::create::lookup`
//! asks and reads it; `State` holds it).

use std::collections::{HashMap, HashSet};

/// What the open create form has asked and been told.
#[derive(Debug, Default)]
pub struct Lookups {
    /// The round under way; an answer of another (a form closed, a failure) is ignored.
    pub round: u64,
    /// Answers while this form is open: target `directory/user` → the WorkSpace they have.
    pub answers: HashMap<String, Option<String>>,
    /// Asked in this round and not answered yet.
    pub waiting: HashSet<String>,
    /// How many this round asked.
    pub asked: usize,
}

impl Lookups {
    /// A new form: nothing known, and answers of an earlier form ignored.
    pub fn restart(&mut self) {
        *self = Lookups {
            round: self.round + 1,
            ..Lookups::default()
        };
    }

    /// What the form says while answers are coming.
    pub fn progress(&self) -> String {
        format!(
            "looking up {} users ({} answered): DescribeWorkspaces by directory and user; \
             the confirmation opens when all have answered",
            self.asked,
            self.asked - self.waiting.len()
        )
    }
}
