#!/usr/bin/env python3
"""Checks the OCI image tarballs Jib wrote against the Jib configuration in the poms.

For each module: every blob the index, manifest and config name is in the tarball with that digest
and size, each layer's diff_id matches its content, the image is named as the pom says, runs as the
pom's user (65532, the rendered pods' runAsUser), its entrypoint is java with the pom's main class,
java is on the image's PATH and every classpath entry exists in the layers. With --smoke (root
only) the entrypoint is also run in a chroot of the layers, as that user with the image's Env, and
must not fail to start the JVM or load the main class. Prints one JSON line per image.
Usage: check.py [--smoke] REPO MODULE...
"""

import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
START_FAILURES = re.compile(
    r"Could not find or load main class|NoClassDefFoundError|UnsatisfiedLinkError"
    r"|error while loading shared libraries|Error occurred during initialization of VM")


def fail(image, message):
    sys.exit(f"check: {image}: {message}")


def properties(pom):
    props = ET.parse(pom).getroot().find("m:properties", NS)
    return {} if props is None else {p.tag.split("}")[1]: (p.text or "").strip() for p in props}


def expected(repo, module):
    props = properties(repo / "pom.xml") | properties(repo / module / "pom.xml")
    resolve = lambda v: re.sub(r"\$\{([^}]+)\}", lambda m: props.get(m.group(1), m.group(0)), v)
    return {k: resolve(props[k]) for k in
            ("enclave.image.name", "enclave.image.mainClass", "enclave.image.user")}


class OciTar:
    """An OCI image layout tarball, read into memory (the images are tens of MB)."""

    def __init__(self, path):
        with tarfile.open(path) as tar:
            self.files = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}

    def blob(self, image, descriptor):
        digest = descriptor["digest"]
        data = self.files.get("blobs/sha256/" + digest.removeprefix("sha256:"))
        if data is None:
            fail(image, f"blob {digest} is named but not in the tarball")
        if "sha256:" + hashlib.sha256(data).hexdigest() != digest or len(data) != descriptor["size"]:
            fail(image, f"blob {digest} does not match its digest or size")
        return data


def layer_files(image, oci, manifest, config):
    diff_ids = config["rootfs"]["diff_ids"]
    if len(diff_ids) != len(manifest["layers"]):
        fail(image, f"{len(manifest['layers'])} layers but {len(diff_ids)} diff_ids")
    names, layers = set(), []
    for layer, diff_id in zip(manifest["layers"], diff_ids):
        raw = gzip.decompress(oci.blob(image, layer))
        if "sha256:" + hashlib.sha256(raw).hexdigest() != diff_id:
            fail(image, f"layer {layer['digest']} does not match diff_id {diff_id}")
        with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
            names |= {"/" + m.name.lstrip("./") for m in tar.getmembers()}
        layers.append(raw)
    return names, layers


def check_runtime(image, want, config, names, layers):
    cfg = config["config"]
    if cfg.get("User") != want["enclave.image.user"]:
        fail(image, f"user is {cfg.get('User')!r}, the pom says {want['enclave.image.user']!r}")
    entrypoint = cfg.get("Entrypoint") or []
    if entrypoint[:1] != ["java"] or entrypoint[-1:] != [want["enclave.image.mainClass"]]:
        fail(image, f"entrypoint {entrypoint} is not java ... {want['enclave.image.mainClass']}")
    if cfg.get("Cmd"):
        fail(image, f"has a Cmd {cfg['Cmd']}; the pods' args must reach the main class alone")
    path = next((e[5:] for e in cfg.get("Env", []) if e.startswith("PATH=")), "")
    if not any(f"{d}/java" in names for d in path.split(":")):
        fail(image, f"no java on the image's PATH {path}")
    classpath = classpath_of(entrypoint, layers)
    missing = [e for e in classpath if e not in names]
    if missing:
        fail(image, f"classpath entries not in the image: {missing}")
    main = "/app/classes/" + want["enclave.image.mainClass"].replace(".", "/") + ".class"
    if main not in names:
        fail(image, f"{main} is not in the image")


def classpath_of(entrypoint, layers):
    cp = entrypoint[entrypoint.index("-cp") + 1]
    if cp.startswith("@"):
        for raw in layers:
            with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
                for m in tar.getmembers():
                    if "/" + m.name.lstrip("./") == cp[1:]:
                        cp = tar.extractfile(m).read().decode().strip()
    return cp.split(":")


def smoke(image, config, layers):
    """Starts the entrypoint in a chroot of the layers for a few seconds."""
    cfg = config["config"]
    with tempfile.TemporaryDirectory(prefix="enclave-image-") as root:
        for raw in layers:
            with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
                tar.extractall(root, filter="fully_trusted")
        os.chmod(root, 0o755)
        os.makedirs(f"{root}/proc", exist_ok=True)
        subprocess.run(["mount", "-t", "proc", "proc", f"{root}/proc"], check=True)
        try:
            run = subprocess.run(
                ["timeout", "10", "/usr/sbin/chroot", f"--userspec={cfg['User']}", root,
                 *cfg["Entrypoint"]], env=dict(e.split("=", 1) for e in cfg["Env"]),
                capture_output=True, text=True)
        finally:
            subprocess.run(["umount", f"{root}/proc"], check=True)
    output = (run.stdout + run.stderr).strip()
    if run.returncode in (126, 127) or START_FAILURES.search(output):
        fail(image, "the entrypoint did not start:\n" + output)
    first = output.splitlines()[-1] if output else ""
    return "still running after 10 s" if run.returncode == 124 else f"exit {run.returncode}: {first}"


def check(repo, module, want, run_smoke):
    tar_path = repo / "build/images" / f"{module}.tar"
    image = want["enclave.image.name"]
    oci = OciTar(tar_path)
    index = json.loads(oci.files["index.json"])
    [descriptor] = index["manifests"]
    if descriptor["annotations"]["org.opencontainers.image.ref.name"] != image:
        fail(image, f"tarball names {descriptor['annotations']}")
    manifest = json.loads(oci.blob(image, descriptor))
    if manifest["mediaType"] != "application/vnd.oci.image.manifest.v1+json":
        fail(image, f"not an OCI manifest: {manifest['mediaType']}")
    config = json.loads(oci.blob(image, manifest["config"]))
    names, layers = layer_files(image, oci, manifest, config)
    check_runtime(image, want, config, names, layers)
    result = {"module": module, "image": image, "digest": descriptor["digest"],
              "size": tar_path.stat().st_size, "layers": len(layers),
              "user": config["config"]["User"], "entrypoint": config["config"]["Entrypoint"]}
    if run_smoke:
        result["smoke"] = smoke(image, config, layers)
    print(json.dumps(result))


def main():
    args = sys.argv[1:]
    run_smoke = args[:1] == ["--smoke"]
    repo, modules = Path(args[run_smoke]).resolve(), args[run_smoke + 1:]
    for module in modules:
        check(repo, module, expected(repo, module), run_smoke)


if __name__ == "__main__":
    main()
