//! The browser entry point: hydrates the page's islands (the parts that need the browser);
//! everything else was rendered on the server and needs no wasm.

// The islands are `#[wasm_bindgen]` exports of the `app` crate; naming the crate links them in.
extern crate app;

/// `texts`: the page locale's texts, which the islands script fetched beside the wasm.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate(texts: String) {
    console_error_panic_hook::set_once();
    app::i18n::install(&texts);
    leptos::mount::hydrate_islands();
}
