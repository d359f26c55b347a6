//! The engine writes code-like words between backticks (`mode: enforce`). They are shown as
//! `<code>` — built as DOM text nodes, so nothing in them is ever read as markup.

use leptos::prelude::*;

/// Splits `text` at backticks: even pieces are prose, odd pieces are code. An unpaired
/// backtick is kept as it is.
pub fn pieces(text: &str) -> Vec<(bool, String)> {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        // Odd number of backticks: do not guess which one is stray.
        return vec![(false, text.to_string())];
    }
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, p)| !p.is_empty())
        .map(|(i, p)| (i % 2 == 1, p.to_string()))
        .collect()
}

/// Text with its backtick spans as `<code>`.
pub fn rich(text: &str) -> impl IntoView {
    pieces(text)
        .into_iter()
        .map(|(code, piece)| {
            if code {
                view! { <code>{piece}</code> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn backtick_spans_become_code() {
        assert_eq!(
            pieces("The policy is served as `text/plain`."),
            vec![
                (false, "The policy is served as ".to_string()),
                (true, "text/plain".to_string()),
                (false, ".".to_string()),
            ]
        );
        assert_eq!(pieces("no code"), vec![(false, "no code".to_string())]);
        assert_eq!(pieces("a ` stray"), vec![(false, "a ` stray".to_string())]);
        assert_eq!(pieces("`<script>`"), vec![(true, "<script>".to_string())]);
    }
}
