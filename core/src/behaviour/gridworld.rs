//! Tabular control in grid worlds: Q-learning, SARSA and Dyna-Q (Sutton & Barto 2018, 2nd ed.).
//!
//! States are the cells of a grid, actions the four moves. A move into a wall or out of the grid
//! leaves the agent where it is. After each real step (s, a, r, s′) the agent updates
//!   Q-learning (§6.5, Watkins 1989):  Q(s,a) ← Q(s,a) + α [r + γ max_a′ Q(s′,a′) − Q(s,a)]
//!   SARSA (§6.4, on-policy):         Q(s,a) ← Q(s,a) + α [r + γ Q(s′,a′) − Q(s,a)],
//!                                     a′ the action it will take in s′,
//! with Q(terminal, ·) = 0. Actions are ε-greedy (ties among maxima broken at random). Dyna-Q
//! (§8.2, Figure 8.1's tabular Dyna-Q) is Q-learning plus a deterministic model, Model(s,a) = (r, s′)
//! of the last transition seen, and `n_planning` simulated updates per real step, each on a
//! state–action pair drawn uniformly from those seen so far.
//!
//! Worlds (`world`), row 0 at the top:
//! - cliff (§6.5, Example 6.6): 12 × 4, start bottom-left, goal bottom-right, the cells between
//!   them a cliff. Reward −1 per step; stepping onto the cliff gives −100 and sends the agent back
//!   to the start (the episode goes on). γ = 1. Optimal path: along the cliff edge.
//! - windy (Example 6.5): 10 × 7, start (0, 3), goal (7, 3); a move from column x is followed by a
//!   shift of wind[x] = 0,0,0,1,1,1,2,2,1,0 cells upwards (stopped by the border). −1 per step.
//! - maze (§8.2, Figure 8.2, the Dyna maze): 9 × 6 with seven wall cells, start (0, 2), goal
//!   (8, 0); reward 0, +1 on reaching the goal, γ = 0.95 in the book.
//! The optimum is computed, not assumed: a breadth-first search over the world's deterministic
//! transitions (a cliff edge, which only leads back to the start, is never part of a shortest
//! path) gives the shortest path length L*; the optimal undiscounted return is then
//! (L* − 1)·r_step + r_goal (−13 in cliff walking, −15 in the windy world; +1 in the maze, reached
//! in 14 steps). Since every step costs the same and falling is never shorter, this is also what
//! value iteration on the undiscounted problem gives.
//!
//! R = `runs` independent runs advance in lock-step: one clock unit (Clock::Episodes) is one whole
//! episode of every run. Curves are means over runs with their standard error; run 0 is the one
//! shown in the arena and whose greedy policy the measures roll out. An episode ends at the goal
//! or after `max_steps` steps (then it is counted in `capped_episodes`).
//!
//! The arena is editable: a wall may be toggled (not on the start, the goal, the agent, a cliff
//! cell, nor where it would cut the start off from the goal) and the goal moved. The runs keep
//! their Q tables and go on learning in the changed world, as in the blocking and shortcut mazes
//! of §8.3; `episodes_to_optimal` then counts from the change.

use crate::arena::{Cell, Move};
use crate::math::sqrt;
use crate::model::*;
use crate::params::Params;
use crate::record::Recording;
use crate::rng::{self, Rng};

/// Episodes whose per-episode statistics are kept for the curves (later ones are not drawn).
const HISTORY: usize = 20_000;
/// Cells of run 0's path remembered for the arena (the most recent ones).
const PATH_CAP: usize = 2_000;
const AGENTS: &[&str] = &["q_learning", "sarsa", "dyna_q"];
const WORLDS: &[&str] = &["cliff", "windy", "maze"];
const WINDY_WIND: [i32; 10] = [0, 0, 0, 1, 1, 1, 2, 2, 1, 0];
const MAZE_WALLS: [(usize, usize); 7] = [(2, 1), (2, 2), (2, 3), (5, 4), (7, 0), (7, 1), (7, 2)];

