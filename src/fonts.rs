//! The fonts compiled into wattprint, which every PDF report is set in, and which characters
//! they can show. `validate` asks the second so that text no font can show is a finding at its
//! place in the input, not a Typst error about generated source at `report`.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::Font;

/// The font files the templates use; only these are embedded, to keep the binary small.
static FILES: &[&[u8]] = &[
    include_bytes!("../fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("../fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("../fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("../fonts/LibertinusSerif-BoldItalic.otf"),
    include_bytes!("../fonts/DejaVuSansMono.ttf"),
];

static FACES: LazyLock<Vec<Font>> = LazyLock::new(|| {
    FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect()
});

/// Every face of the embedded fonts.
#[must_use]
pub fn faces() -> &'static [Font] {
    &FACES
}

/// Whether some embedded font has a glyph for `c`: Typst falls back from one face to the
/// next, so a character any of them holds can be set. White space and control characters
/// are not drawn and always pass.
#[must_use]
pub fn can_show(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || faces()
            .iter()
            .any(|font| font.info().coverage.contains(u32::from(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_greek_and_units_show_and_cjk_and_emoji_do_not() {
        for c in ['a', 'é', 'ß', 'Ω', '₂', '€', '–', '≈'] {
            assert!(can_show(c), "{c}");
        }
        for c in ['字', '😀', '\u{E000}'] {
            assert!(!can_show(c), "{c}");
        }
    }
}
