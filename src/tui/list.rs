//! The one filtered list behind the queue, audit and certificates screens:
//! the rows held, the indices of those the filters let through (in the
//! order shown), the cursor on them and the first row drawn. Each screen
//! keeps what is its own (filters, paging, marks) beside it.

use crate::tui::keymap::Cmd;

/// How far a move command takes the cursor of a list showing `page` rows;
/// `None` for a command that is not a move.
pub fn move_delta(c: Cmd, page: usize) -> Option<isize> {
    let page = page as isize;
    Some(match c {
        Cmd::Down => 1,
        Cmd::Up => -1,
        Cmd::PageDown => page,
        Cmd::PageUp => -page,
        Cmd::Top => isize::MIN / 2,
        Cmd::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

/// A key typed into a list's filter text: Enter keeps the text and ends
/// the typing, Esc clears it. `false`: not a key of the filter's.
pub fn filter_text_key(text: &mut String, editing: &mut bool, k: crossterm::event::KeyEvent) -> bool {
    use crossterm::event::KeyCode;
    match k.code {
        KeyCode::Enter => *editing = false,
        KeyCode::Esc => {
            *editing = false;
            text.clear();
        }
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char(c) => text.push(c),
        _ => return false,
    }
    true
}

/// Rows, the ones shown, the cursor and the scroll offset.
#[derive(Debug, Clone)]
pub struct FilteredList<T> {
    pub rows: Vec<T>,
    /// Indices into `rows`, filtered and sorted.
    pub view: Vec<u32>,
    /// Position in `view`.
    pub cursor: usize,
    /// First row drawn.
    pub offset: usize,
}

impl<T> Default for FilteredList<T> {
    fn default() -> Self {
        FilteredList {
            rows: Vec::new(),
            view: Vec::new(),
            cursor: 0,
            offset: 0,
        }
    }
}

impl<T> FilteredList<T> {
    /// The row shown at `pos`.
    pub fn row(&self, pos: usize) -> Option<&T> {
        self.view.get(pos).and_then(|&i| self.rows.get(i as usize))
    }

    pub fn selected(&self) -> Option<&T> {
        self.row(self.cursor)
    }

    /// The position shown of the first row that `hit` picks.
    pub fn position(&self, hit: impl Fn(&T) -> bool) -> Option<usize> {
        self.view.iter().position(|&i| hit(&self.rows[i as usize]))
    }

    /// Shows the rows `keep` lets through, in row order; the cursor stays
    /// inside.
    pub fn filter(&mut self, keep: impl Fn(&T) -> bool) {
        self.view = (0..self.rows.len() as u32)
            .filter(|&i| keep(&self.rows[i as usize]))
            .collect();
        self.clamp();
    }

    /// The cursor back inside the rows shown.
    pub fn clamp(&mut self) {
        self.cursor = self.cursor.min(self.view.len().saturating_sub(1));
    }

    /// Moves the cursor by `delta` rows and keeps it inside `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let last = self.view.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, last.max(0)) as usize;
        self.scroll_into_view(height);
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = self.first_visible(height).min(self.view.len().saturating_sub(1));
    }

    /// The first row to draw in `height` rows, so the cursor always shows.
    pub fn first_visible(&self, height: usize) -> usize {
        let h = height.max(1);
        if self.cursor < self.offset {
            self.cursor
        } else if self.cursor >= self.offset + h {
            self.cursor + 1 - h
        } else {
            self.offset
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FilteredList;

    #[test]
    fn the_cursor_stays_on_the_rows_shown_and_in_sight() {
        let mut l = FilteredList {
            rows: (0..100).collect::<Vec<u32>>(),
            ..Default::default()
        };
        l.filter(|r| r % 2 == 0);
        assert_eq!(l.view.len(), 50);
        l.move_by(30, 10);
        assert_eq!((l.cursor, l.offset), (30, 21));
        assert_eq!(l.selected(), Some(&60));
        l.move_by(-100, 10);
        assert_eq!((l.cursor, l.offset), (0, 0));
        l.move_by(1000, 10);
        assert_eq!(l.cursor, 49);
        l.filter(|r| *r < 10);
        assert_eq!((l.cursor, l.selected()), (9, Some(&9)));
        assert_eq!(l.position(|r| *r == 4), Some(4));
        l.filter(|_| false);
        assert_eq!((l.cursor, l.selected()), (0, None));
    }
}
