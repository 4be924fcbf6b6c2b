//! What a widget is asked to be, read from its lesson block and its URL: the controls an embed
//! keeps (`show=`), the plots kept (`plots=` in an embed, `plots:` in a lesson), the speed, the
//! benchmark, presenter mode and autoplay. Pure: tested natively.

use crate::shared::sim_block::SimBlock;
use neurolive_core::model::ModelSpec;

#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The controls an embed keeps (`show=a,b`; empty: none); `None`: all.
    pub show: Option<Vec<String>>,
    /// The plots kept, by id; `None`: all.
    pub plot_filter: Option<Vec<String>>,
    /// Plots a lesson block hides behind the "All plots" button.
    pub more_plots: usize,
    pub speed: Option<f64>,
    /// `bench=<simulated ms>`: the in-browser benchmark instead of a lesson view.
    pub bench_ms: Option<f64>,
    pub presenter: bool,
    /// Plays when first shown (unless the reader prefers reduced motion).
    pub autoplay: bool,
}

fn get<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl Options {
    pub fn read(spec: &ModelSpec, block: &SimBlock, query: &[(String, String)]) -> Options {
        // An embed may keep only some plots (`plots=voltage,fI`), so that each is large on a
        // slide; a lesson's sim block may too (`plots: raster, rate`), with a button that shows
        // the rest. Unknown ids are dropped; hidden sweeps are not computed.
        let known = |ids: Vec<String>| -> Option<Vec<String>> {
            Some(
                ids.into_iter()
                    .filter(|s| spec.plots.iter().any(|p| p.id == s))
                    .collect::<Vec<_>>(),
            )
            .filter(|v| !v.is_empty())
        };
        let embed_filter = get(query, "plots").and_then(|v| known(list(v)));
        let lesson_filter = if embed_filter.is_some() {
            None
        } else {
            known(block.plots.clone())
        };
        let more_plots = lesson_filter
            .as_ref()
            .map_or(0, |f| spec.plots.len() - f.len());
        let bench_ms = get(query, "bench")
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|v| *v > 0.0 && v.is_finite());
        Options {
            show: get(query, "show").map(list),
            plot_filter: embed_filter.or(lesson_filter),
            more_plots,
            speed: get(query, "speed").and_then(|v| v.parse().ok()),
            bench_ms,
            presenter: get(query, "presenter").is_some_and(|v| v != "0"),
            autoplay: bench_ms.is_none()
                && block.play
                && get(query, "play").is_none_or(|v| v != "0"),
        }
    }

    /// Whether parameter `name` has a control.
    pub fn shows(&self, name: &str) -> bool {
        self.show
            .as_ref()
            .is_none_or(|s| s.iter().any(|n| n == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neurolive_core::neuron::passive::SPEC;

    fn block(plots: &[&str], play: bool) -> SimBlock {
        SimBlock {
            id: "passive".into(),
            preset: None,
            caption: None,
            set: vec![],
            plots: plots.iter().map(|s| s.to_string()).collect(),
            play,
            anchor: "sim-passive".into(),
            line: 0,
        }
    }

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn an_embed_filter_replaces_the_lesson_filter() {
        let first = SPEC.plots[0].id;
        let lesson = Options::read(&SPEC, &block(&[first, "nonsense"], true), &[]);
        assert_eq!(lesson.plot_filter, Some(vec![first.to_string()]));
        assert_eq!(lesson.more_plots, SPEC.plots.len() - 1);
        let embed = Options::read(&SPEC, &block(&[first], true), &q(&[("plots", first)]));
        assert_eq!(embed.plot_filter, Some(vec![first.to_string()]));
        assert_eq!(embed.more_plots, 0, "an embed has no 'All plots' button");
        let unknown = Options::read(&SPEC, &block(&[], true), &q(&[("plots", "nope")]));
        assert_eq!(
            unknown.plot_filter, None,
            "a filter of unknown plots shows them all"
        );
    }

    #[test]
    fn autoplay_show_and_bench() {
        assert!(Options::read(&SPEC, &block(&[], true), &[]).autoplay);
        assert!(!Options::read(&SPEC, &block(&[], false), &[]).autoplay);
        assert!(!Options::read(&SPEC, &block(&[], true), &q(&[("play", "0")])).autoplay);
        let b = Options::read(
            &SPEC,
            &block(&[], true),
            &q(&[
                ("bench", "1000"),
                ("show", "I_ext, tau_m"),
                ("speed", "0.5"),
            ]),
        );
        assert_eq!(b.bench_ms, Some(1000.0));
        assert!(!b.autoplay, "a benchmark never plays");
        assert!(b.shows("tau_m") && !b.shows("E_L"));
        assert_eq!(b.speed, Some(0.5));
        assert!(Options::read(&SPEC, &block(&[], true), &q(&[("show", "")]))
            .show
            .unwrap()
            .is_empty());
    }
}
