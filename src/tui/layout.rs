//! The frame's proportions: the smallest terminal drawn into, where the
//! review pane moves under the list, and how many rows a list shows. A
//! leaf, shared by the app (page moves) and the drawing.

/// Smallest terminal the console draws into.
pub const MIN_W: u16 = 60;
pub const MIN_H: u16 = 16;

/// Below this width the review pane goes under the list.
pub const WIDE: u16 = 120;

/// Rows of the case list at this terminal size (matches `queues::draw`).
pub fn list_rows(w: u16, h: u16) -> usize {
    let main = h.saturating_sub(4);
    let list = if w >= WIDE { main } else { main / 2 };
    list.saturating_sub(3).max(1) as usize
}
