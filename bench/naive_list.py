#!/usr/bin/env python3
"""The script a user writes instead of polycloud: list one provider's VMs with the standard library
(urllib + json) and print each VM's neutral fields as JSON, as `polycloud list --fast -o json` does.

    naive_list.py CONFIG PROVIDER     (CONFIG: a polycloud config, e.g. the sandbox's)

OpenScaler: one body. Katapult: page/per_page=200 until a short page (large_set hides the totals; list
items carry no state, as in `--fast`). ByCloud: limit=100 pages following meta.marker while has_more.
Each page is one request on a fresh connection (urllib keeps none alive), as such a script does.
"""
import json
import ssl
import sys
import urllib.parse
import urllib.request


def fetch(url, config):
    context = ssl.create_default_context(cafile=config["ca_file"]) if "ca_file" in config else None
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + config["token"]})
    with urllib.request.urlopen(request, context=context) as response:
        return json.load(response)


def openscaler(name, config):
    body = fetch(config["endpoint"].rstrip("/") + "/v1/vms?project_id=" + config.get("project_id", "default"), config)
    for vm in body["vms"]:
        network = vm.get("network") or {}
        yield {
            "provider": name, "type": "openscaler", "id": str(vm["id"]), "name": vm.get("name"),
            "state": vm.get("state"), "raw_state": vm.get("state"), "region": vm.get("region"),
            "zone": None, "size": vm.get("size"), "vcpus": vm.get("vcpus"), "memory_mb": vm.get("memoryMB"),
            "disk_gb": vm.get("storageGB"), "image": vm.get("distro"),
            "public_ips": [network["public_ip"]] if network.get("public_ip") else [],
            "private_ips": [network["private_ip"]] if network.get("private_ip") else [],
            "created_at": vm.get("created_at"), "tags": {},
        }


def katapult(name, config):
    organization = config["organization"]
    key, value = ("id", organization["id"]) if "id" in organization else ("sub_domain", organization["sub_domain"])
    base = config["endpoint"].rstrip("/") + "/organizations/organization/virtual_machines?"
    page = 1
    while True:
        query = urllib.parse.urlencode({f"organization[{key}]": value, "page": page, "per_page": 200})
        vms = fetch(base + query, config)["virtual_machines"]
        for vm in vms:
            zone = vm.get("zone") or {}
            addresses = [entry["address"] for entry in vm.get("ip_addresses") or []]
            yield {
                "provider": name, "type": "katapult", "id": vm["id"], "name": vm.get("name"),
                "state": "unknown", "raw_state": "", "region": (zone.get("data_center") or {}).get("permalink"),
                "zone": zone.get("permalink"), "size": (vm.get("package") or {}).get("name"), "vcpus": None,
                "memory_mb": None, "disk_gb": None, "image": None,
                "public_ips": addresses, "private_ips": [], "created_at": vm.get("created_at"), "tags": {},
            }
        if len(vms) < 200:
            return
        page += 1


BYCLOUD_STATES = {"ACTIVE": "running", "BUILD": "pending", "SHUTOFF": "stopped", "DELETED": "terminated"}


def bycloud(name, config):
    base = config["endpoint"].rstrip("/") + "/v1/instances?limit=100"
    marker = None
    while True:
        body = fetch(base + ("&marker=" + urllib.parse.quote(marker) if marker else ""), config)
        for vm in body["instances"]:
            public, private = [], []
            for entries in (vm.get("addresses") or {}).values():
                for entry in entries:
                    (public if entry.get("type") == "floating" else private).append(entry["addr"])
            tags = {tag: "" for tag in vm.get("tags") or []}
            tags.update(vm.get("metadata") or {})
            flavor = vm.get("flavor") or {}
            yield {
                "provider": name, "type": "bycloud", "id": vm["id"], "name": vm.get("name"),
                "state": BYCLOUD_STATES.get(vm.get("status"), "unknown"), "raw_state": vm.get("status"),
                "region": (vm.get("crn") or "::").split(":")[1], "zone": None, "size": flavor.get("name"),
                "vcpus": flavor.get("vcpus"), "memory_mb": flavor.get("ram"), "disk_gb": flavor.get("disk"),
                "image": (vm.get("image") or {}).get("name"), "public_ips": public, "private_ips": private,
                "created_at": vm.get("created_at"), "tags": dict(sorted(tags.items())),
            }
        meta = body.get("meta") or {}
        if not meta.get("has_more"):
            return
        marker = meta["marker"]


def main():
    name = sys.argv[2]
    config = json.load(open(sys.argv[1]))["providers"][name]
    out = list({"openscaler": openscaler, "katapult": katapult, "bycloud": bycloud}[config["type"]](name, config))
    # json.dumps, not json.dump(out, sys.stdout): dump() to a file runs CPython's pure-Python encoder and
    # costs this script twice the CPU. Both are what a user writes; the baseline is the faster one.
    sys.stdout.write(json.dumps(out))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
