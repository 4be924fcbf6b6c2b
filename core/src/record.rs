//! What a run records: sampled traces and spikes.
//!
//! The CLI keeps everything; the page keeps a sliding window (the plots show a window, and a tab
//! left open for an hour must not grow without bound). Buffers are reused, never reallocated
//! per step.

use crate::model::Spike;

/// How much of the past a recording keeps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Retention {
    All,
    /// Keep at least the last `ms` milliseconds (old data is dropped in chunks, amortised O(1)).
    Window(f64),
}

#[derive(Clone, Debug)]
pub struct Recording {
    pub retention: Retention,
    /// Sample times, ms.
    pub t: Vec<f64>,
    /// One column per declared trace, aligned with `t`.
    pub traces: Vec<Vec<f64>>,
    pub spikes: Vec<Spike>,
    /// Time from which this recording holds complete data (moves forward as a window drops).
    pub t_begin: f64,
    /// Total spikes since the start, including those a window has dropped.
    pub spike_total: u64,
}

impl Recording {
    pub fn new(n_traces: usize, retention: Retention) -> Self {
        Recording {
            retention,
            t: Vec::new(),
            traces: vec![Vec::new(); n_traces],
            spikes: Vec::new(),
            t_begin: 0.0,
            spike_total: 0,
        }
    }

    pub fn clear(&mut self, t_now: f64) {
        self.t.clear();
        for c in &mut self.traces {
            c.clear();
        }
        self.spikes.clear();
        self.t_begin = t_now;
        self.spike_total = 0;
    }

    pub fn push_sample(&mut self, t: f64, values: &[f64]) {
        self.t.push(t);
        for (c, v) in self.traces.iter_mut().zip(values) {
            c.push(*v);
        }
    }

    pub fn push_spikes(&mut self, spikes: &[Spike]) {
        self.spikes.extend_from_slice(spikes);
        self.spike_total += spikes.len() as u64;
    }

    /// Drops what lies before the window, once the oldest data is a full window behind.
    pub fn trim(&mut self, t_now: f64) {
        let Retention::Window(w) = self.retention else {
            return;
        };
        // Cut on a grid of whole windows, so between W and 2W is held and each sample is moved at
        // most once, and the cut depends on `t_now` alone: a run trimmed after every step and its
        // mirror trimmed after every batch hold the same data (a short window, e.g.
        // brunel_phase's 56 runs, is crossed many times within 300 steps).
        let cut = w * ((t_now / w).floor() - 1.0);
        if cut <= self.t_begin {
            return;
        }
        let k = self.t.partition_point(|&t| t < cut);
        self.t.drain(..k);
        for c in &mut self.traces {
            c.drain(..k);
        }
        let s = self.spikes.partition_point(|s| s.t_ms < cut);
        self.spikes.drain(..s);
        self.t_begin = cut;
    }

    /// Duration covered by the recording, ms.
    pub fn duration_ms(&self, t_now: f64) -> f64 {
        (t_now - self.t_begin).max(0.0)
    }

