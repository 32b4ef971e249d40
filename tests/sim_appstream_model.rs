//! Every WorkSpaces Applications operation the emulator serves, walked against the service model
//! (`../shared/specs/appstream-2016-12-01.service.json.gz`) over awsJson1.1 and RPC v2 CBOR:
//!
//! - a request with only the required members is not a validation error, and any error it gets
//!   is one the operation lists; a success answers only members of the output shape;
//! - leaving out a required member, or giving any member (also inside structures, lists and
//!   maps) a value outside its enum, length, range, count or pattern is a ValidationException.
//!
//! Skips with a message where the model is not there.

mod common;
mod sim_appstream_raw;

use std::io::Read;
use std::path::Path;

use serde_json::{json, Map, Value};
use sim_appstream_raw::{call, BOTH};

const AKID: &str = "AKIDWSFLEETDEMO";

/// The operations the emulator serves.
const SERVED: &[&str] = &[
    "DescribeImages",
    "CreateUpdatedImage",
    "DeleteImage",
    "DescribeImagePermissions",
    "UpdateImagePermissions",
    "DeleteImagePermissions",
    "DescribeFleets",
    "StartFleet",
    "StopFleet",
    "UpdateFleet",
    "DescribeStacks",
    "ListAssociatedStacks",
    "ListAssociatedFleets",
    "DescribeSessions",
    "ExpireSession",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
];

/// A value outside every enum of the model.
const NOT_A_MEMBER: &str = "NOT_IN_THE_MODEL";

fn load_model() -> Option<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/specs/appstream-2016-12-01.service.json.gz");
    if !path.exists() {
        eprintln!("skipped: {} is not there", path.display());
        return None;
    }
    let out = std::process::Command::new("gzip")
        .arg("-dc")
        .arg(&path)
        .output()
        .expect("gzip runs");
    assert!(out.status.success(), "gzip -dc {}", path.display());
    let mut text = String::new();
    out.stdout.as_slice().read_to_string(&mut text).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}

struct Model<'a> {
    shapes: &'a Map<String, Value>,
}

impl Model<'_> {
    fn shape(&self, name: &str) -> &Value {
        &self.shapes[name]
    }

    fn target<'b>(&'b self, member: &'b Value) -> &'b Value {
        self.shape(member["shape"].as_str().unwrap())
    }

    /// A value the model accepts for `shape`.
    fn valid(&self, shape: &Value) -> Value {
        match shape["type"].as_str().unwrap() {
            "string" => json!(valid_string(shape)),
            "integer" | "long" => json!(shape["min"].as_i64().unwrap_or(1)),
            "boolean" => json!(false),
            "list" => json!([self.valid(self.target(&shape["member"]))]),
            "map" => json!({"team": "walk"}),
            "structure" => self.required_only(shape),
            other => panic!("no valid value for a {other}"),
        }
    }

    /// A structure with only its required members.
    fn required_only(&self, shape: &Value) -> Value {
        let mut out = Map::new();
        for name in required(shape) {
            let member = &shape["members"][name.as_str()];
            out.insert(name.clone(), self.valid(self.target(member)));
        }
        Value::Object(out)
    }

    /// Values the model refuses for `shape`, each with what is wrong.
    fn invalid(&self, shape: &Value) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let n = |k: &str| shape[k].as_i64();
        match shape["type"].as_str().unwrap() {
            "string" => {
                if shape.get("enum").is_some() {
                    out.push(("enum".into(), json!(NOT_A_MEMBER)));
                }
                if n("min").is_some_and(|m| m >= 1) {
                    out.push(("min length".into(), json!("")));
                }
                if let Some(max) = n("max") {
                    out.push(("max length".into(), json!("a".repeat(max as usize + 1))));
                }
                if shape.get("pattern").is_some() {
                    out.push(("pattern".into(), json!("!! not valid !!")));
                }
            }
            "integer" | "long" => {
                if let Some(min) = n("min") {
                    out.push(("min".into(), json!(min - 1)));
                }
                if let Some(max) = n("max") {
                    out.push(("max".into(), json!(max + 1)));
                }
            }
            "list" => out.extend(self.invalid_list(shape)),
            "map" => out.extend(self.invalid_map(shape)),
            "structure" => out.extend(self.invalid_members(shape)),
            _ => {}
        }
        out
    }

    fn invalid_list(&self, shape: &Value) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let item = self.target(&shape["member"]);
        if shape["min"].as_i64().is_some_and(|m| m >= 1) {
            out.push(("empty list".into(), json!([])));
        }
        if let Some(max) = shape["max"].as_u64() {
            let items = vec![self.valid(item); max as usize + 1];
            out.push(("too many items".into(), Value::Array(items)));
        }
        for (what, bad) in self.invalid(item) {
            out.push((format!("item {what}"), json!([bad])));
        }
        out
    }

    fn invalid_map(&self, shape: &Value) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        if shape["min"].as_i64().is_some_and(|m| m >= 1) {
            out.push(("empty map".into(), json!({})));
        }
        if let Some(max) = shape["max"].as_u64() {
            let many: Map<String, Value> =
                (0..=max).map(|i| (format!("k{i}"), json!("v"))).collect();
            out.push(("too many entries".into(), Value::Object(many)));
        }
        for (what, bad) in self.invalid(self.target(&shape["key"])) {
            let Value::String(key) = bad else { continue };
            let mut m = Map::new();
            m.insert(key, json!("v"));
            out.push((format!("key {what}"), Value::Object(m)));
        }
        for (what, bad) in self.invalid(self.target(&shape["value"])) {
            out.push((format!("value {what}"), json!({ "team": bad })));
        }
        out
    }

    /// The structure with its required members, and one member left out or made invalid.
    fn invalid_members(&self, shape: &Value) -> Vec<(String, Value)> {
        let base = self.required_only(shape);
        let mut out = Vec::new();
        for name in required(shape) {
            let mut body = base.clone();
            body.as_object_mut().unwrap().remove(&name);
            out.push((format!("{name} missing"), body));
        }
        for (name, member) in shape["members"].as_object().unwrap() {
            for (what, bad) in self.invalid(self.target(member)) {
                let mut body = base.clone();
                body[name.as_str()] = bad;
                out.push((format!("{name}: {what}"), body));
            }
        }
        out
    }
}

