//! The `sim` block of a lesson: what the lesson asks of a widget. Shared, so that the widget
//! reads it without knowing lessons.

/// A `sim` block: which simulation, which preset, and optional settings.
#[derive(Clone, Debug, PartialEq)]
pub struct SimBlock {
    pub id: String,
    pub preset: Option<String>,
    pub caption: Option<String>,
    /// `name=value` settings applied after the preset (`set: I_ext=5, g_Na=60`).
    pub set: Vec<(String, String)>,
    /// The plots to show, by id (`plots: raster, rate`); all if empty. Each sim block of a
    /// lesson can show what its paragraph is about, and a hidden sweep is never computed.
    pub plots: Vec<String>,
    /// Starts playing when first seen (`play: no` keeps it paused: a block whose point is a
    /// sweep leaves the machine to the sweep).
    pub play: bool,
    /// Anchor of this block in the page, unique within the lesson (`sim-hh`, `sim-hh-2`).
    pub anchor: String,
    /// Line of the block in the markdown file (for error messages).
    pub line: usize,
}
