//! The glossary of symbols: what each letter of the lessons' equations stands for, in which unit,
//! and in which lectures it appears. The lectures are not written down: they are found by
//! reading the lessons' formulas, so the list stays true when a lesson changes.
//!
//! Letters are reused across the course (`τ` is an interval in Lecture 1 and a time constant in
//! Lecture 2; `K` a coupling strength and a synaptic kernel). An entry therefore says which
//! symbols it matches (`matches`, default: its own symbol) and, where needed, which other symbols
//! must (`with`) or must not (`without`) appear in the same formula for the meaning to hold.

use super::course::{formulas, lesson_sources};
use super::tex::{atom, atoms, Atom};
use super::text::fold;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    /// The anchor: `#/glossary/<id>`.
    pub id: &'static str,
    /// TeX of the symbol as shown.
    pub tex: &'static str,
    pub name: &'static str,
    /// Unit, "" when dimensionless.
    pub unit: &'static str,
    pub meaning: &'static str,
    pub matches: &'static [&'static str],
    pub with: &'static [&'static str],
    pub without: &'static [&'static str],
}

const fn e(
    id: &'static str,
    tex: &'static str,
    name: &'static str,
    unit: &'static str,
    meaning: &'static str,
) -> Entry {
    Entry {
        id,
        tex,
        name,
        unit,
        meaning,
        matches: &[],
        with: &[],
        without: &[],
    }
}

impl Entry {
    const fn m(mut self, matches: &'static [&'static str]) -> Self {
        self.matches = matches;
        self
    }
    const fn with(mut self, with: &'static [&'static str]) -> Self {
        self.with = with;
        self
    }
    const fn without(mut self, without: &'static [&'static str]) -> Self {
        self.without = without;
        self
    }
}

