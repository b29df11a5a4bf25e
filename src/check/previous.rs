//! The previous period's disclosure a report shows beside this one (`report --previous`): the
//! comparative information ESRS 1, section 7.1, asks for each metric. It is checked like any
//! input, then tied to this disclosure, so that a comparative column can only hold the same
//! undertaking's and AI system's figures for the period just before.

use super::Clean;
use crate::compute::esrs::Comparative;
use crate::model::{Disclosure, Period};

/// Why a previous period's disclosure cannot be the comparative of this one.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    /// The previous period does not end the day before this one starts.
    #[error(
        "the previous disclosure `{file}` covers {} to {}, which does not end the day before this period starts ({})",
        previous.start, previous.end, current.start
    )]
    NotJustBefore {
        /// The previous disclosure's file name.
        file: String,
        /// Its period.
        previous: Period,
        /// This disclosure's period.
        current: Period,
    },
    /// The previous period is not as long as this one.
    #[error(
        "the previous disclosure `{file}` covers {} days ({} to {}) and this one {} days: a change between periods of different lengths says nothing of the AI system",
        previous.days(), previous.start, previous.end, current.days()
    )]
    OtherLength {
        /// The previous disclosure's file name.
        file: String,
        /// Its period.
        previous: Period,
        /// This disclosure's period.
        current: Period,
    },
    /// The previous disclosure is this period's own.
    #[error("the previous disclosure `{file}` covers this same period, {} to {}", period.start, period.end)]
    Same {
        /// The previous disclosure's file name.
        file: String,
        /// The period both cover.
        period: Period,
    },
    /// The previous disclosure is of another undertaking or AI system.
    #[error(
        "the previous disclosure `{file}` is of the {what} `{}`, and this one of `{}`",
        previous.escape_debug(), current.escape_debug()
    )]
    Other {
        /// The previous disclosure's file name.
        file: String,
        /// `undertaking` or `AI system`.
        what: &'static str,
        /// The name there.
        previous: String,
        /// The name here.
        current: String,
    },
}

impl PreviousError {
    /// How to fix it.
    #[must_use]
    pub fn hint(&self) -> &'static str {
        match self {
            PreviousError::NotJustBefore { .. } | PreviousError::Same { .. } => {
                "give the disclosure of the period just before this one, ending the day before it starts"
            }
            PreviousError::OtherLength { .. } => {
                "compare a year with the year before, or a period with the one before it of as many days"
            }
            PreviousError::Other { .. } => {
                "give the previous disclosure of the same undertaking and AI system (`organisation.name`, `system.name`)"
            }
        }
    }
}

/// The comparative `previous` gives `current`: its figures, once it is shown to be the same
/// undertaking's and AI system's disclosure for the period that ends the day before
/// `current`'s starts, and as long (a year for a year).
///
/// # Errors
/// A [`PreviousError`] saying which of these does not hold.
pub fn comparative(current: &Disclosure, previous: &Clean) -> Result<Comparative, PreviousError> {
    let file = previous
        .source
        .path()
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let before = &previous.disclosure;
    let names = [
        (
            "undertaking",
            &before.organisation.name,
            &current.organisation.name,
        ),
        ("AI system", &before.system.name, &current.system.name),
    ];
    for (what, previous, current) in names {
        if previous.trim() != current.trim() {
            return Err(PreviousError::Other {
                file,
                what,
                previous: previous.clone(),
                current: current.clone(),
            });
        }
    }
    let (period, now) = (before.reporting_period, current.reporting_period);
    if period == now {
        return Err(PreviousError::Same { file, period });
    }
    if period.end.succ_opt() != Some(now.start) {
        return Err(PreviousError::NotJustBefore {
            file,
            previous: period,
            current: now,
        });
    }
    // Financial years of 365 and 366 days are alike; other periods have as many days.
    let alike = if now.is_year() {
        period.is_year()
    } else {
        period.days() == now.days()
    };
    if !alike {
        return Err(PreviousError::OtherLength {
            file,
            previous: period,
            current: now,
        });
    }
    Ok(Comparative::of(period, &previous.results.esrs))
}