    pub fn trace(&self, i: usize) -> &[f64] {
        &self.traces[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Sample times k·DT are exact in binary, so the boundary t = now − window is hit exactly.
    const DT: f64 = 0.5;
    const W: f64 = 10.0;

    fn spike(t_ms: f64, neuron: u32) -> Spike {
        Spike { t_ms, neuron }
    }

    /// Pushes samples at k·DT for k in `from..=to` (two traces: 2t and −t), trimming after each
    /// as `Simulation` does.
    fn fill(rec: &mut Recording, from: u32, to: u32) {
        for k in from..=to {
            let t = k as f64 * DT;
            rec.push_sample(t, &[2.0 * t, -t]);
            rec.trim(t);
        }
    }

    #[test]
    fn a_window_keeps_the_sample_at_now_minus_window_and_drops_older() {
        let mut rec = Recording::new(2, Retention::Window(W));
        rec.push_spikes(&[
            spike(9.5, 0),
            spike(10.0, 1),
            spike(10.5, 2),
            spike(15.0, 0),
        ]);
        // Up to t = 19.5 less than two windows are held: nothing is dropped yet.
        fill(&mut rec, 0, 39);
        assert_eq!(
            (rec.t.len(), rec.t[0], rec.spikes.len(), rec.t_begin),
            (40, 0.0, 4, 0.0)
        );
        // At t = 20 = 2W the window trims to t >= 20 − W = 10: 10, 10.5, ..., 20 (21 samples).
        fill(&mut rec, 40, 40);
        assert_eq!(rec.t[0], 10.0);
        assert_eq!(rec.t.len(), 21);
        assert_eq!(*rec.t.last().unwrap(), 20.0);
        // The traces stay aligned with the times.
        assert_eq!(
            rec.trace(0),
            rec.t.iter().map(|t| 2.0 * t).collect::<Vec<_>>().as_slice()
        );
        assert_eq!(
            rec.trace(1),
            rec.t.iter().map(|t| -t).collect::<Vec<_>>().as_slice()
        );
        // Spikes follow the same rule: the one at exactly 10 ms stays, the one at 9.5 goes.
        assert_eq!(rec.spikes, [spike(10.0, 1), spike(10.5, 2), spike(15.0, 0)]);
        assert_eq!(
            rec.spike_total, 4,
            "the total counts the dropped spikes too"
        );
        assert_eq!((rec.t_begin, rec.duration_ms(20.0)), (10.0, W));
    }

    #[test]
    fn a_window_always_covers_the_last_window_and_stays_bounded() {
        let mut rec = Recording::new(1, Retention::Window(W));
        let mut capacity = None;
        // 100 000 samples = 5000 windows; a spike every sample.
        for k in 0..100_000u32 {
            let t = k as f64 * DT;
            rec.push_sample(t, &[t]);
            rec.push_spikes(&[spike(t, k % 7)]);
            rec.trim(t);
            // At least the last window is there...
            assert!(
                rec.t[0] <= (t - W).max(0.0),
                "t = {t}: oldest sample {}",
                rec.t[0]
            );
            assert!(rec.t_begin <= rec.t[0] && rec.spikes[0].t_ms >= rec.t_begin);
            // ...and less than two: between trims t − t_begin < 2W (trimming waits for 2W so each
            // sample is moved once), so [t_begin, t] holds at most 2W/DT samples, and spikes.
            let bound = (2.0 * W / DT) as usize;
            assert!(
                rec.t.len() <= bound && rec.trace(0).len() == rec.t.len(),
                "t = {t}: {}",
                rec.t.len()
            );
            assert!(
                rec.spikes.len() <= bound,
                "t = {t}: {} spikes",
                rec.spikes.len()
            );
            // After the first few windows the buffers are reused: no reallocation.
            if t == 10.0 * W {
                capacity = Some((
                    rec.t.capacity(),
                    rec.traces[0].capacity(),
                    rec.spikes.capacity(),
                ));
            } else if let Some(c) = capacity {
                let now = (
                    rec.t.capacity(),
                    rec.traces[0].capacity(),
                    rec.spikes.capacity(),
                );
                assert_eq!(now, c, "t = {t}: buffers regrown");
            }
        }
        assert_eq!(rec.spike_total, 100_000);
    }

    #[test]
    fn retention_all_keeps_everything() {
        let mut rec = Recording::new(2, Retention::All);
        rec.push_spikes(&[spike(0.0, 0)]);
        fill(&mut rec, 0, 4000); // 2000 ms = 200 windows of W
        assert_eq!(
            (rec.t.len(), rec.t[0], rec.trace(1).len()),
            (4001, 0.0, 4001)
        );
        assert_eq!(
            (rec.spikes.len(), rec.t_begin, rec.duration_ms(2000.0)),
            (1, 0.0, 2000.0)
        );
    }

    #[test]
    fn clear_empties_and_restarts_the_window_at_t() {
        let mut rec = Recording::new(2, Retention::Window(W));
        rec.push_spikes(&[spike(1.0, 3)]);
        fill(&mut rec, 0, 100);
        rec.clear(42.0);
        assert!(rec.t.is_empty() && rec.spikes.is_empty());
        assert_eq!(rec.traces.len(), 2, "clear keeps one column per trace");
        assert!(rec.traces.iter().all(|c| c.is_empty()));
        assert_eq!((rec.t_begin, rec.spike_total), (42.0, 0));
        assert_eq!(
            (
                rec.duration_ms(42.0),
                rec.duration_ms(50.0),
                rec.duration_ms(41.0)
            ),
            (0.0, 8.0, 0.0)
        );
        // The window now counts from 42; cuts fall on whole windows of t (a function of t
        // alone): the first at t = 60, cutting at 50, which leaves 10 ms = W.
        fill(&mut rec, 84, 119); // 42 .. 59.5
        assert_eq!((rec.t[0], rec.t.len()), (42.0, 36));
        fill(&mut rec, 120, 120); // 60
        assert_eq!((rec.t[0], rec.t.len(), rec.t_begin), (50.0, 21, 50.0));
    }
}
