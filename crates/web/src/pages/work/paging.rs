//! Lists shown a page at a time: the rows a page asks the database for, and the pager the
//! templates draw under the list (`partials/pager.html`).

use casework::Page;
use minijinja::{Value, context};

/// The page a list was asked for (from 1; none or 0 is the first) and its rows per page.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    page: u64,
    rows: u64,
}

impl Paging {
    /// The `requested` page of a list of `rows` a page.
    pub fn new(requested: Option<u64>, rows: u64) -> Self {
        Self {
            page: requested.unwrap_or(1).max(1),
            rows,
        }
    }

    /// What to read: the page's rows.
    pub fn page(self) -> Page {
        Page {
            offset: (self.page - 1).saturating_mul(self.rows),
            limit: self.rows,
        }
    }

    /// The pager of a list of `total` rows: this page, the number of pages (at least one), and
    /// the previous and next pages where there are.
    pub fn pager(self, total: u64) -> Value {
        let pages = total.div_ceil(self.rows.max(1)).max(1);
        let page = self.page;
        context! {
            page, pages,
            prev => (page > 1).then(|| page - 1),
            next => (page < pages).then(|| page + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Paging;

    #[test]
    fn pages_count_the_last_partial_page_and_link_their_neighbours() {
        let p = Paging::new(Some(2), 50);
        assert_eq!((p.page().offset, p.page().limit), (50, 50));
        let pager = p.pager(101);
        assert_eq!(pager.get_attr("pages").unwrap().as_usize(), Some(3));
        assert_eq!(pager.get_attr("prev").unwrap().as_usize(), Some(1));
        assert_eq!(pager.get_attr("next").unwrap().as_usize(), Some(3));
        let first = Paging::new(Some(0), 50);
        assert_eq!(first.page().offset, 0);
        let empty = first.pager(0);
        assert_eq!(empty.get_attr("pages").unwrap().as_usize(), Some(1));
        assert!(empty.get_attr("prev").unwrap().is_none());
        assert!(empty.get_attr("next").unwrap().is_none());
    }
}
