#!/bin/sh
# A scripted agent for `baton run`: no model. It repairs one rule file against the schema with fixed moves:
# invalid enum or type -> the schema's default, a bad id -> kebab-case, a string where an array belongs -> a
# one-element array, an unknown field -> removed, a missing required field with a default -> the default.
set -eu
python3 - "$BATON_TASK_FILE" <<'PY'
import json, os, re, sys

task = json.load(open(sys.argv[1]))["task"]
rule_path, schema_path = task["context_files"][0], task["context_files"][1]
rule, schema = json.load(open(rule_path)), json.load(open(schema_path))
props, fixes = schema["properties"], []
types = {"string": str, "boolean": bool, "array": list}

for key in list(rule):
    if key not in props:
        del rule[key]
        fixes.append(f"removed unknown field {key}")
for key, spec in props.items():
    if key not in rule:
        if key in schema.get("required", []) and "default" in spec:
            rule[key] = spec["default"]
            fixes.append(f"added missing {key} = {spec['default']!r}")
        continue
    value = rule[key]
    if "enum" in spec and value not in spec["enum"]:
        rule[key] = spec["default"]
        fixes.append(f"{key} {value!r} -> {spec['default']!r}")
    elif spec.get("type") == "array" and isinstance(value, str):
        rule[key] = [value]
        fixes.append(f"{key} -> [{value!r}]")
    elif spec.get("type") in types and not isinstance(value, types[spec["type"]]):
        rule[key] = spec["default"]
        fixes.append(f"{key} {value!r} -> {spec['default']!r}")
    elif key == "id" and not re.fullmatch(spec["pattern"], value):
        rule[key] = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        fixes.append(f"id {value!r} -> {rule[key]!r}")

ordered = {k: rule[k] for k in props if k in rule}
with open(rule_path, "w") as out:
    out.write(json.dumps(ordered, indent=2) + "\n")
print(f"{os.environ['BATON_WORKER']}: {rule_path}: " + ("; ".join(fixes) if fixes else "already valid"))
PY
