//! The browser entry point: hydrates the page's islands (the parts that need the browser);
//! everything else was rendered on the server and needs no wasm.

// The islands are `#[wasm_bindgen]` exports of the `app` crate; naming the crate links them in.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
