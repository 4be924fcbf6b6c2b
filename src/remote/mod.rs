//! Simulations that run in a background worker (`ModelSpec::offload`): the message format
//! shared by the page (`client`) and the worker (`worker`, the `sim-worker` binary). Bulk data
//! travels as typed arrays (transferred, not copied); the rest as a small JSON header.

pub mod client;
pub mod pacing;
pub mod worker;

use js_sys::{Float64Array, Object, Reflect, Uint32Array};
use neurolive_core::mirror::Batch;
use neurolive_core::model::Image;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};

/// The worker's script, relative to the page (Trunk's loader shim for the `sim-worker` binary),
/// so that it loads from whatever sub-path the site is served.
pub const WORKER_URL: &str = "sim-worker_loader.js";

/// What the worker says once it listens (before that, messages to it would be lost).
pub const READY: &str = "ready";

/// A worker that queues the page's commands until the worker says it listens.
pub struct Mailbox {
    worker: web_sys::Worker,
    state: std::rc::Rc<std::cell::RefCell<(bool, Vec<String>)>>,
}

impl Mailbox {
    pub fn new(worker: web_sys::Worker) -> Self {
        Mailbox {
            worker,
            state: Default::default(),
        }
    }

    pub fn post(&self, c: &Command) {
        let mut st = self.state.borrow_mut();
        if st.0 {
            let _ = self.worker.post_message(&JsValue::from_str(&c.to_json()));
        } else {
            st.1.push(c.to_json());
        }
    }

    /// Called with every message from the worker: true if it was the ready signal (consumed).
    pub fn on_message(&self, data: &JsValue) -> bool {
        if data.as_string().as_deref() != Some(READY) {
            return false;
        }
        let mut st = self.state.borrow_mut();
        st.0 = true;
        for text in st.1.drain(..) {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        }
        true
    }

    pub fn handle(&self) -> Self {
        Mailbox {
            worker: self.worker.clone(),
            state: self.state.clone(),
        }
    }

    /// Stops the worker. Its handlers go first: a message it posted just before may still be
    /// dispatched, and would otherwise call a closure already dropped with the widget.
    pub fn terminate(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Page → worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Build the simulation afresh (a first start, a reset, a new seed or a restart parameter).
    Restart {
        sim: String,
        values: Vec<f64>,
        seed: u64,
        epoch: u32,
        window_ms: f64,
    },
    /// New parameter values applied to the running state.
    Params { values: Vec<f64>, epoch: u32 },
    /// Simulate up to this time (ms) of the current epoch, in batches.
    Upto { t_ms: f64, epoch: u32 },
    /// Compute the sweep declared by plot `plot` from these parameter values, between the live
    /// run's slices; `epoch` numbers the page's sweeps, and a newer one of a plot replaces it.
    Sweep {
        sim: String,
        values: Vec<f64>,
        seed: u64,
        plot: usize,
        epoch: u32,
    },
    /// Compute a fresh run of `duration_ms` and send back the file `file` (`traces.csv`, …), as
    /// the page's export button asks; a job like a sweep.
    Export {
        sim: String,
        values: Vec<f64>,
        seed: u64,
        file: String,
        duration_ms: f64,
        epoch: u32,
    },
    /// A click on cell (x, y) of an arena: `tool` is "wall" or "goal".
    Edit {
        arena: String,
        x: usize,
        y: usize,
        tool: String,
        epoch: u32,
    },
    /// The widget left the screen (`on`) or came back: a held worker computes nothing for the
    /// live run or the sweeps, so that a lesson's hidden widgets leave the cores to the one a
    /// student watches. An export, which a student waits for, goes on.
    Hold { on: bool },
}

impl Command {
    pub fn to_json(&self) -> String {
        match self {
            Command::Restart { sim, values, seed, epoch, window_ms } => {
                // Seeds are u64: as a string, since JSON numbers lose precision past 2^53.
                json!({ "cmd": "restart", "sim": sim, "values": values, "seed": seed.to_string(), "epoch": epoch, "window_ms": window_ms })
            }
            Command::Params { values, epoch } => json!({ "cmd": "params", "values": values, "epoch": epoch }),
            Command::Upto { t_ms, epoch } => json!({ "cmd": "upto", "t_ms": t_ms, "epoch": epoch }),
            Command::Sweep { sim, values, seed, plot, epoch } => {
                json!({ "cmd": "sweep", "sim": sim, "values": values, "seed": seed.to_string(), "plot": plot, "epoch": epoch })
            }
            Command::Export { sim, values, seed, file, duration_ms, epoch } => {
                json!({ "cmd": "export", "sim": sim, "values": values, "seed": seed.to_string(), "file": file, "duration_ms": duration_ms, "epoch": epoch })
            }
            Command::Edit { arena, x, y, tool, epoch } => json!({ "cmd": "edit", "arena": arena, "x": x, "y": y, "tool": tool, "epoch": epoch }),
            Command::Hold { on } => json!({ "cmd": "hold", "on": on }),
        }
        .to_string()
    }

