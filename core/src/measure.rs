//! Spike-train statistics shared by the models' measures (Dayan & Abbott ch. 1).

use crate::model::Spike;
use crate::record::Recording;

/// Mean firing rate in Hz of `n_neurons` over the recording.
pub fn rate_hz(rec: &Recording, n_neurons: usize, t_now: f64) -> Option<f64> {
    let d = rec.duration_ms(t_now);
    if d <= 0.0 || n_neurons == 0 {
        return None;
    }
    Some(rec.spikes.len() as f64 / n_neurons as f64 / (d * 1e-3))
}

/// Firing rate from the inter-spike intervals of one neuron (1 / mean ISI), in Hz: for a regular
/// spiker this converges much faster than a spike count over a window.
pub fn rate_from_isi_hz(spikes: &[Spike], neuron: u32) -> Option<f64> {
    let (n, sum, _) = isi_moments(spikes, neuron);
    (n >= 1).then(|| 1000.0 * n as f64 / sum)
}

/// (count, sum, sum of squares) of the ISIs of one neuron, in ms.
fn isi_moments(spikes: &[Spike], neuron: u32) -> (usize, f64, f64) {
    let mut last: Option<f64> = None;
    let (mut n, mut s, mut s2) = (0usize, 0.0, 0.0);
    for sp in spikes.iter().filter(|s| s.neuron == neuron) {
        if let Some(l) = last {
            let isi = sp.t_ms - l;
            n += 1;
            s += isi;
            s2 += isi * isi;
        }
        last = Some(sp.t_ms);
    }
    (n, s, s2)
}

/// Coefficient of variation of one neuron's ISIs (needs two intervals).
pub fn cv_isi(spikes: &[Spike], neuron: u32) -> Option<f64> {
    let (n, s, s2) = isi_moments(spikes, neuron);
    if n < 2 {
        return None;
    }
    let m = s / n as f64;
    let var = (s2 / n as f64 - m * m).max(0.0);
    Some(var.sqrt() / m)
}

/// Mean ISI CV over the neurons that have at least two intervals.
pub fn mean_cv_isi(spikes: &[Spike], n_neurons: usize) -> Option<f64> {
    let cvs: Vec<f64> = (0..n_neurons as u32)
        .filter_map(|i| cv_isi(spikes, i))
        .collect();
    (!cvs.is_empty()).then(|| cvs.iter().sum::<f64>() / cvs.len() as f64)
}

/// All ISIs of all neurons, ms (for histograms).
pub fn isis(spikes: &[Spike], out: &mut Vec<f64>) {
    out.clear();
    let max_neuron = spikes.iter().map(|s| s.neuron).max().unwrap_or(0) as usize;
    let mut last = vec![f64::NAN; max_neuron + 1];
    for s in spikes {
        let l = &mut last[s.neuron as usize];
        if l.is_finite() {
            out.push(s.t_ms - *l);
        }
        *l = s.t_ms;
    }
}

/// Spike times of one neuron.
pub fn spike_times(spikes: &[Spike], neuron: u32) -> impl Iterator<Item = f64> + '_ {
    spikes
        .iter()
        .filter(move |s| s.neuron == neuron)
        .map(|s| s.t_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(t: &[f64]) -> Vec<Spike> {
        t.iter().map(|&t_ms| Spike { t_ms, neuron: 0 }).collect()
    }

    #[test]
    fn regular_train_has_zero_cv_and_its_rate() {
        let s = sp(&[0.0, 10.0, 20.0, 30.0]);
        assert_eq!(cv_isi(&s, 0), Some(0.0));
        assert_eq!(rate_from_isi_hz(&s, 0), Some(100.0));
    }

    #[test]
    fn cv_of_known_intervals() {
        // ISIs 10 and 30: mean 20, population sd 10, CV 0.5.
        let s = sp(&[0.0, 10.0, 40.0]);
        assert!((cv_isi(&s, 0).unwrap() - 0.5).abs() < 1e-12);
    }
}
