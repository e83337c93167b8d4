"""Runs the inline code of template.yaml's SettingsDigestFunction (the custom resource behind the sync function's
version description) the way Lambda runs it for CloudFormation, with the cfnresponse module replaced by one that
records the response instead of sending it.

usage: python3 digest.py TEMPLATE 'JSON list of ResourceProperties'
prints a JSON list of {"status", "data", "physicalResourceId"}, one per property set."""
import json
import sys
import types

from samtranslator.yaml_helper import yaml_parse

responses = []
cfnresponse = types.ModuleType("cfnresponse")
cfnresponse.SUCCESS = "SUCCESS"
cfnresponse.FAILED = "FAILED"


def send(event, context, status, data, physical_resource_id=None, no_echo=False, reason=None):
    responses.append({"status": status, "data": data, "physicalResourceId": physical_resource_id, "reason": reason})


cfnresponse.send = send
sys.modules["cfnresponse"] = cfnresponse

template = yaml_parse(open(sys.argv[1]).read())
code = template["Resources"]["SettingsDigestFunction"]["Properties"]["Code"]["ZipFile"]
module = {}
exec(compile(code, "index.py", "exec"), module)
for properties in json.loads(sys.argv[2]):
    event = {"RequestType": "Update", "ResourceProperties": properties, "StackId": "s", "RequestId": "r",
             "LogicalResourceId": "SyncSettings", "ResponseURL": "https://example.invalid/"}
    module["handler"](event, None)
print(json.dumps(responses))
