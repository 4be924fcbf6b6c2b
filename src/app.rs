//! The app shell: the hash router, the home page and the page frame.

use crate::find::view::{GlossaryPage, ReferencesPage, SearchBox, SearchPage};
use crate::lesson::view::LessonPage;
use crate::progress::view::ProgressPanel;
use crate::shared::course as lesson;
use crate::shared::route::{parse_hash, to_hash, Location, Route};
use crate::shared::sim_block::SimBlock;
use crate::widget::SimWidget;
use leptos::ev;
use leptos::prelude::*;

fn current_location() -> Location {
    parse_hash(&window().location().hash().unwrap_or_default())
}

#[component]
pub fn App() -> impl IntoView {
    // Inside a learning-management system the course reports to it (and opens at the lecture its
    // SCO launches); outside, the launch parameter still opens that lecture, and the site caches
    // itself for offline use. Not inside an LMS: it serves the files, and a cached copy could
    // outlive the package a teacher updates.
    let lms_notice = RwSignal::new(None::<String>);
    if !crate::lms::start(lms_notice) {
        if let Some(n) = crate::lms::launch_lecture() {
            crate::lms::go_to_lecture(n, None);
        }
        register_offline_worker();
    }
    let location = RwSignal::new(current_location());
    let handle = window_event_listener(ev::hashchange, move |_| location.set(current_location()));
    on_cleanup(move || handle.remove());

    // The page to show changes only when the lecture (or page kind) changes, so that moving
    // between sections of one lecture keeps its simulations running.
    let page = Memo::new(move |_| match location.get().route {
        Route::Lecture { n, .. } => Route::Lecture { n, target: None },
        Route::Glossary { .. } => Route::Glossary { entry: None },
        r => r,
    });
    // Scroll to the section or simulation a link points at, once the page is drawn.
    Effect::new(move |_| {
        let loc = location.get();
        if let Route::Lecture { target, .. } = loc.route {
            request_animation_frame(move || {
                let doc = document();
                match target.and_then(|t| doc.get_element_by_id(&t)) {
                    Some(el) => el.scroll_into_view(),
                    None => window().scroll_to_with_x_and_y(0.0, 0.0),
                }
            });
        }
        // A glossary link from an equation: bring its entry into view and give it the focus, so
        // that it is highlighted and a screen reader reads it.
        if let Route::Glossary { entry: Some(id) } = location.get().route {
            request_animation_frame(move || {
                if let Some(el) = document().get_element_by_id(&format!("sym-{id}")) {
                    el.scroll_into_view();
                    if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                        let _ = el.focus();
                    }
                }
            });
        }
    });
    // The search box shows the query of the results on screen.
    let query = Signal::derive(move || {
        let loc = location.get();
        if loc.route == Route::Search {
            loc.get("q").unwrap_or_default().to_string()
        } else {
            String::new()
        }
    });

    let is_embed = Memo::new(move |_| matches!(page.get(), Route::Embed { .. }));
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body
                .class_list()
                .toggle_with_force("embed-mode", is_embed.get());
        }
    });

    view! {
        {move || (!is_embed.get()).then(|| view! {
            <header class="site-head">
                <a class="brand" href="#/">"NeuroLive"</a>
                <span class="tagline">"Theoretical neuroscience, live in the browser"</span>
                <nav class="site-nav" aria-label="Site">
                    <a href="#/">"Lectures"</a>
                    <a href="#/glossary">"Glossary"</a>
                    <a href="#/references">"References"</a>
                    <a href="#/beyond">"Beyond the browser"</a>
                    <a href="#/teachers">"For teachers"</a>
                </nav>
                <SearchBox current=query />
            </header>
        })}
        {move || lms_notice.get().map(|text| view! { <p class="lms-notice" role="status">{text}</p> })}
        <main id="main">
            {move || {
                let route = page.get();
                let loc = location.get_untracked();
                match route {
                    Route::Home => { set_title("NeuroLive"); view! { <Home /> }.into_any() }
                    Route::Lecture { n, .. } => match lesson::by_number(n) {
                        Some(l) => {
                            set_title(&format!("{} — NeuroLive", l.title));
                            let target = match &loc.route { Route::Lecture { target, .. } => target.clone(), _ => None };
                            let count = lesson::index().len() as u8;
                            view! { <LessonPage lesson=l target=target query=loc.query.clone() count=count /> }.into_any()
                        }
                        None => view! { <NotFound what=format!("lecture {n}") /> }.into_any(),
                    },
                    Route::Embed { sim } => {
                        set_title(&format!("{sim} — NeuroLive"));
                        let block = SimBlock { id: sim.clone(), preset: None, caption: None, set: vec![], plots: vec![], play: true, anchor: format!("sim-{sim}"), line: 0 };
                        // The page's one h1, for screen readers (the widget's own title is an h3).
                        let heading = neurolive_core::registry::find(&sim).map_or(sim.clone(), |e| e.spec.title.to_string());
                        view! { <h1 class="visually-hidden">{heading}</h1><SimWidget block=block query=loc.query.clone() embed=true /> }.into_any()
                    }
                    Route::Search => {
                        set_title("Search — NeuroLive");
                        view! { <SearchPage q=query /> }.into_any()
                    }
                    Route::Glossary { .. } => { set_title("Glossary of symbols — NeuroLive"); view! { <GlossaryPage /> }.into_any() }
                    Route::References => { set_title("References — NeuroLive"); view! { <ReferencesPage /> }.into_any() }
                    Route::Beyond => { set_title("Beyond the browser — NeuroLive"); view! { <crate::pages::BeyondPage /> }.into_any() }
                    Route::Teachers => { set_title("For teachers: NeuroLive in Moodle — NeuroLive"); view! { <crate::pages::TeachersPage /> }.into_any() }
                    Route::NotFound(p) => view! { <NotFound what=p /> }.into_any(),
                }
            }}
        </main>
        {move || (!is_embed.get()).then(|| view! {
            <footer class="site-foot">
                "NeuroLive — courseware of the master's course in theoretical neuroscience. "
                "Every simulation runs in your browser; nothing is sent anywhere."
            </footer>
        })}
    }
}