    pub fn from_json(text: &str) -> Result<Command, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let num = |k: &str| {
            v.get(k)
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("'{k}' missing"))
        };
        if v.get("cmd").and_then(Value::as_str) == Some("hold") {
            return Ok(Command::Hold {
                on: v.get("on").and_then(Value::as_bool).ok_or("'on' missing")?,
            });
        }
        let epoch = num("epoch")? as u32;
        let values = || -> Result<Vec<f64>, String> {
            v.get("values")
                .and_then(Value::as_array)
                .ok_or("'values' missing")?
                .iter()
                .map(|x| x.as_f64().ok_or("bad value".to_string()))
                .collect()
        };
        match v.get("cmd").and_then(Value::as_str) {
            Some("restart") => Ok(Command::Restart {
                sim: v
                    .get("sim")
                    .and_then(Value::as_str)
                    .ok_or("'sim' missing")?
                    .to_string(),
                values: values()?,
                seed: v
                    .get("seed")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse().ok())
                    .ok_or("'seed' missing")?,
                epoch,
                window_ms: num("window_ms")?,
            }),
            Some("params") => Ok(Command::Params {
                values: values()?,
                epoch,
            }),
            Some("upto") => Ok(Command::Upto {
                t_ms: num("t_ms")?,
                epoch,
            }),
            Some("sweep") => Ok(Command::Sweep {
                sim: v
                    .get("sim")
                    .and_then(Value::as_str)
                    .ok_or("'sim' missing")?
                    .to_string(),
                values: values()?,
                seed: v
                    .get("seed")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse().ok())
                    .ok_or("'seed' missing")?,
                plot: num("plot")? as usize,
                epoch,
            }),
            Some("export") => Ok(Command::Export {
                sim: v
                    .get("sim")
                    .and_then(Value::as_str)
                    .ok_or("'sim' missing")?
                    .to_string(),
                values: values()?,
                seed: v
                    .get("seed")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse().ok())
                    .ok_or("'seed' missing")?,
                file: v
                    .get("file")
                    .and_then(Value::as_str)
                    .ok_or("'file' missing")?
                    .to_string(),
                duration_ms: num("duration_ms")?,
                epoch,
            }),
            Some("edit") => Ok(Command::Edit {
                arena: v
                    .get("arena")
                    .and_then(Value::as_str)
                    .ok_or("'arena' missing")?
                    .to_string(),
                x: num("x")? as usize,
                y: num("y")? as usize,
                tool: v
                    .get("tool")
                    .and_then(Value::as_str)
                    .ok_or("'tool' missing")?
                    .to_string(),
                epoch,
            }),
            other => Err(format!("unknown command {other:?}")),
        }
    }
}

fn nan_to_null(v: f64) -> Value {
    if v.is_finite() {
        json!(v)
    } else {
        Value::Null
    }
}

