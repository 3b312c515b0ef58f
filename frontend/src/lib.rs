//! The browser entry point: hydrates the page's islands (the parts that need the browser);
//! everything else was rendered on the server and needs no wasm.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
