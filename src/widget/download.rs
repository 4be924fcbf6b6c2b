//! Downloads made in the page (no server): a Blob URL clicked through a temporary link.

use wasm_bindgen::JsCast;

pub fn download_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let r = click_link(filename, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
    r
}

pub fn download_canvas_png(
    filename: &str,
    canvas: &web_sys::HtmlCanvasElement,
) -> Result<(), String> {
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(|e| format!("{e:?}"))?;
    click_link(filename, &url)
}

fn click_link(filename: &str, href: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .unchecked_into();
    a.set_href(href);
    a.set_download(filename);
    a.style().set_property("display", "none").ok();
    let body = doc.body().ok_or("no body")?;
    body.append_child(&a).map_err(|e| format!("{e:?}"))?;
    a.click();
    body.remove_child(&a).map_err(|e| format!("{e:?}"))?;
    Ok(())
}