/// Offline use: sw.js (written at build time by scripts/offline-assets.mjs) caches the whole
/// site. Its scope is the directory it is served from, whatever the sub-path. Where workers are
/// unavailable (an insecure origin) or registration fails, the course simply runs online.
fn register_offline_worker() {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    // `serviceWorker` is missing on insecure origins: calling into it would throw.
    if js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        let ignore =
            wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(|_| {});
        let _ = navigator.service_worker().register("sw.js").catch(&ignore);
        ignore.forget();
    }
}

fn set_title(t: &str) {
    document().set_title(t);
}

#[component]
fn Home() -> impl IntoView {
    view! {
        <section class="home">
            <h1>"Theoretical neuroscience, live"</h1>
            <p class="lead">
                "Twelve lectures, from synapses and single neurons to networks, learning, memory, decision "
                "making and perception. Each one explains a model with its equations and lets you run it: "
                "move a slider and watch the neuron, the network or the learner respond."
            </p>
            <ol class="lecture-list">
                {lesson::index().into_iter().map(|(n, title, summary)| {
                    let href = to_hash(&Route::Lecture { n, target: None }, &[]);
                    view! {
                        <li class="lecture-card">
                            <a href=href>
                                <span class="num">{n}</span>
                                <span class="title">{title}</span>
                                <span class="summary">{summary}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <ProgressPanel />
        </section>
    }
}

#[component]
fn NotFound(what: String) -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Not found"</h1>
            <p>{format!("There is no page for '{what}'. ")}<a href="#/">"See all lectures."</a></p>
        </section>
    }
}
