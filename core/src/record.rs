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
        let Retention::Window(w) = self.retention else { return };
        // Trim only when twice the window is held, so each sample is moved at most once.
        if t_now - self.t_begin < 2.0 * w {
            return;
        }
        let cut = t_now - w;
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
