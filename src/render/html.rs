//! The HTML report: the Markdown report's content as HTML, inside the template's
//! `report.html` shell, which adds the style and the charts. One file, no external resource.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// `markdown` as HTML, without its title (the first level-1 heading, which the shell shows
/// on its cover). Raw HTML in the Markdown is written as text: the Markdown filter already
/// escapes `<` in values from the inputs, and this keeps a template from passing markup
/// through either.
#[must_use]
pub fn from_markdown(markdown: &str) -> String {
    let mut in_title = false;
    let mut title_seen = false;
    let parser =
        Parser::new_ext(markdown, Options::ENABLE_TABLES).filter_map(|event| match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if !title_seen => {
                in_title = true;
                title_seen = true;
                None
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) if in_title => {
                in_title = false;
                None
            }
            _ if in_title => None,
            Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
            other => Some(other),
        });
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_render_and_raw_html_does_not() {
        let html =
            from_markdown("# Title\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n<script>x</script>\n");
        assert!(!html.contains("Title"));
        assert!(
            html.contains("<table>") && html.contains("<td style=\"text-align: right\">2</td>")
        );
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    }
}
