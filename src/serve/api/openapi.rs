//! `GET /api/v1/openapi.json`: the API described from the code. The verbs
//! are the variants of `api::Call`, read from the type itself (serde names
//! every variant it accepts), so a verb added in the code is described
//! without anyone remembering to.

use crate::api::Call;
use axum::Json;
use serde_json::{Value, json};

/// Every verb `Call` accepts, as serde names them.
pub fn verbs() -> Vec<String> {
    let probe = serde_json::from_value::<Call>(json!({ "verb": "\u{1}", "args": {} }));
    let text = match probe {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    // "unknown variant `…`, expected one of `a`, `b`, …"
    let list = text.split("expected one of ").nth(1).unwrap_or_default();
    list.split(", ")
        .map(|v| v.trim().trim_matches('`').to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

fn error_responses() -> Value {
    let err = json!({ "$ref": "#/components/schemas/Error" });
    let with = |d: &str| json!({ "description": d, "content": { "application/json": { "schema": err } } });
    json!({
        "400": with("invalid request or refused by the workflow (code: invalid, refused, bad_request)"),
        "401": with("no session, or it ended (code: session_ended, sign_in)"),
        "403": with("the operator's role or agencies do not allow it (code: not_allowed, disabled, pin_change)"),
        "404": with("no such record or verb (code: not_found, unknown_verb)"),
        "409": with("changed since the version given (code: stale, conflict)"),
        "423": with("locked after wrong PINs (code: locked)"),
        "507": with("the service's data folder is read-only or below its free-space reserve; nothing was written (code: no_room)"),
    })
}

pub fn spec() -> Value {
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/api/v1/sign-in".into(),
        json!({ "post": {
            "summary": "Sign in with operator name and PIN; returns a session token (12 h)",
            "security": [],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["name", "pin"],
                "properties": { "name": { "type": "string" }, "pin": { "type": "string" } } } } } },
            "responses": { "200": { "description": "token, operator, expires_at, pin_change" } }
        }}),
    );
    paths.insert(
        "/api/v1/sign-out".into(),
        json!({ "post": { "summary": "End the session", "responses": { "200": { "description": "signed out" } } } }),
    );
    paths.insert(
        "/api/v1/events".into(),
        json!({ "get": {
            "summary": "Server-sent events: `case` (data: case number), `reload`, `session_ended`; send Last-Event-ID to resume",
            "responses": { "200": { "description": "text/event-stream" } }
        }}),
    );
    for v in verbs() {
        let mut responses = error_responses();
        responses["200"] = json!({ "description": "the verb's answer as JSON" });
        paths.insert(
            format!("/api/v1/{v}"),
            json!({ "post": {
                "operationId": v,
                "summary": format!("verb {v}"),
                "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": responses,
            }}),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "ratu RA service", "version": env!("CARGO_PKG_VERSION") },
        "paths": paths,
        "security": [{ "bearer": [] }],
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": { "Error": {
                "type": "object", "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string" },
                    "message": { "type": "string" },
                    "refusal": { "type": "object" },
                    "changed": { "type": "array" }
                }
            }}
        }
    })
}

pub async fn document() -> Json<Value> {
    Json(spec())
}