/// A batch as a message: `{ head: JSON, samples, spike_t, spike_n }`, and the buffers to transfer.
pub fn encode_batch(b: &Batch) -> (JsValue, js_sys::Array) {
    let head = json!({
        "epoch": b.epoch,
        "t_end": b.t_end,
        "measures": b.measures.as_ref().map(|m| m.iter().map(|&v| nan_to_null(v)).collect::<Vec<_>>()),
        "profile_lens": b.profiles.as_ref().map(|p| p.iter().map(Vec::len).collect::<Vec<_>>()),
        // Each image's shape and extents; its values travel in `image_values`.
        "images": b.images.as_ref().map(|i| i.iter().map(|m| json!([m.width, m.height, m.x_range, m.y_range, m.value_range, m.tiles])).collect::<Vec<_>>()),
        // Arenas are small (tens of cells): plain JSON (NaN values travel as null).
        "arenas": b.arenas.as_ref().map(|a| serde_json::to_value(a).unwrap_or(Value::Null)),
        "overlays": b.overlays.as_ref().map(|o| o.iter().map(|(n, ys)| json!([n, ys.iter().map(|&v| nan_to_null(v)).collect::<Vec<_>>()])).collect::<Vec<_>>()),
        "failed": b.failed,
        "edited": b.edited,
    });
    let obj = Object::new();
    let samples = Float64Array::from(b.samples.as_slice());
    let spike_t = Float64Array::from(b.spike_t.as_slice());
    let spike_n = Uint32Array::from(b.spike_n.as_slice());
    // Profiles (a spectrum, a histogram) are thousands of numbers per batch: a typed array too.
    let flat: Vec<f64> = b.profiles.iter().flatten().flatten().copied().collect();
    let profiles = Float64Array::from(flat.as_slice());
    let flat_images: Vec<f64> = b
        .images
        .iter()
        .flatten()
        .flat_map(|m| m.values.iter().copied())
        .collect();
    let image_values = Float64Array::from(flat_images.as_slice());
    let _ = Reflect::set(&obj, &"head".into(), &head.to_string().into());
    let _ = Reflect::set(&obj, &"samples".into(), &samples);
    let _ = Reflect::set(&obj, &"spike_t".into(), &spike_t);
    let _ = Reflect::set(&obj, &"spike_n".into(), &spike_n);
    let _ = Reflect::set(&obj, &"profiles".into(), &profiles);
    let _ = Reflect::set(&obj, &"image_values".into(), &image_values);
    let transfer = js_sys::Array::of5(
        &samples.buffer(),
        &spike_t.buffer(),
        &spike_n.buffer(),
        &profiles.buffer(),
        &image_values.buffer(),
    );
    (obj.into(), transfer)
}

/// Progress of a sweep computed in a worker: the points so far, and how it ended.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepUpdate {
    pub plot: usize,
    pub epoch: u32,
    pub points: Vec<(f64, Option<f64>)>,
    /// Each point's standard error over the sweep's seeds (0 with one seed).
    pub sems: Vec<f64>,
    pub error: Option<String>,
}

pub fn encode_sweep(u: &SweepUpdate) -> JsValue {
    let head = json!({
        "plot": u.plot,
        "epoch": u.epoch,
        "points": u.points.iter().map(|(x, y)| json!([x, y.filter(|v| v.is_finite())])).collect::<Vec<_>>(),
        "sems": u.sems,
        "error": u.error,
    });
    let obj = Object::new();
    let _ = Reflect::set(&obj, &"sweep".into(), &head.to_string().into());
    obj.into()
}

/// Progress of an export computed in a worker; `text` once it is done.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportUpdate {
    pub epoch: u32,
    pub progress: f64,
    pub text: Option<String>,
}

pub fn encode_export(u: &ExportUpdate) -> JsValue {
    let obj = Object::new();
    let head = json!({ "epoch": u.epoch, "progress": u.progress });
    let _ = Reflect::set(&obj, &"export".into(), &head.to_string().into());
    if let Some(t) = &u.text {
        let _ = Reflect::set(&obj, &"text".into(), &t.into());
    }
    obj.into()
}

