from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wasm_cni_ipam import Core

VECTORS = Path(__file__).resolve().parents[3] / "test" / "vectors"


def load_cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((VECTORS / name).read_text())["cases"]
    assert cases, f"{name} has no cases"
    return cases


# Every test runs on both call paths: wasmtime's C API (the default) and its public Python API.
@pytest.fixture(params=[True, False], ids=["raw-calls", "public-calls"])
def core(request: pytest.FixtureRequest) -> Iterator[Core]:
    yield Core(raw_calls=request.param)
