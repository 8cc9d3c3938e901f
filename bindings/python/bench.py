"""Per-call cost of the Python host, compared with Node and Go by bench/bindings.ts.

    python3 bench.py [parses]     (default 1000000; prints one JSON line)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from wasm_cni_ipam import Core, PoolFullError  # noqa: E402


def bench_text(i: int) -> str:
    """The i-th address of the benchmark input, the same in bench_test.go and bench/bindings.ts:
    alternately IPv4 in 10.0.0.0/8 and IPv6 in fd00::/16."""
    if i % 2 == 0:
        return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"
    return f"fd00::{i >> 16:x}:{i & 0xFFFF:x}"


class Timer:
    """Wall and CPU time since creation. On a shared machine CPU time varies less than the wall
    clock, which also counts the time other processes held the CPU."""

    def __init__(self) -> None:
        self.wall = time.perf_counter_ns()
        self.cpu = time.process_time_ns()

    def per(self, n: int) -> tuple[float, float]:
        return (time.perf_counter_ns() - self.wall) / n, (time.process_time_ns() - self.cpu) / n


def parse_ns(core: Core, count: int) -> tuple[float, float]:
    """Wall and CPU ns per parse_address over count parses (one call into the core each)."""
    texts = [bench_text(i) for i in range(count)]
    parse = core.parse_address
    timer = Timer()
    for text in texts:
        parse(text)
    return timer.per(count)


def parse_batch_ns(core: Core, count: int) -> tuple[float, float]:
    """Wall and CPU ns per address when parse_addresses parses count texts (a thousand a call)."""
    texts = [bench_text(i) for i in range(count)]
    timer = Timer()
    core.parse_addresses(texts)
    return timer.per(count)


def allocate_ns(core: Core) -> tuple[float, float]:
    """Wall and CPU ns per allocation while allocating every address of 10.0.0.0/16 in round
    robin."""
    subnet_range = core.subnet_range(core.parse_prefix("10.0.0.0/16"))
    allocations = 0
    timer = Timer()
    with core.pool([subnet_range]) as pool:
        last = None
        while True:
            try:
                last = pool.allocate(last)
            except PoolFullError:
                break
            allocations += 1
    assert allocations == 65533, allocations
    return timer.per(allocations)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    core = Core()
    parse_wall, parse_cpu = parse_ns(core, count)
    batch_wall, batch_cpu = parse_batch_ns(core, count)
    allocate_wall, allocate_cpu = allocate_ns(core)
    print(json.dumps({
        "parses": count, "parse_ns": parse_wall, "parse_cpu_ns": parse_cpu,
        "parse_batch_ns": batch_wall, "parse_batch_cpu_ns": batch_cpu,
        "allocate_ns": allocate_wall, "allocate_cpu_ns": allocate_cpu,
    }))


if __name__ == "__main__":
    main()
