#!/bin/sh
# A scripted agent for `baton run`: no model, just enough to do this example's tasks.
# It reads the task Baton wrote to $BATON_TASK_FILE and summarizes each context file into the task's first
# `files` entry: a heading, then the first sentence of every paragraph as a bullet.
set -eu
python3 - "$BATON_TASK_FILE" <<'PY'
import json, os, re, sys

task = json.load(open(sys.argv[1]))["task"]
source = task["context_files"][0]
target = task["files"][0]
paragraphs = [p.strip() for p in open(source).read().split("\n\n") if p.strip() and not p.startswith("#")]
bullets = [re.split(r"(?<=\.)\s", " ".join(p.split()), maxsplit=1)[0] for p in paragraphs][:5]
os.makedirs(os.path.dirname(target), exist_ok=True)
with open(target, "w") as out:
    out.write(f"# Summary of {source}\n\n" + "".join(f"- {b}\n" for b in bullets))
print(f"{os.environ['BATON_WORKER']}: summarized {source} into {target} ({len(bullets)} bullets)")
PY
