//! Speed and frame-gap accounting: how much wall time a frame stands for, what one step costs
//! (to size the chunks to the budget), the simulated time owed, and the measured speed.

/// A frame gap longer than this (a background tab, a debugger) is not caught up.
pub const MAX_FRAME_GAP_MS: f64 = 100.0;

/// Smoothed ratio of simulated to wall time (exponential moving average over ≈ 1 s).
#[derive(Clone, Copy, Debug, Default)]
pub struct SpeedMeter {
    pub ratio: f64,
    pub primed: bool,
}

impl SpeedMeter {
    pub fn add(&mut self, sim_ms: f64, wall_ms: f64) {
        if wall_ms <= 0.0 {
            return;
        }
        let r = sim_ms / wall_ms;
        if !self.primed {
            self.ratio = r;
            self.primed = true;
        } else {
            let a = (wall_ms / 1000.0).min(1.0);
            self.ratio += a * (r - self.ratio);
        }
    }
}

/// Steps of a first chunk, whose time measures the cost of a step.
const PROBE_STEPS: u64 = 4;

/// The engine's pacing between frames.
#[derive(Clone, Copy, Debug)]
pub struct Pace {
    /// The timestamp of the last frame that ran; `None` after a pause or while off screen, so
    /// that the next frame counts no wall time.
    pub last_frame: Option<f64>,
    /// Estimated cost of one step, ms (adapts the chunk size to the budget); 0 until measured.
    pub step_cost_ms: f64,
    /// Simulated time owed to the clock that a whole step did not cover yet, ms.
    pub carry_ms: f64,
    pub meter: SpeedMeter,
    /// When the panels were last updated (at most 5 times a second while playing).
    pub last_ui_update: f64,
}

impl Default for Pace {
    fn default() -> Pace {
        Pace {
            last_frame: None,
            step_cost_ms: 0.0,
            carry_ms: 0.0,
            meter: SpeedMeter::default(),
            last_ui_update: f64::NEG_INFINITY,
        }
    }
}

impl Pace {
    /// The wall time this frame stands for: the gap since the last one, capped.
    pub fn frame_gap(&mut self, now: f64) -> f64 {
        let wall = self
            .last_frame
            .map_or(0.0, |l| (now - l).clamp(0.0, MAX_FRAME_GAP_MS));
        self.last_frame = Some(now);
        wall
    }

    /// How many steps fit in `ms` of wall time: a few, to measure them, while the cost is not
    /// known (a first guess too low let a costly model's preview take a whole run in one go).
    pub fn steps_within(&self, ms: f64) -> u64 {
        if self.step_cost_ms > 0.0 {
            (ms / self.step_cost_ms).max(0.0) as u64
        } else {
            PROBE_STEPS
        }
    }

    /// Folds the measured cost of `steps` steps into the estimate. The first reading is taken
    /// as it is (at least a clock tick's worth, 0.1 ms: a browser's clock is that coarse).
    pub fn add_step_cost(&mut self, spent_ms: f64, steps: u64) {
        if self.step_cost_ms == 0.0 {
            self.step_cost_ms = spent_ms.max(0.1) / steps as f64;
        } else if spent_ms > 0.0 {
            self.step_cost_ms = 0.7 * self.step_cost_ms + 0.3 * (spent_ms / steps as f64).max(1e-6);
        }
    }

    /// The cost is measured afresh (a new run may have another size).
    pub fn forget_step_cost(&mut self) {
        self.step_cost_ms = 0.0;
    }

    /// Play, pause: the next frame counts no gap, the speed is measured afresh.
    pub fn restart(&mut self) {
        self.last_frame = None;
        self.meter = SpeedMeter::default();
    }

    /// Whether the panels are due (forced, or 200 ms since the last update).
    pub fn ui_due(&mut self, now: f64, force: bool) -> bool {
        if !force && now - self.last_ui_update < 200.0 {
            return false;
        }
        self.last_ui_update = now;
        true
    }
}