/// Every entry, grouped by topic in course order.
pub static ENTRIES: &[Entry] = &[
    // Spike trains and statistics (Lecture 1).
    e("r-rate", "r", "firing rate", "Hz", "Rate of a Poisson process, or time-dependent firing rate r(t): the probability of a spike in a short bin is r Δt. In a rate model (Lecture 6), the activity r_i of unit i.")
        .m(&["r", "r_i", "r_j", r"\mathbf{r}"]).with(&["n", r"\tau", r"t_{\mathrm{ref}}", r"\hat{r}", "M", "T", "F", "w"]).without(&[r"\alpha_r", r"\beta_r", "K", r"\psi"]),
    e("nu", r"\nu", "firing rate", "Hz", "Mean rate of a spike train: the inverse of the mean interspike interval, or the rate of a presynaptic or postsynaptic neuron.")
        .m(&[r"\nu", r"\nu_0", r"\nu_E", r"\nu_I", r"\nu_{\mathrm{pre}}", r"\nu_{\mathrm{post}}", r"\nu_1", r"\nu_2"]),
    e("n-count", "n", "spike count", "", "Number of spikes counted in a window of length T; n_i is the count of neuron i.")
        .m(&["n", "n_i", "n_m"]).with(&[r"\sigma_n", "P_T", "r", "T", r"\theta_s", "M"]).without(&[r"\bar{g}_{\mathrm{K}}", r"\alpha_r"]),
    e("t-window", "T", "counting window", "ms", "Duration of the window (or trial) in which spikes are counted.")
        .with(&["n", "n_i", "r", "N", "f_i"]).without(&[r"\alpha_r", r"\beta_r", "k_B", r"T_{\max}", r"\Delta", "J_{EE}", r"\tau_E", r"\lambda_\pm", r"\tau", r"\mathbf{m}", "W"]),
    e("tau-isi", r"\tau", "interspike interval", "ms", "Time from one spike to the next (τ_k for the k-th interval); its distribution is p(τ).")
        .m(&[r"\tau", r"\tau_k"]).with(&["p", r"\sigma_\tau", r"t_{\mathrm{ref}}", r"P_\tau"]).without(&["J", "V", r"\mu"]),
    e("t-ref", r"t_{\mathrm{ref}}", "refractory period", "ms", "Dead time after each spike during which the neuron cannot fire again (absolute refractory period; τ_rp in Brunel's notation).")
        .m(&[r"t_{\mathrm{ref}}", r"\tau_{\mathrm{rp}}"]),
    e("fano", "F", "Fano factor", "", "Variance of the spike count divided by its mean; 1 for a Poisson process.")
        .with(&[r"\sigma_n", "C_V", "n"]),
    e("cv", "C_V", "coefficient of variation", "", "Standard deviation of the interspike intervals divided by their mean; 1 for a Poisson process, 0 for a clock."),
    e("delta-t-bin", r"\Delta t_{\mathrm{bin}}", "bin width", "ms", "Width of the time bins of a peri-stimulus time histogram (PSTH)."),
    e("m-trials", "M", "number of trials", "", "Number of repetitions of the same stimulus averaged in a PSTH.").with(&[r"\Delta t_{\mathrm{bin}}"]),
    // The Izhikevich model (Lecture 1).
    e("v-fast", "v", "fast voltage-like variable", "mV", "Membrane potential of the Izhikevich model; its dimensionless counterpart in the FitzHugh–Nagumo model.")
        .with(&["u", "w"]).without(&[r"\mathbf{u}", r"\mathbf{w}"]),
    e("u-izh", "u", "recovery variable (Izhikevich)", "mV/ms", "Slow variable of the Izhikevich model that lumps K⁺ activation and Na⁺ inactivation; it is raised by d at each spike.")
        .with(&["v"]).without(&["U", "x", "x_i"]),
    // Synchrony: the Kuramoto model (Lecture 1).
    e("theta-phase", r"\theta_i", "phase of oscillator i", "rad", "Position of oscillator i along its cycle (Kuramoto model).")
        .m(&[r"\theta_i", r"\theta_j"]).with(&[r"\omega_i", "K", r"\psi"]),
    e("omega", r"\omega_i", "natural frequency", "rad/s", "Angular frequency at which oscillator i would run alone; drawn from the distribution g(ω).")
        .m(&[r"\omega_i", r"\omega"]).with(&[r"\theta_i", r"\gamma", r"\omega_0", "g"]),
    e("omega-0", r"\omega_0", "centre frequency", "rad/s", "Centre of the distribution of natural frequencies."),
    e("gamma-width", r"\gamma", "half-width of the frequency distribution", "rad/s", "Half-width at half-maximum of the Lorentzian distribution of natural frequencies.")
        .with(&[r"\omega", r"\omega_0", "K", "K_c", "r"]).without(&[r"\delta_t", "s_t", "J", "J_0", "w", "a_+", "C_E"]),
    e("k-coupling", "K", "coupling strength", "rad/s", "Strength of the all-to-all coupling between the phases of the Kuramoto model.")
        .with(&[r"\theta_i", r"\omega_i", "r", "K_c", r"\gamma"]).without(&[r"\tau_d", "t_k", r"g_{\max}", "J", "J_0"]),
    e("k-c", "K_c", "critical coupling", "rad/s", "Coupling strength above which a population of oscillators starts to synchronise (2γ for a Lorentzian)."),
    e("r-order", "r", "order parameter", "", "Length of the centroid of the oscillators' phases on the unit circle: 0 for incoherence, 1 for full synchrony.")
        .with(&["K", "K_c", r"\psi"]),
    e("psi", r"\psi", "mean phase", "rad", "Phase of the order parameter: the average phase of the population (Kuramoto); the position of the bump of activity on a ring network (Lecture 6)."),
    // Population coding (Lecture 1).
    e("theta-s", r"\theta", "stimulus orientation", "°", "Orientation of the stimulus (θ_s on a given trial); the tuning curves are functions of it.")
        .m(&[r"\theta", r"\theta_s", r"\hat{\theta}"]).with(&["f_i", "n_i", "I_F", "V_x", "V_y", r"\kappa"]),
    e("theta-pref", r"\theta_i", "preferred orientation", "°", "Orientation at which neuron i fires at its peak rate.")
        .with(&["f_i", "n_i", r"\kappa"]),
    e("tuning", r"f_i(\theta)", "tuning curve", "Hz", "Mean firing rate of neuron i as a function of the stimulus.").m(&["f_i"]),
    e("kappa", r"\kappa", "tuning concentration", "", "Sharpness of a von Mises tuning curve: the larger κ, the narrower the curve.")
        .with(&["f_i", r"\theta", r"r_{\max}"]),
    e("r-max", r"r_{\max}", "peak rate", "Hz", "Peak firing rate of a tuning curve above its baseline r_0."),
    e("r-0", "r_0", "baseline rate", "Hz", "Firing rate of a neuron far from its preferred stimulus."),
    e("n-neurons", "N", "number of neurons", "", "Size of a population: neurons (or oscillators in the Kuramoto model).")
        .without(&[r"\dot{r}"]),
    e("fisher", "I_F", "Fisher information", "rad⁻²", "How much the population response says about the stimulus; its inverse square root bounds the error of any unbiased decoder (Cramér–Rao)."),
    // The passive membrane and the LIF neuron (Lecture 3, and Lecture 2).
    e("v", "V", "membrane potential", "mV", "Potential inside the cell relative to outside.")
        .m(&["V", "V_i", "V_n", "V_{n+1}", "V_j", "V_{j+1}", "V_{j-1}"]).without(&["s_t", "s_{t+1}"]),
    e("e-l", "E_L", "leak reversal potential", "mV", "Potential at which the leak current vanishes; the resting potential of a passive membrane (V_L in the Morris–Lecar model).")
        .m(&["E_L", "V_L"]),
    e("c", "C", "membrane capacitance", "nF", "Capacitance of the whole cell (in pF in Lecture 2); with the resistance it sets the time constant τ_m = RC.")
        .with(&["g_L", "R", "E_L", r"\tau_m", "I", r"g_{\mathrm{Ca}}"]).without(&["J"]),
    e("r-input", "R", "input resistance", "MΩ", "Resistance of the membrane of the whole cell; a current I moves the steady potential by R I.")
        .with(&["V", "I", "E_L", r"V_{\mathrm{th}}"]),
    e("tau-m", r"\tau_m", "membrane time constant", "ms", "Time constant of the passive membrane, τ_m = RC = R_m C_m: how fast the potential follows its input."),
    e("i-ext", "I", "injected current", "nA", "Current injected into the cell (µA/cm² per unit area in Hodgkin–Huxley; in model units in Izhikevich and FitzHugh–Nagumo).")
        .m(&["I", "I_e", r"I_{\mathrm{ext}}"]).with(&["V", "v", "R", "E_L", "F"]).without(&[r"\tau_I", "S_I"]),
    e("v-th", r"V_{\mathrm{th}}", "threshold", "mV", "Potential at which an integrate-and-fire neuron emits a spike."),
    e("v-reset", r"V_{\mathrm{reset}}", "reset potential", "mV", "Potential to which an integrate-and-fire neuron is set after a spike (V_r in Brunel's notation).")
        .m(&[r"V_{\mathrm{reset}}", "V_r"]),
    e("v-inf", r"V_\infty", "steady-state potential", "mV", "Potential the membrane relaxes to under constant input, E_L + R I for a passive membrane."),
    e("i-rh", r"I_{\mathrm{rh}}", "rheobase", "nA", "Smallest constant current that makes the neuron fire."),
    e("f-rate", "f", "output firing rate", "Hz", "Firing rate of a neuron under constant input (its f–I curve).")
        .with(&[r"t_{\mathrm{ref}}", r"\tau_m"]),
    e("sigma-noise", r"\sigma", "noise amplitude", "mV", "Standard deviation of the membrane potential's fluctuations driven by white noise.")
        .with(&[r"\xi", r"\mu", r"\tau_m"]),
    e("mu-input", r"\mu", "mean input", "mV", "Mean of the total input, expressed as the potential it would hold the membrane at (E_L + R I).")
        .with(&[r"\sigma", r"V_{\mathrm{th}}"]),
    e("delta-t", r"\Delta t", "time step", "ms", "Step of a numerical integration method.")
        .with(&["V_n", "V_{n+1}", r"\tau_m", "e_n"]).without(&["A_+", "A_-"]),
    // Hodgkin–Huxley and reduced models (Lecture 3).
    e("c-m", "c_m", "specific membrane capacitance", "µF/cm²", "Capacitance per unit area of membrane, about 1 µF/cm² for all neurons.").m(&["c_m", "C_m"]),
    e("g-na", r"\bar{g}_{\mathrm{Na}}", "maximal sodium conductance", "mS/cm²", "Sodium conductance per unit area when all sodium channels are open.")
        .m(&[r"\bar{g}_{\mathrm{Na}}", r"g_{\mathrm{Na}}"]),
    e("g-k", r"\bar{g}_{\mathrm{K}}", "maximal potassium conductance", "mS/cm²", "Potassium conductance per unit area when all potassium channels are open.")
        .m(&[r"\bar{g}_{\mathrm{K}}", r"g_{\mathrm{K}}"]),
    e("g-l", "g_L", "leak conductance", "mS/cm² (nS for a whole cell)", "Conductance of the channels open at rest; g_L = 1/R for a whole cell.")
        .m(&["g_L", r"\bar{g}_L"]),
    e("e-na", r"E_{\mathrm{Na}}", "sodium reversal potential", "mV", "Nernst potential of sodium: about +50 mV."),
    e("e-k", r"E_{\mathrm{K}}", "potassium reversal potential", "mV", "Nernst potential of potassium: about −77 to −90 mV (V_K in the Morris–Lecar model).")
        .m(&[r"E_{\mathrm{K}}", r"V_{\mathrm{K}}"]),
    e("gate-m", "m", "sodium activation gate", "", "Probability that one of the three activation gates of a sodium channel is open.")
        .with(&[r"\bar{g}_{\mathrm{Na}}"]),
    e("gate-h", "h", "sodium inactivation gate", "", "Probability that the inactivation gate of a sodium channel is open; it closes on depolarisation.")
        .with(&[r"\bar{g}_{\mathrm{Na}}"]),
    e("gate-n", "n", "potassium activation gate", "", "Probability that one of the four activation gates of a potassium channel is open.")
        .with(&[r"\bar{g}_{\mathrm{K}}"]),
    e("alpha-beta", r"\alpha_x, \beta_x", "opening and closing rates", "1/ms", "Voltage-dependent rates at which a gate x opens and closes.")
        .m(&[r"\alpha_x", r"\beta_x"]),
    e("x-inf", r"x_\infty", "steady-state gate", "", "Value a gate (or the Morris–Lecar variables) relaxes to at a fixed voltage, x_∞ = α_x/(α_x + β_x).")
        .m(&[r"x_\infty", r"m_\infty", r"h_\infty", r"n_\infty", r"w_\infty"]),
    e("tau-x", r"\tau_x", "gate time constant", "ms", "Time constant with which a gate relaxes to its steady state, τ_x = 1/(α_x + β_x).")
        .m(&[r"\tau_x", r"\tau_w", r"\tau_h", r"\tau_n"]).without(&[r"\dot{\mathbf{w}}"]),
    e("w-recovery", "w", "recovery variable", "", "Slow variable of the FitzHugh–Nagumo and Morris–Lecar models (in Morris–Lecar, the fraction of open K⁺ channels).")
        .with(&["v", "V", r"w_\infty", r"\varepsilon"]),
    e("epsilon-fhn", r"\varepsilon", "time-scale ratio", "", "Ratio of the slow to the fast time scale in the FitzHugh–Nagumo model (ε ≪ 1).")
        .with(&["v", "w", "b"]).without(&["r", r"T_{\mathrm{ghost}}"]),
    e("phi-ml", r"\phi", "temperature factor", "1/ms", "Rate factor of the recovery variable in the Morris–Lecar model.")
        .with(&["w", r"w_\infty", r"\tau_w"]),
    e("g-ca", r"g_{\mathrm{Ca}}", "maximal calcium conductance", "mS/cm²", "Calcium conductance of the Morris–Lecar model when all its channels are open."),
    e("v-ca", r"V_{\mathrm{Ca}}", "calcium reversal potential", "mV", "Reversal potential of the calcium current in the Morris–Lecar model."),
    // The cable (Lecture 3).
    e("lambda", r"\lambda", "length constant", "mm", "Distance over which a steady voltage decays by a factor e along a passive cable, λ = √(a R_m / 2R_i).")
        .with(&["x", "R_m", "R_i", "L", r"R_\infty"]),
    e("r-m", "R_m", "specific membrane resistance", "kΩ·cm²", "Resistance of a unit area of membrane.").m(&["R_m", "r_m"]),
    e("r-i", "R_i", "intracellular resistivity", "Ω·cm", "Resistivity of the cytoplasm along a dendrite or axon.")
        .with(&["a", r"\lambda", "R_m"]),
    e("a-radius", "a", "cable radius", "µm", "Radius of a cylindrical dendrite or axon.").with(&["R_i"]),
    // Synapses (Lecture 2).
    e("g-max", r"g_{\max}", "peak synaptic conductance", "nS", "Conductance of one isolated synaptic event at its peak; also the upper bound of a plastic weight."),
    e("g-syn", r"g_{\mathrm{syn}}", "synaptic conductance", "nS", "Conductance of the synaptic channels, a sum of kernels over presynaptic spikes."),
    e("e-syn", r"E_{\mathrm{syn}}", "synaptic reversal potential", "mV", "Potential at which the synaptic current reverses: about 0 mV for AMPA and NMDA, −70 to −80 mV for GABA."),
    e("kernel", "K(t)", "synaptic kernel", "", "Time course of the conductance after one presynaptic spike, normalised to a peak of 1.")
        .m(&["K"]).with(&[r"\tau_d", "t_k", r"g_{\max}"]),
    e("tau-d", r"\tau_d", "synaptic decay time constant", "ms", "Time constant with which a synaptic conductance decays (about 5 ms for AMPA, 150 ms for NMDA)."),
    e("tau-r", r"\tau_r", "synaptic rise time constant", "ms", "Time constant with which a synaptic conductance rises."),
    e("t-p", "t_p", "time to peak", "ms", "Time from the presynaptic spike to the peak of the conductance."),
    e("alpha-r", r"\alpha_r", "binding rate", "1/(mM·ms)", "Rate at which closed receptors bind transmitter and open.").m(&[r"\alpha_r", r"\beta_r"]),
    e("mg", r"[\mathrm{Mg}^{2+}]", "magnesium concentration", "mM", "Extracellular magnesium concentration, which sets the voltage-dependent block of NMDA receptors.").m(&[r"\mathrm{Mg}"]),
    e("b-block", "B(V)", "NMDA magnesium block", "", "Fraction of NMDA channels not blocked by magnesium at potential V.").m(&["B"]).with(&["V"]),
    e("tau-d-dep", r"\tau_D", "recovery time constant", "ms", "Time constant with which synaptic resources recover from depression."),
    e("tau-f", r"\tau_F", "facilitation time constant", "ms", "Time constant with which the utilisation decays back after a spike."),
    e("u-stp", "U", "utilisation increment", "", "Fraction of the remaining utilisation added at each spike: the release probability of a rested synapse."),
    e("u-util", "u", "utilisation", "", "Fraction of the available synaptic resources released by a spike (Tsodyks–Markram model).")
        .m(&["u", "u_i"]).with(&["U", "x", "x_i", r"\tau_F", r"\mathrm{PSC}"]),
    e("x-res", "x", "available resources", "", "Fraction of synaptic resources (vesicles) ready for release.")
        .m(&["x", "x_i", r"\bar{x}"]).with(&["u", "u_i", "U", r"\tau_D"]),
    e("a-stp", "A", "absolute synaptic efficacy", "pA", "Postsynaptic current if all resources were released at once.")
        .with(&[r"\mathrm{PSC}", "u", r"\tau_D"]),
    e("j-ee", "J_{EE}", "population couplings", "", "Coupling strengths between populations: J_EE within the excitatory one, J_EI from inhibition to excitation, J_IE back, J_II within inhibition, J_E0 and J_I0 from the external input.")
        .m(&["J_{EE}", "J_{EI}", "J_{IE}", "J_{II}", "J_{E0}", "J_{I0}"]),
    e("tau-rate", r"\tau", "time constant", "ms", "Time constant of a unit's dynamics: of a rate unit or a population's input (Lectures 2 and 6), and the membrane time constant in Brunel's notation (Lecture 4).")
        .with(&["F", "h_i", r"\dot{r}", "J", r"\mu", r"\sigma", "V_i", "x_i", "m_i", r"\mathbf{r}", "c_k", "a_+", "a_-", "J_2", "r_i", r"\Delta"])
        .without(&["p", r"\sigma_\tau", r"t_{\mathrm{ref}}", r"P_\tau"]),
    e("a-pm", r"A_\pm", "STDP amplitudes", "", "Size of potentiation (A_+) and depression (A_−) for one pre–post spike pair, in units of g_max.")
        .m(&["A_+", "A_-"]),
    e("tau-pm", r"\tau_\pm", "STDP time windows", "ms", "Widths of the potentiation (τ_+) and depression (τ_−) sides of the STDP window.")
        .m(&[r"\tau_+", r"\tau_-"]),
    e("delta-t-stdp", r"\Delta t", "spike-timing difference", "ms", "Time from a presynaptic to a postsynaptic spike, t_post − t_pre.")
        .with(&["A_+", "A_-"]),
    // Networks (Lectures 4 and 6).
    e("n-e-i", "N_E, N_I", "population sizes", "", "Numbers of excitatory and inhibitory neurons of a network.").m(&["N_E", "N_I"]),
    e("j-brunel", "J", "synaptic efficacy", "mV", "Jump of the membrane potential caused by one excitatory spike (inhibitory ones: −gJ).")
        .m(&["J", "J_{ij}"]).with(&["C", "C_E", "C_I", "D", "t_j"]),
    e("c-inputs", "C_E, C_I", "numbers of inputs", "", "Numbers of excitatory and inhibitory connections each neuron receives (C_E = εN_E; C or K for all of them).")
        .m(&["C_E", "C_I", "C", "K"]).with(&["J", "J_0", "C_E", "C_I", r"\mathrm{Var}"]),
    e("epsilon-conn", r"\varepsilon", "connection probability", "", "Probability that a given neuron projects to another one in a sparse network.")
        .with(&["C_E", "C_I", "N_E", "N_I"]),
    e("g-rel", "g", "relative inhibition", "", "Strength of inhibitory synapses relative to excitatory ones in Brunel's network.")
        .with(&[r"\gamma", "C_E", r"\nu_{\mathrm{ext}}"]).without(&[r"\omega", r"\omega_0"]),
    e("gamma-ratio", r"\gamma", "inhibitory-to-excitatory ratio", "", "Ratio of inhibitory to excitatory inputs, C_I/C_E (1/4 in Brunel's network).")
        .with(&["C_E", "C_I", "g", r"\nu_{\mathrm{ext}}"]).without(&[r"\omega", r"\omega_0"]),
    e("theta-thr", r"\theta", "threshold", "mV", "Firing threshold of the integrate-and-fire neurons in Brunel's network.")
        .with(&["J", r"\nu_{\mathrm{thr}}", r"\mu", "V_r", r"\tau_{\mathrm{rp}}"]),
    e("nu-ext", r"\nu_{\mathrm{ext}}", "external rate", "Hz", "Rate of the Poisson spike trains each neuron receives from outside the network."),
    e("nu-thr", r"\nu_{\mathrm{thr}}", "threshold rate", "Hz", "External rate that alone would bring the mean input to threshold, θ/(J C_E τ)."),
    e("d-delay", "D", "transmission delay", "ms", "Delay between a presynaptic spike and its effect on the postsynaptic neuron.")
        .with(&[r"J_{ij}", r"\lambda", r"\delta"]),
    e("chi", r"\chi", "synchrony index", "", "Standard deviation of the population activity relative to that of single neurons: 0 for asynchronous firing, 1 for full synchrony."),
    e("f-transfer", "F", "transfer function", "", "Rate of a unit as a function of its input (sigmoid, threshold-linear or tanh).")
        .with(&["r", "r_i", "w", r"\mathbf{r}", r"\beta", "x"]).without(&[r"\sigma_n", r"\sigma_r", "C_V"]),
    e("beta-gain", r"\beta", "gain", "", "Slope of the sigmoid transfer function of a rate unit.").with(&["F", "w", r"\theta"]),
    e("w-weight", "w", "recurrent weight", "", "Strength of a connection between rate units: w_ij from unit j to unit i, w for a unit onto itself.")
        .m(&["w", "w_{ij}", "w_{FF}"]).with(&["r", "r_i", "F", r"\beta", "k", "a_+"]),
    e("w-matrix", "W", "connectivity matrix", "", "Matrix of recurrent weights of a rate network: W_ij is the connection from unit j to unit i.")
        .with(&["r", r"\mathbf{r}", r"\mathbf{h}", "w"]),
    e("wc-e-i", "E, I", "population activities", "", "Activities of the excitatory and inhibitory populations of the Wilson–Cowan model.")
        .m(&["E", "I"]).with(&["S_E", "S_I", r"\tau_E", r"\tau_I"]),
    e("tau-e-i", r"\tau_E, \tau_I", "population time constants", "ms", "Time constants of the excitatory and inhibitory populations.").m(&[r"\tau_E", r"\tau_I"]),
    e("w-wc", "w_{EE}", "Wilson–Cowan couplings", "", "Weights between the populations: w_EE within excitation, w_EI from inhibition to excitation, w_IE and w_II onto inhibition.")
        .m(&["w_{EE}", "w_{EI}", "w_{IE}", "w_{II}"]),
    e("s-e-i", "S_E, S_I", "response functions", "", "Sigmoid response functions of the excitatory and inhibitory populations.").m(&["S_E", "S_I"]),
    e("jacobian", "J", "Jacobian matrix", "", "Matrix of the partial derivatives of a system's dynamics at a fixed point; its eigenvalues decide stability.")
        .with(&[r"\varepsilon", "v", "w_{EE}", "S_E", r"\delta"]).without(&["C", "C_E", "C_I", "D"]),
    e("lambda-eig", r"\lambda", "eigenvalue", "1/ms or dimensionless", "Eigenvalue of a linearised system or of a connectivity matrix.")
        .m(&[r"\lambda", r"\lambda_k", r"\lambda_\pm"]).with(&[r"\tau", "T", r"\Delta", "c_k", "w"]),
    e("g-gain", "g", "connectivity gain", "", "Standard deviation of the random connections times √N: the fixed point of a random network loses stability at g = 1.")
        .with(&[r"\chi_{ij}", "J_{ij}", r"\Delta", r"\tanh"]),
    e("x-current", "x_i", "input of unit i", "", "Synaptic input (activation) of unit i of a random or low-rank rate network; its rate is tanh(x_i).")
        .with(&["J_{ij}", r"\tanh", "m_i"]),
    e("kappa-lr", r"\kappa", "latent variable", "", "Overlap of a low-rank network's activity with its connectivity vector n: the one variable that describes its dynamics.")
        .with(&["n_j", r"\rho", r"\tanh"]),
    e("ring-j", "J_0, J_2", "ring couplings", "", "Uniform (J_0) and cosine-tuned (J_2) parts of the connectivity of a ring network.")
        .m(&["J_0", "J_2"]).with(&[r"\theta_i", r"\theta_c", "m_i", "m_j", "a", "A", "h_0"]),
];