pub static SPEC: ModelSpec = ModelSpec {
    id: "gridworld",
    title: "Q-learning, SARSA and Dyna-Q in grid worlds",
    lecture: 8,
    summary: "An agent learns action values by trial and error in cliff walking, the windy gridworld and the Dyna \
              maze; many runs are averaged, and the value map and greedy policy of one run are drawn on the grid.",
    params: &[
        ParamSpec::choice("agent", "agent", AGENTS, 0)
            .help("q_learning: off-policy (max over next actions); sarsa: on-policy (the next action taken); dyna_q: Q-learning plus planning with a learned model")
            .restart(),
        ParamSpec::choice("world", "world", WORLDS, 0)
            .help("cliff walking (Example 6.6), the windy gridworld (Example 6.5) or the Dyna maze (Figure 8.2)")
            .restart(),
        ParamSpec::real("epsilon", r"\varepsilon", "", 0.0, 1.0, 0.1, 0.01).help("probability of a random action (ε-greedy)"),
        ParamSpec::real("alpha", r"\alpha", "", 0.01, 1.0, 0.5, 0.01).help("learning rate"),
        ParamSpec::real("gamma", r"\gamma", "", 0.0, 1.0, 1.0, 0.01).help("discount factor"),
        ParamSpec::int("n_planning", "n", 0.0, 100.0, 5.0).help("dyna_q: simulated updates from the learned model per real step"),
        ParamSpec::int("runs", "R", 1.0, 200.0, 50.0).help("independent runs averaged for the curves (run 0 is drawn)").restart(),
        ParamSpec::int("max_steps", "T_{\\max}", 100.0, 100_000.0, 10_000.0).help("steps after which an episode is cut off and counted"),
    ],
    presets: &[
        PresetSpec {
            name: "cliff",
            description: "Cliff walking with Q-learning: its greedy path runs along the cliff edge, the shortest, but \
                          exploring there makes it fall now and then.",
            values: &[],
        },
        PresetSpec {
            name: "cliff_sarsa",
            description: "Cliff walking with SARSA: it learns the value of the policy it follows, exploration included, \
                          and keeps a safe distance from the edge.",
            values: &[("agent", 1.0)],
        },
        PresetSpec {
            name: "windy",
            description: "The windy gridworld with SARSA: the wind pushes the agent up in the middle columns, and the \
                          shortest route overshoots and comes back down.",
            values: &[("world", 1.0), ("agent", 1.0)],
        },
        PresetSpec {
            name: "maze",
            description: "The Dyna maze with Q-learning and no planning: the reward at the goal creeps back one cell per \
                          episode along the path.",
            values: &[("world", 2.0), ("alpha", 0.1), ("gamma", 0.95)],
        },
        PresetSpec {
            name: "maze_dyna",
            description: "The Dyna maze with Dyna-Q, 50 planning updates per step: replaying remembered transitions \
                          spreads the value over the maze within a few episodes.",
            values: &[("world", 2.0), ("agent", 2.0), ("n_planning", 50.0), ("alpha", 0.1), ("gamma", 0.95)],
        },
    ],
    traces: &[
        TraceSpec::new("return_mean", "return of the episode, mean over runs", "", 1e12),
        TraceSpec::new("steps_mean", "steps of the episode, mean over runs", "", 1e12),
        TraceSpec::new("return_run0", "return of run 0's episode", "", 1e12),
        TraceSpec::new("greedy_return", "return of run 0's greedy policy from the start", "", 1e12),
    ],
    measures: &[
        MeasureSpec::new("greedy_return", "return of run 0's greedy policy from the start", ""),
        MeasureSpec::new("greedy_length", "steps of run 0's greedy path (capped at 4 × cells: no goal)", ""),
        MeasureSpec::new("episodes_to_optimal", "first episode after which run 0's greedy path is optimal", ""),
        MeasureSpec::new("optimal_return", "optimal return from the start (breadth-first search)", ""),
        MeasureSpec::new("optimal_length", "shortest path from start to goal (breadth-first search)", ""),
        MeasureSpec::new("online_return", "return per episode while learning, mean over runs and the last 100 episodes", ""),
        MeasureSpec::new("capped_episodes", "episodes cut off at max_steps (all runs)", ""),
    ],
    plots: &[
        PlotSpec {
            id: "arena",
            title: "The world, run 0's values max Q, greedy policy and last episode",
            kind: PlotKind::Arena { arena: "world", value_label: "max_a Q(s,a)", edit: ArenaEdit::WallsAndGoal },
        },
        PlotSpec {
            id: "returns",
            title: "Return per episode (mean ± SEM over runs)",
            kind: PlotKind::Profile {
                curves: &["return"],
                errors: &["return_sem"],
                x_label: "episode",
                y_label: "return",
                x: Range::Auto,
                y: Range::Auto,
            },
        },
        PlotSpec {
            id: "steps",
            title: "Steps per episode (mean ± SEM over runs)",
            kind: PlotKind::Profile {
                curves: &["steps"],
                errors: &["steps_sem"],
                x_label: "episode",
                y_label: "steps",
                x: Range::Auto,
                y: Range::Log,
            },
        },
    ],
    window_ms: 500.0,
    sample_ms: 1.0,
    default_duration_ms: 500.0,
    stochastic: true,
    clock: Clock::Episodes,
    offload: true,
};

