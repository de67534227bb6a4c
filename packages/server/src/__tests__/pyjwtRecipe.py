"""Runs the server README's PyJWT recipe on tokens, for the parity test (pythonParity.test.ts).

argv[1]: the README's Python block, as extracted by the test. Only `import jwt` and the
`verify_chatkit_token` function are kept (the rest is FastAPI and chatkit wiring, not installed
here), with SECRET and AUDIENCE set from the input. stdin: {"secret", "audience", "tokens":
{name: token}}. stdout: {name: {"outcome": "ok" | "expired" | "invalid", "error": class name}},
where expired and invalid are the two 401 branches of the recipe's route.
"""
import ast
import json
import sys

recipe = ast.parse(open(sys.argv[1], encoding="utf-8").read())
kept = [
    node
    for node in recipe.body
    if (isinstance(node, ast.Import) and any(alias.name == "jwt" for alias in node.names))
    or (isinstance(node, ast.FunctionDef) and node.name == "verify_chatkit_token")
]
if len(kept) != 2:
    sys.exit("the README's recipe lost `import jwt` or `def verify_chatkit_token`")

case = json.load(sys.stdin)
scope = {"SECRET": case["secret"], "AUDIENCE": case["audience"]}
exec(compile(ast.Module(body=kept, type_ignores=[]), "README recipe", "exec"), scope)
jwt = scope["jwt"]
verify = scope["verify_chatkit_token"]

results = {}
for name, token in case["tokens"].items():
    try:
        claims = verify("Bearer " + token)
        results[name] = {"outcome": "ok", "sub": claims["sub"]}
    except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError) as error:
        results[name] = {"outcome": "expired", "error": type(error).__name__}
    except jwt.InvalidTokenError as error:
        results[name] = {"outcome": "invalid", "error": type(error).__name__}
json.dump({"pyjwt": jwt.__version__, "results": results}, sys.stdout)