/// The entry with this id.
pub fn entry(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.id == id)
}

struct Compiled {
    matches: Vec<Atom>,
    with: Vec<Atom>,
    without: Vec<Atom>,
}

fn parse_all(list: &[&str]) -> Vec<Atom> {
    list.iter()
        .map(|t| atom(t).unwrap_or_else(|| panic!("glossary pattern '{t}' is not one symbol")))
        .collect()
}

fn compiled() -> &'static [Compiled] {
    static C: OnceLock<Vec<Compiled>> = OnceLock::new();
    C.get_or_init(|| {
        ENTRIES
            .iter()
            .map(|e| Compiled {
                matches: parse_all(if e.matches.is_empty() {
                    std::slice::from_ref(&e.tex)
                } else {
                    e.matches
                }),
                with: parse_all(e.with),
                without: parse_all(e.without),
            })
            .collect()
    })
}

/// The entries a formula uses, in glossary order.
pub fn entries_in(tex: &str) -> Vec<&'static Entry> {
    let found = atoms(tex);
    let has = |a: &Atom| found.contains(a);
    ENTRIES
        .iter()
        .zip(compiled())
        .filter(|(_, c)| {
            c.matches.iter().any(has)
                && (c.with.is_empty() || c.with.iter().any(has))
                && !c.without.iter().any(has)
        })
        .map(|(e, _)| e)
        .collect()
}

