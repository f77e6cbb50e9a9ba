#!/usr/bin/env python3
"""Builds Enclave's base image from this machine's Debian packages, with no registry.

The image is a jlinked Java 17 runtime (the modules in jre.modules, from the installed
openjdk-17-jdk-headless) plus only the shared libraries it links against, copied from their Debian
packages, a passwd/group naming the distroless nonroot user (65532) and dpkg status entries so an
image scanner sees the packages. It is written as a docker-save tarball, the form Jib reads from
`tar://`. Every byte is a function of the package versions: files sorted, owners and times fixed,
the layer left for Jib to compress. Usage: base.py OUT_DIR
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
JDK_PACKAGE = "openjdk-17-jdk-headless"
JAVA_HOME = "opt/java"
LIB_DIR = "usr/lib/x86_64-linux-gnu"
LOADER = "/lib64/ld-linux-x86-64.so.2"
# The only Debian packages whose libraries the runtime may link against; a native library of the
# runtime that needs any other (X11, ALSA, FreeType, libjpeg, LittleCMS: AWT, sound, fonts) is
# left out, since a headless server never loads it.
ALLOWED_PACKAGES = ("libc6", "zlib1g", "libgcc-s1", "libstdc++6")
NONROOT = 65532
ENV = [
    "PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "JAVA_HOME=/opt/java",
    "LANG=C.UTF-8",
]


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def jdk_home():
    javac = Path(shutil.which("javac") or sys.exit("base: javac not found (install openjdk-17-jdk-headless)"))
    return javac.resolve().parent.parent


def package_of(path):
    """The Debian package owning a file; merged /usr means it may be known under /lib or /usr/lib."""
    candidates = [str(path)]
    if str(path).startswith("/usr/lib/"):
        candidates.append(str(path)[len("/usr"):])
    elif str(path).startswith("/lib/"):
        candidates.append("/usr" + str(path))
    for candidate in candidates:
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":")[0].strip()
    sys.exit(f"base: no Debian package owns {path}")


def version_of(package):
    return run("dpkg-query", "-W", "-f=${Version}", package)


def linked_libraries(elf):
    """Resolved paths of the shared libraries ldd lists for one ELF file."""
    out = subprocess.run(["ldd", str(elf)], capture_output=True, text=True).stdout
    libs = []
    for line in out.splitlines():
        parts = line.split()
        if "not found" in line:
            libs.append(Path("/not-found") / parts[0])
        elif "=>" in parts and len(parts) >= 3 and parts[2].startswith("/"):
            libs.append(Path(parts[2]))
        elif parts and parts[0] == LOADER:
            libs.append(Path(LOADER))
    return libs


def is_elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def jlink(modules, out):
    jlink_bin = jdk_home() / "bin" / "jlink"
    run(str(jlink_bin), "--add-modules", modules, "--strip-debug", "--no-man-pages",
        "--no-header-files", "--output", str(out))


def prune_and_collect(java_home):
    """Drops native libraries that need a package outside ALLOWED_PACKAGES, or one dropped before;
    returns the libraries the rest need, by package, and the names of the dropped ones."""
    needed, dropped = {}, []
    for elf in sorted(p for p in java_home.rglob("*") if p.is_file() and is_elf(p)):
        libs = [lib for lib in linked_libraries(elf) if not str(lib).startswith(str(java_home))]
        # ldd cannot find libjvm.so from the other libraries; the JVM has loaded it by then.
        missing = {lib.name for lib in libs if str(lib).startswith("/not-found/")}
        libs = [lib for lib in libs if not str(lib).startswith("/not-found/")]
        owners = {lib: package_of(lib) for lib in libs}
        if missing & {Path(d).name for d in dropped} or any(
            owner not in ALLOWED_PACKAGES for owner in owners.values()
        ):
            dropped.append(str(elf.relative_to(java_home)))
            elf.unlink()
            continue
        for lib, owner in owners.items():
            needed.setdefault(owner, set()).add(lib)
    return needed, dropped


def write_rootfs(root, modules):
    jlink(modules, root / JAVA_HOME)
    needed, dropped = prune_and_collect(root / JAVA_HOME)
    (root / LIB_DIR).mkdir(parents=True)
    (root / "lib64").mkdir()
    os.symlink("usr/lib", root / "lib")
    for libs in needed.values():
        for lib in libs:
            target = root / ("lib64" if str(lib) == LOADER else LIB_DIR) / lib.name
            shutil.copyfile(lib.resolve(), target)
            target.chmod(0o755)
    packages = {p: version_of(p) for p in sorted(set(needed) | {JDK_PACKAGE})}
    etc = root / "etc"
    etc.mkdir()
    (etc / "passwd").write_text(
        "root:x:0:0:root:/root:/sbin/nologin\n"
        f"nonroot:x:{NONROOT}:{NONROOT}:nonroot:/home/nonroot:/sbin/nologin\n")
    (etc / "group").write_text(f"root:x:0:\nnonroot:x:{NONROOT}:\n")
    (etc / "nsswitch.conf").write_text("passwd: files\ngroup: files\nhosts: files dns\n")
    for d in ("tmp", "root", "home/nonroot", "var/lib/dpkg/status.d"):
        (root / d).mkdir(parents=True, exist_ok=True)
    for package in packages:
        (root / "var/lib/dpkg/status.d" / package).write_text(run("dpkg-query", "-s", package))
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.exists():
            (root / "usr/share/doc" / package).mkdir(parents=True)
            shutil.copyfile(copyright_file, root / "usr/share/doc" / package / "copyright")
    return packages, dropped


def tar_entry(root, path):
    rel = path.relative_to(root).as_posix()
    info = tarfile.TarInfo(rel)
    info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
    if rel.startswith("home/nonroot"):
        info.uid = info.gid = NONROOT
    if path.is_symlink():
        info.type, info.linkname, info.mode = tarfile.SYMTYPE, os.readlink(path), 0o777
        return info, None
    if path.is_dir():
        info.type = tarfile.DIRTYPE
        info.mode = {"tmp": 0o1777, "root": 0o700}.get(rel, 0o755)
        return info, None
    info.mode = 0o755 if os.access(path, os.X_OK) else 0o644
    data = path.read_bytes()
    info.size = len(data)
    return info, data


def layer_tar(root):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
            info, data = tar_entry(root, path)
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def image_config(diff_id, packages):
    return {
        "architecture": "amd64",
        "os": "linux",
        "created": "1970-01-01T00:00:00Z",
        "config": {"Env": ENV, "User": f"{NONROOT}:{NONROOT}", "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{
            "created": "1970-01-01T00:00:00Z",
            "created_by": "scripts/images/base.py: jlink + "
            + ", ".join(f"{p} {v}" for p, v in packages.items()),
        }],
    }


def docker_save_tar(out, layer, config_json):
    """The layer goes in uncompressed: Jib then gzips it itself, always the same way, and caches
    it by its diff_id, so the images' digests do not depend on what compressed the base."""
    config_name = hashlib.sha256(config_json).hexdigest() + ".json"
    layer_name = hashlib.sha256(layer).hexdigest() + "/layer.tar"
    manifest = json.dumps([{"Config": config_name, "RepoTags": ["enclave-base:local"],
                            "Layers": [layer_name]}]).encode()
    with tarfile.open(out, "w", format=tarfile.GNU_FORMAT) as tar:
        for name, data in ((config_name, config_json), (layer_name, layer),
                           ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))


