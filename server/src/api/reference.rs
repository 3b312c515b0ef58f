//! `/api/v1/docs`: the API reference, rendered on the server from the OpenAPI document, so it
//! is always the document's own words and works offline. Written by hand: the usual viewers
//! (Swagger UI, Redoc, Scalar) load their scripts from a CDN or download them at build time,
//! and neither works on a self-hosted portal with a strict Content-Security-Policy.

use axum::response::Html;
use html_escape::encode_text as esc;
use serde_json::Value;
use std::fmt::Write;

/// A schema's type in a word or two: `Client`, `array of Invoice`, `string`, `integer or null`.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{0}\">{0}</a>", esc(name));
    }
    if let Some(any) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        return any.iter().map(type_of).collect::<Vec<_>>().join(" or ");
    }
    match schema.get("type") {
        Some(Value::String(t)) if t == "array" => format!("array of {}", schema.get("items").map(type_of).unwrap_or_default()),
        Some(Value::String(t)) => esc(t).to_string(),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" or "),
        _ => "any".into(),
    }
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).map(|s| esc(s).to_string()).unwrap_or_default()
}

pub fn page(doc: &utoipa::openapi::OpenApi) -> Html<String> {
    let doc = serde_json::to_value(doc).unwrap_or_default();
    let mut h = String::new();
    let title = text(&doc["info"], "title");
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} reference</title></head><body><header><h1>{title} reference</h1><p>{}</p>\
         <p>The same, as an OpenAPI {} document: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>. Base address: <code>/api/v1</code>.</p></header><main>",
        text(&doc["info"], "description"),
        text(&doc, "openapi")
    );
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for tag in doc["tags"].as_array().cloned().unwrap_or_default() {
        let name = tag["name"].as_str().unwrap_or("");
        let _ = write!(h, "<section aria-labelledby=\"tag-{0}\"><h2 id=\"tag-{0}\">{0}</h2><p>{1}</p>", esc(name), text(&tag, "description"));
        for (path, item) in &paths {
            for method in ["get", "post", "put", "patch"] {
                let Some(op) = item.get(method).filter(|op| op["tags"].as_array().is_some_and(|t| t.iter().any(|t| t == name))) else { continue };
                operation(&mut h, method, path, op);
            }
        }
        h.push_str("</section>");
    }
    h.push_str("<section aria-labelledby=\"schemas\"><h2 id=\"schemas\">Schemas</h2>");
    for (name, schema) in doc["components"]["schemas"].as_object().cloned().unwrap_or_default() {
        let _ = write!(h, "<h3 id=\"schema-{0}\">{0}</h3>", esc(&name));
        let required: Vec<&str> = schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        if let Some(props) = schema["properties"].as_object() {
            h.push_str("<table><thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead><tbody>");
            for (field, p) in props {
                let req = if required.contains(&field.as_str()) { " (required)" } else { "" };
                let _ = write!(h, "<tr><td><code>{}</code>{req}</td><td>{}</td><td>{}</td></tr>", esc(field), type_of(p), text(p, "description"));
            }
            h.push_str("</tbody></table>");
        } else {
            let _ = write!(h, "<p>{}</p>", type_of(&schema));
        }
    }
    h.push_str("</section></main></body></html>");
    Html(h)
}

fn operation(h: &mut String, method: &str, path: &str, op: &Value) {
    let id = format!("{method}{}", path.replace(['/', '{', '}'], "-"));
    let _ = write!(h, "<article aria-labelledby=\"{id}\"><h3 id=\"{id}\"><code>{} /api/v1{}</code></h3>", method.to_uppercase(), esc(path));
    let words = [text(op, "summary"), text(op, "description")].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    if !words.is_empty() {
        let _ = write!(h, "<p>{words}</p>");
    }
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        h.push_str("<table><caption>Parameters</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th><th scope=\"col\">Type</th><th scope=\"col\">Description</th></tr></thead><tbody>");
        for p in params {
            let req = if p["required"] == Value::Bool(true) { " (required)" } else { "" };
            let _ = write!(h, "<tr><td><code>{}</code>{req}</td><td>{}</td><td>{}</td><td>{}</td></tr>", text(p, "name"), text(p, "in"), type_of(&p["schema"]), text(p, "description"));
        }
        h.push_str("</tbody></table>");
    }
    if let Some(content) = op["requestBody"]["content"].as_object() {
        for (kind, c) in content {
            let _ = write!(h, "<p>Body (<code>{}</code>): {}</p>", esc(kind), type_of(&c["schema"]));
        }
    }
    h.push_str("<ul>");
    for (status, r) in op["responses"].as_object().cloned().unwrap_or_default() {
        let body = r["content"].as_object().and_then(|c| c.values().next()).map(|c| format!(": {}", type_of(&c["schema"]))).unwrap_or_default();
        let _ = write!(h, "<li><strong>{}</strong> {}{body}</li>", esc(&status), text(&r, "description"));
    }
    h.push_str("</ul></article>");
}
