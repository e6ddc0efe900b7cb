#!/bin/sh
# A scripted agent for `baton run`: no model. It "generates" tests the mechanical way: every doctest example in
# the module's docstrings becomes an assertEqual in a unittest file named by the task's first `files` entry.
set -eu
python3 - "$BATON_TASK_FILE" <<'PY'
import doctest, importlib.util, json, os, sys

task = json.load(open(sys.argv[1]))["task"]
source, target = task["context_files"][0], task["files"][0]
name = os.path.splitext(os.path.basename(source))[0]
spec = importlib.util.spec_from_file_location(name, source)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

lines = [
    "import os", "import sys", "import unittest", "",
    "sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src'))", "",
    f"import {name}  # noqa: E402", "", "",
    f"class {name.capitalize()}Tests(unittest.TestCase):",
]
count = 0
for test in doctest.DocTestFinder().find(module):
    if not test.examples or test.name == name:
        continue
    func = test.name.split(".")[-1]
    lines.append(f"    def test_{func}(self):")
    for example in test.examples:
        lines.append(f"        self.assertEqual({name}.{example.source.strip()}, {example.want.strip()})")
        count += 1
    lines.append("")
lines += ["", "if __name__ == '__main__':", "    unittest.main()", ""]
os.makedirs(os.path.dirname(target), exist_ok=True)
open(target, "w").write("\n".join(lines))
print(f"{os.environ['BATON_WORKER']}: wrote {target} with {count} assertions from the docstrings of {source}")
PY