/// An export update, if the message is one.
pub fn decode_export(msg: &JsValue) -> Option<Result<ExportUpdate, String>> {
    let head = Reflect::get(msg, &"export".into()).ok()?.as_string()?;
    Some((|| {
        let v: Value = serde_json::from_str(&head).map_err(|e| e.to_string())?;
        Ok(ExportUpdate {
            epoch: v["epoch"].as_u64().ok_or("no epoch")? as u32,
            progress: v["progress"].as_f64().ok_or("no progress")?,
            text: Reflect::get(msg, &"text".into())
                .ok()
                .and_then(|t| t.as_string()),
        })
    })())
}

/// A sweep update, if the message is one.
pub fn decode_sweep(msg: &JsValue) -> Option<Result<SweepUpdate, String>> {
    let text = Reflect::get(msg, &"sweep".into()).ok()?.as_string()?;
    Some((|| {
        let v: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let points = v["points"]
            .as_array()
            .ok_or("no points")?
            .iter()
            .map(|p| Ok((p[0].as_f64().ok_or("bad point")?, p[1].as_f64())))
            .collect::<Result<Vec<_>, String>>()?;
        let sems = v["sems"]
            .as_array()
            .ok_or("no sems")?
            .iter()
            .map(|e| e.as_f64().unwrap_or(0.0))
            .collect();
        Ok(SweepUpdate {
            plot: v["plot"].as_u64().ok_or("no plot")? as usize,
            epoch: v["epoch"].as_u64().ok_or("no epoch")? as u32,
            points,
            sems,
            error: v["error"].as_str().map(str::to_string),
        })
    })())
}

pub fn decode_batch(msg: &JsValue) -> Result<Batch, String> {
    let get = |k: &str| Reflect::get(msg, &k.into()).map_err(|_| format!("'{k}' missing"));
    let head: Value = serde_json::from_str(&get("head")?.as_string().ok_or("head is not text")?)
        .map_err(|e| e.to_string())?;
    let f64s = |v: &Value| -> Vec<f64> {
        v.as_array()
            .map(|a| a.iter().map(|x| x.as_f64().unwrap_or(f64::NAN)).collect())
            .unwrap_or_default()
    };
    let arr64 = |k: &str| -> Result<Vec<f64>, String> {
        Ok(get(k)?
            .dyn_into::<Float64Array>()
            .map_err(|_| format!("{k} is not a Float64Array"))?
            .to_vec())
    };
    Ok(Batch {
        epoch: head["epoch"].as_u64().ok_or("no epoch")? as u32,
        t_end: head["t_end"].as_f64().ok_or("no t_end")?,
        samples: arr64("samples")?,
        spike_t: arr64("spike_t")?,
        spike_n: get("spike_n")?
            .dyn_into::<Uint32Array>()
            .map_err(|_| "spike_n is not a Uint32Array")?
            .to_vec(),
        measures: head["measures"].is_array().then(|| f64s(&head["measures"])),
        profiles: match head["profile_lens"].as_array() {
            None => None,
            Some(lens) => {
                let flat = arr64("profiles")?;
                let mut at = 0;
                let mut out = Vec::new();
                for n in lens {
                    let n = n.as_u64().ok_or("bad profile length")? as usize;
                    out.push(
                        flat.get(at..at + n)
                            .ok_or("profiles shorter than their lengths")?
                            .to_vec(),
                    );
                    at += n;
                }
                Some(out)
            }
        },
        images: match head["images"].as_array() {
            None => None,
            Some(shapes) => Some(decode_images(shapes, &arr64("image_values")?)?),
        },
        arenas: match &head["arenas"] {
            Value::Null => None,
            v => Some(serde_json::from_value(v.clone()).map_err(|e| format!("bad arenas: {e}"))?),
        },
        overlays: head["overlays"].as_array().map(|a| {
            a.iter()
                .filter_map(|o| Some((o.get(0)?.as_str()?.to_string(), f64s(o.get(1)?))))
                .collect()
        }),
        failed: head["failed"].as_str().map(str::to_string),
        edited: head["edited"].as_bool(),
    })
}

