"""One core shared by threads: every result belongs to its own call, although all of them pass
through the core's single I/O window."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from wasm_cni_ipam import Core


def test_core_shared_between_threads(core: Core) -> None:
    def round_trips(thread: int) -> list[str]:
        wrong = []
        for i in range(1000):
            text = f"10.{thread}.{i >> 8}.{i & 255}"
            if core.format_address(core.parse_address(text)) != text:
                wrong.append(text)
        return wrong

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(round_trips, range(4)))
    finally:
        sys.setswitchinterval(interval)
    assert results == [[], [], [], []]
