# The reference for our Jinja engine: real jinja2, set up as chatkit-python 1.6.5's WidgetTemplate
# sets it up (Environment(undefined=StrictUndefined), nothing else), and its build rules: render,
# json.loads, then the widget without its None fields (exclude_none and _drop_none). Reads
# [{"template", "data", "widget"}] as JSON on stdin; writes, for each, the rendered text and the
# widget (when "widget" is true), or the type of the exception jinja2 or json raised.
import json
import sys

from jinja2 import Environment, StrictUndefined

env = Environment(undefined=StrictUndefined)


def drop_none(value):
    if isinstance(value, dict):
        return {key: drop_none(field) for key, field in value.items() if field is not None}
    if isinstance(value, list):
        return [drop_none(item) for item in value if item is not None]
    return value


results = []
for case in json.load(sys.stdin):
    try:
        rendered = env.from_string(case["template"]).render(**case["data"])
    except Exception as error:  # noqa: BLE001 - the type is the answer
        results.append({"error": type(error).__name__})
        continue
    result = {"rendered": rendered}
    if case.get("widget"):
        try:
            result["widget"] = drop_none(json.loads(rendered))
        except ValueError as error:
            result["error"] = type(error).__name__
    results.append(result)

json.dump({"jinja2": __import__("jinja2").__version__, "results": results}, sys.stdout)
