// Loads wasm only on a page that has islands, and the small bundle when every island on the
// page is in it; then hydrates the islands in document order. Leptos's <HydrationScripts
// islands> preloads one bundle on every page, which pages without islands do not need; the
// traversal below follows Leptos's island_script.js (0.8). The page locale's texts come beside
// the wasm, from an address that changes when they do.
((full, small, smallIslands, textsUrl) => {
  const done = () => document.body.setAttribute("data-hydrated", "");
  const islands = [...document.querySelectorAll("leptos-island")];
  if (islands.length === 0) return done();
  const inSmall = (el) => smallIslands.some((name) => el.dataset.component.startsWith(name + "_"));
  const [js, wasm] = islands.every(inSmall) ? small : full;
  const childCallbacks = [];
  async function visit(node, mod) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === "leptos-island") {
      const island = mod[node.dataset.component];
      if (island) {
        const cb = childCallbacks[childCallbacks.length - 1];
        if (cb) cb();
        await island(node);
      } else {
        console.warn(`no wasm function for the island ${node.dataset.component}`);
      }
      for (const child of node.children) await visit(child, mod);
    } else if (tag === "leptos-children") {
      childCallbacks.push(node.$$on_hydrate);
      for (const child of node.children) await visit(child, mod);
      childCallbacks.pop();
    } else {
      for (const child of node.children) await visit(child, mod);
    }
  }
  const texts = fetch(textsUrl).then((r) => r.text());
  import(js).then(async (mod) => {
    await mod.default({ module_or_path: wasm });
    mod.hydrate(await texts);
    await visit(document.body, mod);
    done();
  });
})
