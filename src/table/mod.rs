//! The table machinery every pane shares: rows described as data (`Resource`, `Column`),
//! the keyed row store with its sorted, filtered view, the filter grammar, sort keys, search
//! haystacks and cell formatting. It knows nothing of the app, the UI or the network, so the
//! panes (above it) can describe their columns without importing either.

pub mod cell_sort;
pub mod chunk_sort;
pub mod column_cells;
pub mod filter;
pub mod format;
pub mod haystacks;
pub mod orders;
pub mod resource;
pub mod rows;
pub mod sort;
pub mod texts;
pub mod touched;

pub use rows::{Keyed, ResourceTable};
