#!/usr/bin/env python3
"""The script a user writes instead of polycloud: list one OpenScaler project with the standard
library (urllib + json) and print each VM's neutral fields as JSON, as `polycloud list -o json` does.

    naive_list.py CONFIG PROVIDER     (CONFIG: a polycloud config, e.g. the sandbox's)
"""
import json
import ssl
import sys
import urllib.request


def main():
    config = json.load(open(sys.argv[1]))["providers"][sys.argv[2]]
    url = config["endpoint"].rstrip("/") + "/v1/vms?project_id=" + config.get("project_id", "default")
    context = ssl.create_default_context(cafile=config["ca_file"]) if "ca_file" in config else None
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + config["token"]})
    with urllib.request.urlopen(request, context=context) as response:
        body = json.load(response)
    out = []
    for vm in body["vms"]:
        network = vm.get("network") or {}
        out.append({
            "provider": sys.argv[2], "type": "openscaler", "id": str(vm["id"]), "name": vm.get("name"),
            "state": vm.get("state"), "raw_state": vm.get("state"), "region": vm.get("region"),
            "zone": None, "size": vm.get("size"), "vcpus": vm.get("vcpus"), "memory_mb": vm.get("memoryMB"),
            "disk_gb": vm.get("storageGB"), "image": vm.get("distro"),
            "public_ips": [network["public_ip"]] if network.get("public_ip") else [],
            "private_ips": [network["private_ip"]] if network.get("private_ip") else [],
            "created_at": vm.get("created_at"), "tags": {},
        })
    # json.dumps, not json.dump(out, sys.stdout): dump() to a file runs CPython's pure-Python encoder and
    # costs this script twice the CPU. Both are what a user writes; the baseline is the faster one.
    sys.stdout.write(json.dumps(out))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