/// Images from their shapes (`[width, height, x_range, y_range, value_range, tiles]`) and
/// their values laid end to end.
fn decode_images(shapes: &[Value], values: &[f64]) -> Result<Vec<Image>, String> {
    let pair = |v: &Value| -> Result<(f64, f64), String> {
        Ok((
            v[0].as_f64().ok_or("bad range")?,
            v[1].as_f64().ok_or("bad range")?,
        ))
    };
    let mut at = 0;
    let mut out = Vec::new();
    for s in shapes {
        let (width, height) = (
            s[0].as_u64().ok_or("bad image width")? as usize,
            s[1].as_u64().ok_or("bad image height")? as usize,
        );
        let tiles = s[5].as_u64().ok_or("bad image tile count")? as usize;
        let size = width * height * tiles.max(1);
        let values = values
            .get(at..at + size)
            .ok_or("image values shorter than their shapes")?
            .to_vec();
        at += size;
        out.push(Image {
            width,
            height,
            tiles,
            values,
            x_range: pair(&s[2])?,
            y_range: pair(&s[3])?,
            value_range: pair(&s[4])?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_cut_from_their_values_by_their_shapes() {
        let shapes = [
            json!([2, 1, [0.0, 1.0], [0.0, 2.0], [-1.0, 1.0], 0]),
            json!([1, 2, [5.0, 6.0], [7.0, 8.0], [0.0, 3.0], 0]),
            json!([1, 1, [0.0, 1.0], [0.0, 1.0], [0.0, 1.0], 3]),
        ];
        let images = decode_images(&shapes, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]).unwrap();
        let plain = |width, height, values: Vec<f64>, x_range, y_range, value_range| Image {
            width,
            height,
            tiles: 0,
            values,
            x_range,
            y_range,
            value_range,
        };
        assert_eq!(
            images[0],
            plain(2, 1, vec![1.0, 2.0], (0.0, 1.0), (0.0, 2.0), (-1.0, 1.0))
        );
        assert_eq!(
            images[1],
            plain(1, 2, vec![3.0, 4.0], (5.0, 6.0), (7.0, 8.0), (0.0, 3.0))
        );
        // A grid of three 1×1 tiles takes three values.
        assert_eq!(
            (images[2].tiles, &images[2].values[..]),
            (3, &[5.0, 6.0, 7.0][..])
        );
        assert!(
            decode_images(&shapes, &[1.0, 2.0, 3.0]).is_err(),
            "too few values is an error, not a panic"
        );
    }

    #[test]
    fn commands_round_trip_through_json() {
        for c in [
            Command::Restart {
                sim: "brunel".into(),
                values: vec![5.0, 2.0],
                seed: u64::MAX,
                epoch: 3,
                window_ms: 1000.0,
            },
            Command::Params {
                values: vec![1.5],
                epoch: 4,
            },
            Command::Upto {
                t_ms: 250.5,
                epoch: 4,
            },
            Command::Hold { on: true },
            Command::Hold { on: false },
            Command::Sweep {
                sim: "brunel".into(),
                values: vec![5.0],
                seed: 7,
                plot: 6,
                epoch: 5,
            },
            Command::Export {
                sim: "brunel".into(),
                values: vec![5.0],
                seed: 9,
                file: "spikes.csv".into(),
                duration_ms: 1000.0,
                epoch: 2,
            },
            Command::Edit {
                arena: "world".into(),
                x: 3,
                y: 1,
                tool: "goal".into(),
                epoch: 4,
            },
        ] {
            assert_eq!(Command::from_json(&c.to_json()).unwrap(), c);
        }
        assert!(Command::from_json(r#"{"cmd":"fly","epoch":1}"#).is_err());
        assert!(Command::from_json("nonsense").is_err());
    }
}

/// A click's tool by its name in a command, and back.
pub fn tool_name(t: neurolive_core::model::ArenaTool) -> &'static str {
    match t {
        neurolive_core::model::ArenaTool::ToggleWall => "wall",
        neurolive_core::model::ArenaTool::MoveGoal => "goal",
    }
}

pub fn tool_of(name: &str) -> Option<neurolive_core::model::ArenaTool> {
    use neurolive_core::model::ArenaTool::*;
    [ToggleWall, MoveGoal]
        .into_iter()
        .find(|t| tool_name(*t) == name)
}