/// The lectures whose formulas (inline or display) use an entry, found by reading every lesson.
pub fn lectures(id: &str) -> Vec<u8> {
    static BY_ENTRY: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    let table = BY_ENTRY.get_or_init(|| {
        let mut table: Vec<(&'static str, Vec<u8>)> =
            ENTRIES.iter().map(|e| (e.id, vec![])).collect();
        for src in lesson_sources() {
            for (tex, _) in formulas(src.body) {
                for e in entries_in(&tex) {
                    let row = table
                        .iter_mut()
                        .find(|(id, _)| *id == e.id)
                        .expect("entry in table");
                    if !row.1.contains(&src.number) {
                        row.1.push(src.number);
                    }
                }
            }
        }
        for row in &mut table {
            row.1.sort_unstable();
        }
        table
    });
    table
        .iter()
        .find(|(e, _)| *e == id)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The "Symbols: V · τ_m · …" line under a display equation: links to the glossary entries its
/// TeX uses, or nothing.
pub fn symbols_html(tex: &str) -> String {
    let found = entries_in(tex);
    if found.is_empty() {
        return String::new();
    }
    let links: Vec<String> = found
        .iter()
        .map(|e| {
            let title = if e.unit.is_empty() { e.name.to_string() } else { format!("{} ({})", e.name, e.unit) };
            // The link's name is the symbol as MathML reads it, then its name for screen readers.
            format!(
                "<a href=\"#/glossary/{}\" title=\"{}\">{}<span class=\"visually-hidden\">: {}</span></a>",
                e.id,
                escape(&title),
                super::math::math_to_mathml(e.tex, false),
                escape(&title)
            )
        })
        .collect();
    format!(
        "<span class=\"eq-symbols\">Symbols: {}</span>",
        links.join(" · ")
    )
}

/// A symbol as text for screen readers and the search (`\tau_m` → `τ_m`).
pub fn plain_symbol(tex: &str) -> String {
    super::tex::to_text(tex)
}

/// Words of an entry for matching a search query against the glossary.
pub fn folded_words(e: &Entry) -> String {
    fold(&format!("{} {} {}", e.name, e.meaning, plain_symbol(e.tex)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(tex: &str) -> Vec<&'static str> {
        entries_in(tex).iter().map(|e| e.id).collect()
    }

    #[test]
    fn every_pattern_is_one_symbol_and_ids_are_unique() {
        assert_eq!(compiled().len(), ENTRIES.len());
        let mut seen = std::collections::HashSet::new();
        for e in ENTRIES {
            assert!(seen.insert(e.id), "duplicate id {}", e.id);
            assert!(
                e.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                e.id
            );
        }
    }

    #[test]
    fn symbols_resolve_by_context() {
        assert_eq!(
            ids(r"\tau_m \frac{dV}{dt} = -(V - E_L) + R\, I(t)"),
            ["v", "e-l", "r-input", "tau-m", "i-ext"]
        );
        // The same K: a coupling in Kuramoto's equation, a kernel in a synapse's.
        assert!(
            ids(r"\frac{d\theta_i}{dt} = \omega_i + K r \sin(\psi - \theta_i)")
                .contains(&"k-coupling")
        );
        assert!(
            !ids(r"\frac{d\theta_i}{dt} = \omega_i + K r \sin(\psi - \theta_i)")
                .contains(&"kernel")
        );
        assert_eq!(ids(r"K(t) = e^{-t/\tau_d}"), ["kernel", "tau-d"]);
        // HH gates only next to their conductances; Izhikevich's u is not the STP utilisation.
        let hh = ids(
            r"i_m = \bar{g}_L (V - E_L) + \bar{g}_{\mathrm{K}}\, n^4 (V - E_{\mathrm{K}}) + \bar{g}_{\mathrm{Na}}\, m^3 h\, (V - E_{\mathrm{Na}})",
        );
        for id in [
            "gate-m", "gate-h", "gate-n", "g-na", "g-k", "g-l", "e-na", "e-k",
        ] {
            assert!(hh.contains(&id), "{id} in {hh:?}");
        }
        assert!(!ids(r"P_T(n) = \frac{(rT)^n}{n!}\, e^{-rT}").contains(&"gate-n"));
        assert!(ids(r"\frac{du}{dt} = a\, (b\, v - u)").contains(&"u-izh"));
        assert!(!ids(r"\frac{du}{dt} = a\, (b\, v - u)").contains(&"u-util"));
        assert!(ids(r"u^+ = u^- + U\,(1 - u^-)").contains(&"u-util"));
    }

    #[test]
    fn the_symbols_line_links_to_entries() {
        let h = symbols_html(r"\tau_m \frac{dV}{dt} = -V");
        assert!(h.contains("href=\"#/glossary/tau-m\""), "{h}");
        assert!(h.contains("<math"), "{h}");
        assert_eq!(symbols_html(r"1 + 1 = 2"), "");
    }
}
