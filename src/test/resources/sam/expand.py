"""Expands template.yaml's SAM transform with aws-sam-translator, the library CloudFormation's transform runs, and
prints JSON: {"expanded": the CloudFormation template, "resolved": the same with parameters, pseudo parameters,
conditions and Fn::Sub/Join/Split/Select/FindInMap/If resolved}. References to resources stay as they are.

usage: python3 expand.py TEMPLATE 'JSON parameter values, or a list of them' [STACK_NAME]
A list prints a list (one interpreter start for many expansions). CodeUri is replaced by an S3 URI first, as
`sam package` does."""
import copy
import json
import os
import re
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
from samtranslator.translator.transform import transform  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

NO_VALUE = object()


class NoManagedPolicies:
    def load(self):
        return {}


class Resolver:
    def __init__(self, expanded, params, stack):
        self.values = {name: p.get("Default") for name, p in expanded.get("Parameters", {}).items()}
        self.values.update(params)
        self.values.update({"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
                            "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": stack})
        for name, p in expanded.get("Parameters", {}).items():
            if p.get("Type", "").startswith("List<") and isinstance(self.values.get(name), str):
                self.values[name] = self.values[name].split(",")
        self.mappings = expanded.get("Mappings", {})
        self.expanded = expanded
        self.conditions = {}
        for name, node in expanded.get("Conditions", {}).items():
            self.conditions[name] = self.condition(node)

    def template(self):
        skip = ("Parameters", "Conditions", "Mappings")
        out = {k: self.resolve(v) for k, v in self.expanded.items() if k not in skip}
        out["Conditions"] = self.conditions
        return out

    def resolve(self, node):
        if isinstance(node, list):
            return [v for v in (self.resolve(x) for x in node) if v is not NO_VALUE]
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            (key, arg), = node.items()
            handler = getattr(self, "fn_" + key.replace("Fn::", "").lower(), None)
            if handler is not None:
                return handler(arg, node)
        out = {}
        for k, v in node.items():
            r = self.resolve(v)
            if r is not NO_VALUE:
                out[k] = r
        return out

    def fn_ref(self, arg, node):
        if arg == "AWS::NoValue":
            return NO_VALUE
        return self.values[arg] if arg in self.values else node

    def fn_if(self, arg, node):
        return self.resolve(arg[1] if self.conditions[arg[0]] else arg[2])

    def fn_findinmap(self, arg, node):
        m, k1, k2 = (self.resolve(x) for x in arg)
        return self.mappings[m][k1][k2]

    def fn_join(self, arg, node):
        parts = self.resolve(arg[1])
        if isinstance(parts, list) and all(isinstance(p, (str, int)) for p in parts):
            return arg[0].join(str(p) for p in parts)
        return {"Fn::Join": [arg[0], parts]}

    def fn_split(self, arg, node):
        text = self.resolve(arg[1])
        return text.split(arg[0]) if isinstance(text, str) else {"Fn::Split": [arg[0], text]}

    def fn_select(self, arg, node):
        items = self.resolve(arg[1])
        return items[int(arg[0])] if isinstance(items, list) else {"Fn::Select": [arg[0], items]}

    def fn_sub(self, arg, node):
        text, local = (arg, {}) if isinstance(arg, str) else (arg[0], self.resolve(arg[1]))

        def sub(m):
            for scope in (local, self.values):
                if isinstance(scope.get(m.group(1)), (str, int)):
                    return str(scope[m.group(1)])
            return m.group(0)
        return re.sub(r"\$\{([A-Za-z0-9:.]+)}", sub, text)

    def condition(self, node):
        (key, arg), = node.items()
        if key == "Fn::Equals":
            a, b = (self.resolve(x) for x in arg)
            return str(a) == str(b)
        if key == "Fn::Not":
            return not self.condition(arg[0])
        if key == "Fn::And":
            return all(self.condition(x) for x in arg)
        if key == "Fn::Or":
            return any(self.condition(x) for x in arg)
        if key == "Condition":
            return self.conditions[arg]
        raise ValueError("unsupported condition " + json.dumps(node))


def expand(source, params, stack):
    template = copy.deepcopy(source)
    template.get("Globals", {}).get("Function", {})["CodeUri"] = "s3://bucket/tidemark/0123456789abcdef"
    expanded = transform(template, params, NoManagedPolicies())
    return {"expanded": expanded, "resolved": Resolver(expanded, params, stack).template()}


source = yaml_parse(open(sys.argv[1]).read())
requested = json.loads(sys.argv[2])
stack_name = sys.argv[3] if len(sys.argv) > 3 else "tidemark"
if isinstance(requested, list):
    print(json.dumps([expand(source, p, stack_name) for p in requested], default=str))
else:
    print(json.dumps(expand(source, requested, stack_name), default=str))
