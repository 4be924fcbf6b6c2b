//! A grid world as a plot shows it (`PlotKind::Arena`): its cells (free, wall, cliff, start,
//! goal), a value per cell drawn as a colour layer, the greedy action per cell drawn as an arrow,
//! the agent and its recent path. A model fills an `Arena` in `Model::arena`; where its plot
//! declares the arena editable, a click on a cell reaches `Model::edit_arena`.
//!
//! Coordinates are (column x, row y) with row 0 at the top, as a maze is drawn and read.

use serde::{Deserialize, Serialize};

/// What a cell is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    #[default]
    Free,
    Wall,
    /// Stepping here costs a large negative reward and sends the agent back to the start.
    Cliff,
    Start,
    Goal,
}

/// One of the four moves of a grid world, as a policy arrow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Up,
    Down,
    Left,
    Right,
}

impl Move {
    pub const ALL: [Move; 4] = [Move::Up, Move::Down, Move::Left, Move::Right];
    /// The step (dx, dy) of the move, y growing downwards.
    pub fn delta(self) -> (i32, i32) {
        match self {
            Move::Up => (0, -1),
            Move::Down => (0, 1),
            Move::Left => (-1, 0),
            Move::Right => (1, 0),
        }
    }
}

/// Which edits a click on an arena may make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArenaEdit {
    /// The arena is only shown.
    None,
    /// A click toggles a wall.
    Walls,
    /// A click toggles a wall, or moves the goal (the widget offers the choice).
    WallsAndGoal,
}

/// What a click on a cell asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArenaTool {
    ToggleWall,
    MoveGoal,
}

/// A grid world's state for drawing. Every per-cell vector is row-major, `width × height`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Arena {
    pub width: usize,
    pub height: usize,
    pub cells: Vec<Cell>,
    /// The value of each cell (a state value, max_a Q); NaN where none is drawn.
    #[serde(with = "nan_as_null")]
    pub values: Vec<f64>,
    /// The range the colour layer spans; fitted to the values when empty (lo ≥ hi).
    pub value_range: (f64, f64),
    /// The greedy action in each cell; `None` where there is none (walls, the goal, ties at start).
    pub policy: Vec<Option<Move>>,
    /// Where the agent is.
    pub agent: Option<(usize, usize)>,
    /// The agent's recent path, oldest first (cells it visited, the current one last).
    pub path: Vec<(usize, usize)>,
    /// A short note under each column (the windy gridworld's wind strength), or empty.
    pub column_notes: Vec<String>,
}

impl Arena {
    /// An arena of `width × height` free cells with no values, policy, agent or path.
    pub fn new(width: usize, height: usize) -> Arena {
        let n = width * height;
        Arena {
            width,
            height,
            cells: vec![Cell::Free; n],
            values: vec![f64::NAN; n],
            value_range: (0.0, 0.0),
            policy: vec![None; n],
            ..Arena::default()
        }
    }
    /// The index of cell (x, y) in the per-cell vectors.
    pub fn index(&self, x: usize, y: usize) -> usize {
        y * self.width + x
    }
    /// Whether every per-cell vector has one entry per cell and every position lies inside.
    pub fn is_consistent(&self) -> bool {
        let n = self.width * self.height;
        let inside = |&(x, y): &(usize, usize)| x < self.width && y < self.height;
        n > 0
            && self.cells.len() == n
            && self.values.len() == n
            && self.policy.len() == n
            && self.agent.iter().all(inside)
            && self.path.iter().all(inside)
            && (self.column_notes.is_empty() || self.column_notes.len() == self.width)
    }
}

/// JSON has no NaN: a cell without a value travels as `null`.
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| x.is_finite().then_some(*x)))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Option<f64>>::deserialize(d)?
            .into_iter()
            .map(|x| x.unwrap_or(f64::NAN))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_arena_is_consistent_and_indexes_rows_from_the_top() {
        let mut a = Arena::new(4, 3);
        assert!(a.is_consistent());
        assert_eq!(a.index(3, 2), 11);
        a.agent = Some((4, 0));
        assert!(!a.is_consistent(), "an agent outside the grid is caught");
        a.agent = Some((3, 2));
        a.column_notes = vec!["1".into()];
        assert!(!a.is_consistent(), "column notes must cover every column");
        assert_eq!(Move::Up.delta(), (0, -1));
    }

    #[test]
    fn an_arena_survives_the_trip_to_the_worker() {
        let mut a = Arena::new(2, 2);
        a.cells[1] = Cell::Goal;
        a.values = vec![0.5, f64::NAN, -1.0, 2.0];
        a.policy[0] = Some(Move::Right);
        a.path = vec![(0, 1), (0, 0)];
        let back: Arena = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back.cells, a.cells);
        assert_eq!(back.policy, a.policy);
        assert!(
            back.values[1].is_nan() && back.values[3] == 2.0,
            "NaN travels as null and comes back"
        );
    }
}