pub static ENTRY: ModelEntry = ModelEntry { spec: &SPEC, build };

fn build(p: &Params, seed: u64) -> Box<dyn Model> {
    Box::new(GridWorld::new(p, seed))
}

/// A grid world with deterministic moves. Cells hold Free, Wall or Cliff; start and goal apart.
#[derive(Clone, Debug)]
pub struct World {
    pub width: usize,
    pub height: usize,
    cells: Vec<Cell>,
    wind: Vec<i32>,
    pub start: usize,
    pub goal: usize,
    step_reward: f64,
    goal_reward: f64,
    cliff_reward: f64,
}

impl World {
    pub fn preset(which: usize) -> World {
        let w = |width: usize,
                 height: usize,
                 start: (usize, usize),
                 goal: (usize, usize),
                 step: f64,
                 at_goal: f64| World {
            width,
            height,
            cells: vec![Cell::Free; width * height],
            wind: vec![0; width],
            start: start.1 * width + start.0,
            goal: goal.1 * width + goal.0,
            step_reward: step,
            goal_reward: at_goal,
            cliff_reward: -100.0,
        };
        match which {
            0 => {
                let mut c = w(12, 4, (0, 3), (11, 3), -1.0, -1.0);
                (1..11).for_each(|x| c.cells[3 * 12 + x] = Cell::Cliff);
                c
            }
            1 => {
                let mut c = w(10, 7, (0, 3), (7, 3), -1.0, -1.0);
                c.wind.copy_from_slice(&WINDY_WIND);
                c
            }
            _ => {
                let mut c = w(9, 6, (0, 2), (8, 0), 0.0, 1.0);
                MAZE_WALLS
                    .iter()
                    .for_each(|&(x, y)| c.cells[y * 9 + x] = Cell::Wall);
                c
            }
        }
    }

    pub fn n_states(&self) -> usize {
        self.width * self.height
    }

    fn open(&self, x: i32, y: i32) -> bool {
        x >= 0
            && y >= 0
            && (x as usize) < self.width
            && (y as usize) < self.height
            && self.cells[y as usize * self.width + x as usize] != Cell::Wall
    }

    /// The next cell before the cliff rule: the move (if open), then the column's wind upwards.
    fn target(&self, s: usize, a: usize) -> usize {
        let (x, y) = ((s % self.width) as i32, (s / self.width) as i32);
        let (dx, dy) = Move::ALL[a].delta();
        let (nx, mut ny) = if self.open(x + dx, y + dy) {
            (x + dx, y + dy)
        } else {
            (x, y)
        };
        for _ in 0..self.wind[x as usize] {
            if !self.open(nx, ny - 1) {
                break;
            }
            ny -= 1;
        }
        ny as usize * self.width + nx as usize
    }

    /// One real step: the next state and the reward (the cliff sends the agent back to the start).
    pub fn step(&self, s: usize, a: usize) -> (usize, f64) {
        let t = self.target(s, a);
        if self.cells[t] == Cell::Cliff {
            (self.start, self.cliff_reward)
        } else if t == self.goal {
            (t, self.goal_reward)
        } else {
            (t, self.step_reward)
        }
    }

    /// Shortest number of steps from the start to the goal, never over the cliff (None: unreachable).
    pub fn shortest_path(&self, dist: &mut Vec<u32>, queue: &mut Vec<usize>) -> Option<usize> {
        dist.clear();
        dist.resize(self.n_states(), u32::MAX);
        queue.clear();
        dist[self.start] = 0;
        queue.push(self.start);
        let mut head = 0;
        while head < queue.len() {
            let s = queue[head];
            head += 1;
            if s == self.goal {
                return Some(dist[s] as usize);
            }
            for a in 0..4 {
                let t = self.target(s, a);
                if self.cells[t] != Cell::Cliff && dist[t] == u32::MAX {
                    dist[t] = dist[s] + 1;
                    queue.push(t);
                }
            }
        }
        None
    }

    /// The return of a path of `len` steps that ends at the goal without falling.
    fn path_return(&self, len: usize) -> f64 {
        (len as f64 - 1.0) * self.step_reward + self.goal_reward
    }
}

struct Settings {
    agent: usize,
    epsilon: f64,
    alpha: f64,
    gamma: f64,
    n_planning: usize,
    max_steps: usize,
}

impl Settings {
    fn from(p: &Params) -> Self {
        Settings {
            agent: p.choice("agent"),
            epsilon: p.get("epsilon"),
            alpha: p.get("alpha"),
            gamma: p.get("gamma"),
            n_planning: p.get("n_planning") as usize,
            max_steps: p.get("max_steps") as usize,
        }
    }
}