fn required(shape: &Value) -> Vec<String> {
    let list = shape["required"].as_array().cloned().unwrap_or_default();
    list.iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

/// A string the model's constraints accept: the first enum value, or a value for the
/// patterns the served operations use.
fn valid_string(shape: &Value) -> String {
    if let Some(first) = shape["enum"].get(0) {
        return first.as_str().unwrap().to_string();
    }
    let pattern = shape["pattern"].as_str().unwrap_or("");
    if pattern.starts_with("^arn:") {
        "arn:aws:appstream:us-east-1:123456789012:fleet/walk-1".into()
    } else if pattern == r"^\d+$" {
        "123456789013".into()
    } else {
        "walk-1".into()
    }
}

/// The request of `op` with only its required members (UpdateFleet also names its fleet: the
/// model leaves Name optional, but there is no fleet to update without it).
fn minimal(m: &Model, op: &str, input: &Value) -> Value {
    let mut body = m.required_only(input);
    if op == "UpdateFleet" {
        body["Name"] = json!("walk-1");
    }
    body
}

#[tokio::test]
async fn every_served_operation_answers_as_its_model_says() {
    let Some(model) = load_model() else { return };
    let m = Model {
        shapes: model["shapes"].as_object().unwrap(),
    };
    let emu = common::start(300).await;
    let url = emu.endpoint_url();
    let mut checked = 0;
    for op in SERVED {
        let spec = &model["operations"][op];
        assert!(spec.is_object(), "{op} is not in the model");
        let input = m.shape(spec["input"]["shape"].as_str().unwrap());
        let errors: Vec<&str> = spec["errors"]
            .as_array()
            .map(|e| e.iter().map(|e| e["shape"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let output = spec["output"]["shape"].as_str().map(|s| m.shape(s));
        let base = minimal(&m, op, input);
        for wire in BOTH {
            let a = call(&url, wire, AKID, op, &base).await;
            if a.status == 200 {
                let members = output.map(|o| &o["members"]);
                for key in a.body.as_object().unwrap().keys() {
                    let known = members.is_some_and(|mm| mm.get(key).is_some());
                    assert!(known, "{wire:?} {op}: {key} is not in the output shape");
                }
            } else {
                assert!(
                    errors.contains(&a.code()),
                    "{wire:?} {op} {base}: {} is not an error the model lists ({errors:?})",
                    a.code()
                );
            }
            for (what, body) in m.invalid_members(input) {
                let mut body = body;
                if op == &"UpdateFleet" && what != "Name missing" && body.get("Name").is_none() {
                    body["Name"] = json!("walk-1");
                }
                let a = call(&url, wire, AKID, op, &body).await;
                assert_eq!(
                    a.code(),
                    "ValidationException",
                    "{wire:?} {op} ({what}) {body}: {}",
                    a.body
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} invalid requests");
}
