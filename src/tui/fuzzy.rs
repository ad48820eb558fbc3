//! A small subsequence scorer for the command palette: every query
//! character must appear in order; consecutive matches and matches at word
//! starts score higher, later first matches lower.

/// The score of `query` against `text` (case-insensitive), or `None` when
/// the query is not a subsequence of the text.
pub fn score(query: &str, text: &str) -> Option<i32> {
    let q: Vec<char> = query
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .collect();
    if q.is_empty() {
        return Some(0);
    }
    let mut qi = 0;
    let mut total = 0;
    let mut prev_match: Option<usize> = None;
    let mut prev_char = ' ';
    for (i, c) in text.chars().flat_map(char::to_lowercase).enumerate() {
        if qi < q.len() && c == q[qi] {
            let mut s = 1;
            if prev_match.is_some_and(|p| p + 1 == i) {
                s += 5;
            }
            if !prev_char.is_alphanumeric() {
                s += 3;
            }
            if qi == 0 {
                s -= (i as i32).min(10);
            }
            total += s;
            prev_match = Some(i);
            qi += 1;
        }
        prev_char = c;
    }
    (qi == q.len()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_matches_and_ranks_word_starts() {
        assert!(score("apv", "approve").is_some());
        assert!(score("xyz", "approve").is_none());
        let a = score("rej", "reject").unwrap();
        let b = score("rej", "ready for e-mail join").unwrap();
        assert!(a > b);
        assert_eq!(score("", "anything"), Some(0));
    }
}
