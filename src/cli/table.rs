//! Tables for the terminal: columns padded to their widest cell, two spaces apart.

/// How a table's columns align.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Every column to the left, trailing spaces trimmed: listings of names and sources.
    Left,
    /// The first column (the label) to the left and the others (figures) to the right, so
    /// that digits line up.
    Figures,
}

/// The header and each row as lines of aligned columns, without line breaks.
pub(crate) fn lines(header: &[&str], rows: &[Vec<String>], align: Align) -> Vec<String> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
        let padded: Vec<String> = cells
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| match align {
                Align::Figures if i > 0 => format!("{c:>w$}"),
                _ => format!("{c:<w$}"),
            })
            .collect();
        let joined = padded.join("  ");
        match align {
            Align::Left => joined.trim_end().to_owned(),
            Align::Figures => joined,
        }
    };
    std::iter::once(line(&mut header.iter().copied()))
        .chain(
            rows.iter()
                .map(|row| line(&mut row.iter().map(String::as_str))),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_line_up_on_the_right_and_names_on_the_left() {
        let rows = vec![
            vec!["energy".to_owned(), "55.62".to_owned()],
            vec!["emissions".to_owned(), "7.1".to_owned()],
        ];
        assert_eq!(
            lines(&["figure", "MWh"], &rows, Align::Figures),
            ["figure       MWh", "energy     55.62", "emissions    7.1"]
        );
        assert_eq!(
            lines(
                &["zone", "source"],
                &[vec!["DE".to_owned(), String::new()]],
                Align::Left
            ),
            ["zone  source", "DE"]
        );
    }
}