/// Per-episode sums over runs, for the mean ± SEM curves.
#[derive(Default)]
struct History {
    ret: Vec<f64>,
    ret_sq: Vec<f64>,
    len: Vec<f64>,
    len_sq: Vec<f64>,
}

pub struct GridWorld {
    episodes: usize,
    world: World,
    s: Settings,
    runs: usize,
    rng: Rng,
    /// Q of run r at q[(r·S + s)·4 + a].
    q: Vec<f64>,
    /// Dyna-Q's model per run: next state and reward of (s, a), whether seen, and the list seen.
    model_next: Vec<u32>,
    model_reward: Vec<f64>,
    model_seen: Vec<bool>,
    seen_list: Vec<u32>,
    n_seen: Vec<usize>,
    /// This episode's return and length per run.
    ep_return: Vec<f64>,
    ep_len: Vec<f64>,
    history: History,
    /// Run 0's path in a ring buffer, the number of cells it has visited this episode, and where it is.
    path: Vec<u32>,
    path_count: usize,
    agent0: usize,
    capped: usize,
    optimal_length: Option<usize>,
    /// Episode of the last change to the world, and the first episode after it with an optimal greedy path.
    changed_at: usize,
    optimal_at: Option<usize>,
    greedy: (f64, usize),
    bfs_dist: Vec<u32>,
    bfs_queue: Vec<usize>,
}

impl GridWorld {
    pub fn new(p: &Params, seed: u64) -> Self {
        let world = World::preset(p.choice("world"));
        let runs = p.get("runs") as usize;
        let sa = world.n_states() * 4;
        let mut g = GridWorld {
            episodes: 0,
            s: Settings::from(p),
            runs,
            rng: rng::seeded(seed),
            q: vec![0.0; runs * sa],
            model_next: vec![0; runs * sa],
            model_reward: vec![0.0; runs * sa],
            model_seen: vec![false; runs * sa],
            seen_list: vec![0; runs * sa],
            n_seen: vec![0; runs],
            ep_return: vec![0.0; runs],
            ep_len: vec![0.0; runs],
            history: History {
                ret: Vec::with_capacity(HISTORY),
                ret_sq: Vec::with_capacity(HISTORY),
                len: Vec::with_capacity(HISTORY),
                len_sq: Vec::with_capacity(HISTORY),
            },
            path: vec![0; PATH_CAP],
            path_count: 0,
            agent0: world.start,
            capped: 0,
            optimal_length: None,
            changed_at: 0,
            optimal_at: None,
            greedy: (0.0, 0),
            bfs_dist: Vec::with_capacity(sa / 4),
            bfs_queue: Vec::with_capacity(sa / 4),
            world,
        };
        g.world_changed();
        g
    }

    fn world_changed(&mut self) {
        self.optimal_length = self
            .world
            .shortest_path(&mut self.bfs_dist, &mut self.bfs_queue);
        self.changed_at = self.episodes;
        self.optimal_at = None;
        self.greedy = self.greedy_rollout();
        self.check_optimal();
    }

    fn qs(&self, run: usize, s: usize) -> &[f64] {
        let i = (run * self.world.n_states() + s) * 4;
        &self.q[i..i + 4]
    }

    /// The greedy action (first of the maxima): for the rollout and the arrows.
    fn argmax_first(q: &[f64]) -> usize {
        (1..4).fold(0, |b, a| if q[a] > q[b] { a } else { b })
    }

    /// ε-greedy with ties among the maxima broken uniformly.
    fn choose(&mut self, run: usize, s: usize) -> usize {
        if rng::uniform(&mut self.rng) < self.s.epsilon {
            return rng::below(&mut self.rng, 4) as usize;
        }
        let i = (run * self.world.n_states() + s) * 4;
        let q = &self.q[i..i + 4];
        let best = q.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let ties = q.iter().filter(|&&v| v == best).count() as u32;
        let mut k = if ties > 1 {
            rng::below(&mut self.rng, ties)
        } else {
            0
        };
        for (a, &v) in q.iter().enumerate() {
            if v == best {
                if k == 0 {
                    return a;
                }
                k -= 1;
            }
        }
        0
    }

