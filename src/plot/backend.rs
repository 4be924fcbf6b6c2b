//! plotters' canvas backend, with text measured by the canvas instead of by the page.
//!
//! On wasm, plotters sizes every label (tick labels, titles, legends) by appending a `<span>` to
//! the document's body and reading its `offsetHeight`, which forces a layout of the whole page:
//! on a lecture with thirty widgets a plot's first drawing spent most of its time there (a
//! 100–180 ms frame when a widget came into view). `measureText` on the canvas's own context
//! gives the width without touching the page. The height is the line box that span had: it
//! inherited the body's line height (1.6 in style/main.css), so the plots' layout is unchanged.

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The line height of the page's text, as a multiple of the font size (body in main.css).
const LINE_HEIGHT: f64 = 1.6;

/// A `CanvasBackend` that measures text with the canvas (module doc); everything else is
/// plotters-canvas's own drawing.
pub struct Canvas2d {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
}

impl Canvas2d {
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Canvas2d> {
        let context = canvas
            .get_context("2d")
            .ok()??
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas.clone())?;
        Some(Canvas2d { inner, context })
    }
}

/// plotters-canvas's error type, which it does not export by name.
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

impl DrawingBackend for Canvas2d {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<CanvasError> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<CanvasError> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<CanvasError> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<CanvasError> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<CanvasError> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<CanvasError> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<CanvasError> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<CanvasError> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<CanvasError> {
        self.inner.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        // The font string draw_text sets, so the measure is of the text as drawn.
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str(),
        ));
        let width = self.context.measure_text(text).map_or(0.0, |m| m.width());
        Ok((
            width.round() as u32,
            (LINE_HEIGHT * style.size()).round() as u32,
        ))
    }
}