def inputs_key(modules):
    """What the base is a function of: this script, the module list and the package versions."""
    versions = [f"{p}={version_of(p)}" for p in (JDK_PACKAGE, *ALLOWED_PACKAGES)]
    text = Path(__file__).read_text() + modules + "\n".join(versions)
    return sha256(text.encode())


def reusable(out, key):
    try:
        info = json.loads((out / "base.json").read_text())
        return info["inputs"] == key and sha256((out / "base.tar").read_bytes()) == info["sha256"]
    except (OSError, KeyError, ValueError):
        return False


def main():
    out = Path(sys.argv[1]).resolve()
    modules = (HERE / "jre.modules").read_text().strip()
    key = inputs_key(modules)
    if reusable(out, key):
        print((out / "base.json").read_text(), end="")
        return
    root = out / "base-rootfs"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    packages, dropped = write_rootfs(root, modules)
    layer = layer_tar(root)
    config_json = json.dumps(image_config(sha256(layer), packages), sort_keys=True).encode()
    docker_save_tar(out / "base.tar", layer, config_json)
    info = {
        "inputs": key,
        "tarball": "build/images/base.tar",
        "sha256": sha256((out / "base.tar").read_bytes()),
        "imageId": sha256(config_json),
        "layers": [{"diffId": sha256(layer), "size": len(layer)}],
        "jreModules": modules.split(","),
        "droppedNativeLibraries": dropped,
        "packages": packages,
    }
    (out / "base.json").write_text(json.dumps(info, indent=2) + "\n")
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
