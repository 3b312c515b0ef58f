//! schemathesis (PyPI) against the API's own OpenAPI document: every operation, with examples,
//! boundary values and random input, through a token with every scope. It must find no server
//! error, no status code, content type or body that the document does not describe.

use crate::helpers::*;
use server::api::tokens::{self, SCOPES};
use server::config::Config;

#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_answer_outside_the_document() {
    let app = spawn_with(Config { api_rate_limit: 1_000_000, ..Config::for_tests() }).await;
    let scopes: Vec<String> = SCOPES.iter().map(|s| s.to_string()).collect();
    let (_, secret) = tokens::create(&app.db, "schemathesis", &scopes, None, app.user_id(ADMIN).await).await.expect("token");
    let python = std::env::var("PORTICO_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let args: Vec<String> = vec![
        "-m".into(),
        "schemathesis.cli".into(),
        "run".into(),
        app.url("/api/v1/openapi.json"),
        "--url".into(),
        app.url("/api/v1"),
        "--header".into(),
        format!("Authorization: Bearer {secret}"),
        "--checks".into(),
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance".into(),
        "--max-examples".into(),
        "20".into(),
        "--generation-deterministic".into(),
    ];
    // Blocking, on its own thread: the server under test keeps answering on this runtime.
    let out = tokio::task::spawn_blocking(move || std::process::Command::new(python).args(&args).output()).await.unwrap().expect("python3 with schemathesis (make test installs it)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "schemathesis found problems:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("passed") && report.contains("Tested: 21"), "every operation was tested:\n{report}");
}
