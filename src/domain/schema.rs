//! JSON Schemas from the types the loaders read files with.

/// The JSON Schema (draft 7, which every TOML language server reads) of a
/// file read as `T`. Optional fields are left out, never `null`: TOML has
/// no null.
pub fn json_schema_for<T: schemars::JsonSchema>() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft07()
        .with_transform(schemars::transform::RecursiveTransform(without_null))
        .into_generator()
        .into_root_schema_for::<T>()
}

/// `"type": ["number", "null"]` becomes `"type": "number"`, and
/// `{"type": "null"}` leaves an `anyOf`.
fn without_null(schema: &mut schemars::Schema) {
    if let Some(serde_json::Value::Array(types)) = schema.get_mut("type") {
        types.retain(|kind| kind != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            schema.insert("type".to_owned(), only);
        }
    }
    if let Some(serde_json::Value::Array(any)) = schema.get_mut("anyOf") {
        any.retain(|one| one.get("type").is_none_or(|kind| kind != "null"));
    }
}
