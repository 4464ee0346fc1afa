"""guardrail's app on Ray Serve: the deployment's shape, and one replica serving on a local Ray."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import skimage.data
from PIL import Image
from typer.testing import CliRunner

import guardrail.cli  # noqa: F401
from guardrail.cli._common import app
from guardrail.errors import EngineError
from guardrail.service.config import ServiceConfig

pytest.importorskip("ray.serve")

from guardrail.service.ray_serve import ServeOptions, app_builder, build_application  # noqa: E402


def test_deployment_asks_one_gpu_per_replica_and_carries_the_config() -> None:
    application = build_application(ServiceConfig(public_verify=True), ServeOptions(num_replicas=3))
    deployment = application._bound_deployment  # Ray Serve keeps the deployment it will run here
    assert deployment.name == "guardrail" and deployment.num_replicas == 3
    assert deployment.ray_actor_options == {"num_gpus": 1, "num_cpus": 1}
    config_json, env = deployment.init_args
    assert ServiceConfig.model_validate_json(config_json).public_verify is True
    assert "GUARDRAIL_HOME" in env  # the replicas open the same stores as this process


def test_serve_run_arguments_are_checked() -> None:
    deployment = app_builder({"num_gpus": "0", "num_replicas": "2", "max_files": "4"})._bound_deployment
    assert deployment.ray_actor_options["num_gpus"] == 0 and deployment.num_replicas == 2
    assert ServiceConfig.model_validate_json(deployment.init_args[0]).max_files == 4
    with pytest.raises(EngineError, match="unknown argument 'gpus'") as err:
        app_builder({"gpus": "1"})
    assert "num_gpus" in (err.value.fix or "")


@pytest.fixture
def served(local_ray: None) -> Iterator[str]:
    """guardrail on Ray Serve (one CPU replica, public verify) on a free loopback port; its base URL."""
    from ray import serve

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve.start(http_options={"host": "127.0.0.1", "port": port})
    serve.run(
        build_application(ServiceConfig(public_verify=True), ServeOptions(num_gpus=0)),
        name="guardrail",
        route_prefix="/",
    )
    yield f"http://127.0.0.1:{port}"
    serve.shutdown()


@pytest.mark.slow
def test_a_replica_verifies_what_this_process_marked(served: str, tmp_path: Path) -> None:
    photo = tmp_path / "coffee.png"
    Image.fromarray(skimage.data.coffee()).resize((384, 256)).save(photo)
    out = tmp_path / "marked.png"
    assert CliRunner().invoke(app, ["mark", str(photo), "-o", str(out)]).exit_code == 0
    assert httpx.get(f"{served}/healthz", timeout=30).json() == {"status": "ok"}
    marked = httpx.post(f"{served}/v1/verify", content=out.read_bytes(), timeout=60)
    assert marked.status_code == 200 and marked.json()["verdict"] == "ai-generated"  # the replica shares the home
    buf = io.BytesIO()
    Image.fromarray(skimage.data.chelsea()).save(buf, format="PNG")
    plain = httpx.post(f"{served}/v1/verify", content=buf.getvalue(), timeout=60)
    assert plain.json()["verdict"] == "no-provenance"
    refused = httpx.post(f"{served}/v1/check", content=buf.getvalue(), timeout=60)
    assert refused.status_code == 401  # the same app: API keys still guard everything but verify