    fn max_q(&self, run: usize, s: usize) -> f64 {
        self.qs(run, s)
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// Q(s,a) ← Q(s,a) + α (target − Q(s,a)).
    fn update(&mut self, run: usize, s: usize, a: usize, target: f64) {
        let i = (run * self.world.n_states() + s) * 4 + a;
        self.q[i] += self.s.alpha * (target - self.q[i]);
    }

    /// The Q-learning target of a transition: r + γ max Q(s′), 0 after the goal.
    fn max_target(&self, run: usize, s2: usize, r: f64) -> f64 {
        if s2 == self.world.goal {
            r
        } else {
            r + self.s.gamma * self.max_q(run, s2)
        }
    }

    /// Dyna-Q: remember the transition, then n simulated updates on remembered pairs.
    fn plan(&mut self, run: usize, s: usize, a: usize, s2: usize, r: f64) {
        let sa = self.world.n_states() * 4;
        let i = run * sa + s * 4 + a;
        self.model_next[i] = s2 as u32;
        self.model_reward[i] = r;
        if !self.model_seen[i] {
            self.model_seen[i] = true;
            self.seen_list[run * sa + self.n_seen[run]] = (s * 4 + a) as u32;
            self.n_seen[run] += 1;
        }
        for _ in 0..self.s.n_planning {
            let k = rng::below(&mut self.rng, self.n_seen[run] as u32) as usize;
            let pair = self.seen_list[run * sa + k] as usize;
            let (ps, pa) = (pair / 4, pair % 4);
            let (ps2, pr) = (
                self.model_next[run * sa + pair] as usize,
                self.model_reward[run * sa + pair],
            );
            let target = self.max_target(run, ps2, pr);
            self.update(run, ps, pa, target);
        }
    }

    fn remember_path(&mut self, s: usize) {
        self.path[self.path_count % PATH_CAP] = s as u32;
        self.path_count += 1;
    }

    /// One episode of one run; returns (return, steps).
    fn episode(&mut self, run: usize) -> (f64, usize) {
        let mut s = self.world.start;
        let mut a = self.choose(run, s);
        let (mut g, mut steps) = (0.0, 0);
        if run == 0 {
            self.path_count = 0;
            self.remember_path(s);
        }
        while steps < self.s.max_steps {
            let (s2, r) = self.world.step(s, a);
            g += r;
            steps += 1;
            let terminal = s2 == self.world.goal;
            let a2 = self.choose(run, s2);
            let target = match self.s.agent {
                1 if terminal => r,
                1 => r + self.s.gamma * self.qs(run, s2)[a2],
                _ => self.max_target(run, s2, r),
            };
            self.update(run, s, a, target);
            if self.s.agent == 2 {
                self.plan(run, s, a, s2, r);
            }
            if run == 0 {
                self.remember_path(s2);
            }
            s = s2;
            a = a2;
            if terminal {
                break;
            }
        }
        if s != self.world.goal {
            self.capped += 1;
        }
        if run == 0 {
            self.agent0 = s;
        }
        (g, steps)
    }

    /// Run 0's greedy policy from the start: (return, steps), stopped after 4 × cells steps.
    pub fn greedy_rollout(&self) -> (f64, usize) {
        self.greedy_of(0)
    }

    /// The greedy policy of one run, rolled out from the start.
    fn greedy_of(&self, run: usize) -> (f64, usize) {
        let cap = 4 * self.world.n_states();
        let (mut s, mut g) = (self.world.start, 0.0);
        for k in 0..cap {
            let (s2, r) = self.world.step(s, Self::argmax_first(self.qs(run, s)));
            g += r;
            s = s2;
            if s == self.world.goal {
                return (g, k + 1);
            }
        }
        (g, cap)
    }

    fn greedy_is_optimal(&self) -> bool {
        self.optimal_length
            .is_some_and(|l| self.greedy.1 == l && self.greedy.0 == self.world.path_return(l))
    }

    fn check_optimal(&mut self) {
        if self.optimal_at.is_none() && self.greedy_is_optimal() {
            self.optimal_at = Some(self.episodes);
        }
    }

    fn record_episode(&mut self) {
        if self.history.ret.len() >= HISTORY {
            return;
        }
        let sum = |v: &[f64]| v.iter().sum::<f64>();
        let sq = |v: &[f64]| v.iter().map(|x| x * x).sum::<f64>();
        self.history.ret.push(sum(&self.ep_return));
        self.history.ret_sq.push(sq(&self.ep_return));
        self.history.len.push(sum(&self.ep_len));
        self.history.len_sq.push(sq(&self.ep_len));
    }

    /// Mean over runs and SEM of episode k from the sums.
    fn mean_sem(&self, sum: f64, sq: f64) -> (f64, f64) {
        let n = self.runs as f64;
        let m = sum / n;
        let var = if self.runs > 1 {
            ((sq - n * m * m) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        (m, sqrt(var / n))
    }

    fn online_return(&self) -> Option<f64> {
        let e = self.history.ret.len();
        let from = e.saturating_sub(100);
        (e > 0)
            .then(|| self.history.ret[from..].iter().sum::<f64>() / ((e - from) * self.runs) as f64)
    }

    fn toggle_wall(&mut self, i: usize) -> bool {
        let w = &mut self.world;
        if i == w.start || i == w.goal || i == self.agent0 || w.cells[i] == Cell::Cliff {
            return false;
        }
        if w.cells[i] == Cell::Wall {
            w.cells[i] = Cell::Free;
            return true;
        }
        w.cells[i] = Cell::Wall;
        if w.shortest_path(&mut self.bfs_dist, &mut self.bfs_queue)
            .is_none()
        {
            self.world.cells[i] = Cell::Free; // it would cut the start off from the goal
            return false;
        }
        true
    }

    fn move_goal(&mut self, i: usize) -> bool {
        let w = &mut self.world;
        if i == w.start || i == w.goal || w.cells[i] != Cell::Free {
            return false;
        }
        w.goal = i;
        true
    }
}

impl Model for GridWorld {
    fn time_ms(&self) -> f64 {
        self.episodes as f64
    }

    fn step(&mut self, _spikes: &mut Vec<Spike>) {
        for run in 0..self.runs {
            let (g, n) = self.episode(run);
            self.ep_return[run] = g;
            self.ep_len[run] = n as f64;
        }
        self.record_episode();
        self.episodes += 1;
        self.greedy = self.greedy_rollout();
        self.check_optimal();
    }

    fn sample(&self, out: &mut [f64]) {
        let n = self.runs as f64;
        out[0] = self.ep_return.iter().sum::<f64>() / n;
        out[1] = self.ep_len.iter().sum::<f64>() / n;
        out[2] = self.ep_return[0];
        out[3] = self.greedy.0;
    }

    fn set_params(&mut self, p: &Params) {
        let agent = self.s.agent;
        self.s = Settings {
            agent,
            ..Settings::from(p)
        };
    }

    fn measure(&self, name: &str, _rec: &Recording) -> Option<f64> {
        match name {
            "greedy_return" => Some(self.greedy.0),
            "greedy_length" => Some(self.greedy.1 as f64),
            "episodes_to_optimal" => self.optimal_at.map(|e| (e - self.changed_at) as f64),
            "optimal_return" => self.optimal_length.map(|l| self.world.path_return(l)),
            "optimal_length" => self.optimal_length.map(|l| l as f64),
            "online_return" => self.online_return(),
            "capped_episodes" => Some(self.capped as f64),
            _ => None,
        }
    }

    fn profile(&self, name: &str, out: &mut Vec<(f64, f64)>) {
        out.clear();
        let h = &self.history;
        let (sum, sq, want_sem) = match name {
            "return" => (&h.ret, &h.ret_sq, false),
            "return_sem" => (&h.ret, &h.ret_sq, true),
            "steps" => (&h.len, &h.len_sq, false),
            "steps_sem" => (&h.len, &h.len_sq, true),
            _ => return,
        };
        out.extend(sum.iter().zip(sq).enumerate().map(|(k, (&s, &q))| {
            let (m, e) = self.mean_sem(s, q);
            ((k + 1) as f64, if want_sem { e } else { m })
        }));
    }

    fn arena(&self, _name: &str, out: &mut Arena) {
        let w = &self.world;
        *out = Arena::new(w.width, w.height);
        for i in 0..w.n_states() {
            out.cells[i] = if i == w.start {
                Cell::Start
            } else if i == w.goal {
                Cell::Goal
            } else {
                w.cells[i]
            };
            let q = self.qs(0, i);
            if matches!(w.cells[i], Cell::Free) && i != w.goal {
                out.values[i] = self.max_q(0, i);
                let all_equal = q.iter().all(|&v| v == q[0]);
                out.policy[i] = (!all_equal).then(|| Move::ALL[Self::argmax_first(q)]);
            }
        }
        let xy = |s: usize| (s % w.width, s / w.width);
        out.agent = Some(xy(self.agent0));
        let first = self.path_count.saturating_sub(PATH_CAP);
        out.path = (first..self.path_count)
            .map(|k| xy(self.path[k % PATH_CAP] as usize))
            .collect();
        if w.wind.iter().any(|&v| v != 0) {
            out.column_notes = w.wind.iter().map(|v| v.to_string()).collect();
        }
    }

    fn edit_arena(&mut self, _name: &str, x: usize, y: usize, tool: ArenaTool) -> bool {
        if x >= self.world.width || y >= self.world.height {
            return false;
        }
        let i = y * self.world.width + x;
        let done = match tool {
            ArenaTool::ToggleWall => self.toggle_wall(i),
            ArenaTool::MoveGoal => self.move_goal(i),
        };
        if done {
            self.world_changed();
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::params;

    fn grid(preset: &str, set: &[(&str, f64)], seed: u64) -> GridWorld {
        GridWorld::new(&params(&ENTRY, Some(preset), set), seed)
    }

    fn run_episodes(g: &mut GridWorld, n: usize) {
        let mut spikes = Vec::new();
        (0..n).for_each(|_| g.step(&mut spikes));
    }

    fn mean_return(g: &GridWorld, from: usize, to: usize) -> f64 {
        g.history.ret[from..to].iter().sum::<f64>() / ((to - from) * g.runs) as f64
    }

    #[test]
    fn the_optima_come_from_the_worlds() {
        // Sutton & Barto (2018): cliff walking's optimal path along the edge, 13 steps, return −13
        // (Example 6.6); the windy gridworld's shortest path, 15 steps (Example 6.5); the Dyna
        // maze's shortest path, 14 steps (Figure 8.2).
        let (mut d, mut q) = (Vec::new(), Vec::new());
        for (world, len, ret) in [(0, 13, -13.0), (1, 15, -15.0), (2, 14, 1.0)] {
            let w = World::preset(world);
            let l = w.shortest_path(&mut d, &mut q).unwrap();
            assert_eq!((l, w.path_return(l)), (len, ret), "world {world}");
        }
    }

    #[test]
    fn q_learning_finds_the_path_along_the_cliff() {
        // Example 6.6: Q-learning learns the optimal policy, along the edge of the cliff: return −13.
        for seed in 1..=5 {
            let mut g = grid("cliff", &[("runs", 1.0)], seed);
            run_episodes(&mut g, 500);
            assert_eq!(g.greedy, (-13.0, 13), "seed {seed}");
        }
    }

    #[test]
    fn sarsa_learns_the_safe_path_and_earns_more_online() {
        // Example 6.6 / Figure 6.4 (ε = 0.1, α = 0.5), 50 runs of 500 episodes. Q-learning's
        // greedy path runs along the edge (13 steps) in (nearly) every run; SARSA's never does:
        // it keeps away from the edge (its greedy path, when it reaches the goal, is longer).
        // Averaged over episodes 400–500 the book's figure shows an online return of ≈ −25 for
        // SARSA and ≈ −50 for Q-learning. Standard errors over 50 runs × 100 episodes are ≈ 1;
        // we require the ordering with a margin of 10 and each within 7 of the book's value.
        let mut sarsa = grid("cliff_sarsa", &[], 7);
        let mut q = grid("cliff", &[], 7);
        run_episodes(&mut sarsa, 500);
        run_episodes(&mut q, 500);
        let lens = |g: &GridWorld| (0..g.runs).map(|r| g.greedy_of(r).1).collect::<Vec<_>>();
        let (ls, lq) = (lens(&sarsa), lens(&q));
        eprintln!("greedy lengths: sarsa {ls:?}\nq-learning {lq:?}");
        assert!(lq.iter().filter(|&&l| l == 13).count() >= 45, "{lq:?}");
        assert!(ls.iter().all(|&l| l != 13), "{ls:?}");
        assert!(
            ls.iter().filter(|&&l| l > 13 && l < 4 * 48).count() >= 25,
            "{ls:?}"
        );
        let (rs, rq) = (mean_return(&sarsa, 400, 500), mean_return(&q, 400, 500));
        eprintln!("online return, episodes 400-500: sarsa {rs:.1}, q-learning {rq:.1}");
        assert!(rs > rq + 10.0, "sarsa {rs}, q {rq}");
        assert!(
            (rs + 25.0).abs() < 7.0 && (rq + 50.0).abs() < 7.0,
            "sarsa {rs}, q {rq}"
        );
    }

    #[test]
    fn the_windy_world_is_crossed_in_fifteen_steps() {
        // Example 6.5: the shortest route takes 15 steps (computed above). Q-learning (ε = 0.1,
        // α = 0.5), whose values converge to the optimal ones whatever it explores, finds it: its
        // greedy path is the 15-step one after 400 episodes (Figure 6.3 shows SARSA there after
        // ≈ 170 episodes). SARSA's greedy path keeps changing with its exploration-laden values.
        for seed in 1..=5 {
            let mut g = grid("windy", &[("runs", 1.0), ("agent", 0.0)], seed);
            run_episodes(&mut g, 400);
            assert_eq!(g.greedy, (-15.0, 15), "seed {seed}");
        }
        let g = grid("windy", &[], 1);
        let mut a = Arena::default();
        g.arena("world", &mut a);
        assert!(
            a.is_consistent() && a.column_notes[6] == "2",
            "the wind is noted under the columns"
        );
    }

    #[test]
    fn planning_reaches_the_optimum_in_far_fewer_episodes() {
        // Figure 8.2 (α = 0.1, ε = 0.1, γ = 0.95): with n = 50 the agent's episodes are near the
        // 14-step optimum by the third episode; with n = 0 it takes tens of episodes to settle,
        // and then (here) mostly on a 16-step detour that ε = 0.1 rarely improves. Median over 10
        // seeds (run 0 of each) of the first episode with an optimal greedy path, n = 0 counted
        // as 300 when not reached by then: n = 50 must need at most a tenth, and at most 5.
        let median = |n: f64| {
            let mut e: Vec<f64> = (1..=10)
                .map(|seed| {
                    let mut g = grid("maze_dyna", &[("runs", 1.0), ("n_planning", n)], seed);
                    let mut k = 0;
                    while g.optimal_at.is_none() && k < 300 {
                        run_episodes(&mut g, 1);
                        k += 1;
                    }
                    g.optimal_at.unwrap_or(300) as f64
                })
                .collect();
            e.sort_by(f64::total_cmp);
            (e[4] + e[5]) / 2.0
        };
        let (slow, fast) = (median(0.0), median(50.0));
        eprintln!("episodes to the optimal path (median of 10): n=0 {slow}, n=50 {fast}");
        assert!(fast * 10.0 < slow && fast <= 5.0, "n=0 {slow}, n=50 {fast}");
    }

    #[test]
    fn a_wall_across_the_path_is_learned_around() {
        // §8.3 (blocking maze): after a wall closes the learned path, the agent keeps learning and
        // finds the new shortest path. Dyna maze, Dyna-Q n = 50; the learned path passes (8, 1)
        // or (8, 2)... we block the gap below the wall at column 7 and the top-right approach.
        let mut g = grid("maze_dyna", &[("runs", 1.0)], 3);
        run_episodes(&mut g, 50);
        assert_eq!(g.greedy.1, 14);
        // Refusals: start, goal, the agent, outside; then a wall at (7, 3), the only gap in column 7
        // apart from (7, 4) and (7, 5).
        assert!(!g.edit_arena("world", 0, 2, ArenaTool::ToggleWall));
        assert!(!g.edit_arena("world", 8, 0, ArenaTool::ToggleWall));
        assert!(!g.edit_arena("world", 9, 0, ArenaTool::ToggleWall));
        assert!(g.edit_arena("world", 7, 3, ArenaTool::ToggleWall));
        let longer = g.optimal_length.unwrap();
        assert!(
            longer > 14,
            "the wall lengthens the shortest path: {longer}"
        );
        assert!(
            g.episodes_to_optimal_now().is_none(),
            "the old path is no longer optimal"
        );
        run_episodes(&mut g, 300);
        assert_eq!(g.greedy.1, longer, "re-learned the new shortest path");
        assert!(g
            .measure(
                "episodes_to_optimal",
                &Recording::new(0, crate::record::Retention::All)
            )
            .is_some());
        // A wall that would close the last way is refused; removing the wall restores the optimum.
        assert!(g.edit_arena("world", 7, 3, ArenaTool::ToggleWall));
        assert_eq!(g.optimal_length, Some(14));
        // Cliff cells refuse walls; the goal moves to a free cell, not onto the cliff.
        let mut c = grid("cliff", &[("runs", 1.0)], 1);
        assert!(!c.edit_arena("world", 5, 3, ArenaTool::ToggleWall));
        assert!(!c.edit_arena("world", 5, 3, ArenaTool::MoveGoal));
        assert!(c.edit_arena("world", 11, 0, ArenaTool::MoveGoal));
        assert_eq!(c.optimal_length, Some(14));
    }

    impl GridWorld {
        fn episodes_to_optimal_now(&self) -> Option<usize> {
            self.optimal_at
        }
    }

    #[test]
    fn the_arena_shows_values_policy_and_path() {
        let mut g = grid("cliff", &[("runs", 2.0)], 2);
        run_episodes(&mut g, 30);
        let mut a = Arena::default();
        g.arena("world", &mut a);
        assert!(a.is_consistent());
        assert_eq!(
            (a.cells[36], a.cells[47], a.cells[40]),
            (Cell::Start, Cell::Goal, Cell::Cliff)
        );
        assert!(a.values[40].is_nan() && a.values[0].is_finite());
        assert_eq!(a.path.first(), Some(&(0, 3)));
        assert_eq!(a.path.last(), Some(&(11, 3)));
        assert_eq!(a.agent, Some((11, 3)));
        let mut c = Vec::new();
        g.profile("return", &mut c);
        assert_eq!(c.len(), 30);
    }
}
