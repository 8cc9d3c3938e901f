"""pools.json (host-local's allocator vectors), the round robin on a subnet, range-set
validation, typed errors and the ABI check."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import load_cases

from wasm_cni_ipam import (
    AddressSyntaxError,
    BadRangeError,
    Core,
    FamilyError,
    IpamError,
    OutsidePoolError,
    OverlapError,
    Pool,
    PoolClosedError,
    PoolFullError,
    Range,
)
from wasm_cni_ipam.core import _engine

POOL_CASES = load_cases("pools.json")


def _run_step(core: Core, pool: Pool, step: dict[str, Any]) -> object:
    after = core.parse_address(step["after"]) if step.get("after") else None
    op = step["op"]
    if op == "next_free":
        found = pool.next_free(after)
        return None if found is None else str(found)
    if op == "take_next":
        try:
            return str(pool.allocate(after))
        except PoolFullError:
            return None
    if op == "sequence":
        seen: list[str | None] = []
        for _ in range(1000):
            try:
                after = pool.allocate(after)
            except PoolFullError:
                return [*seen, None]
            seen.append(str(after))
        return seen
    if op in ("mark", "release", "is_taken"):
        action = {"mark": pool.mark, "release": pool.release, "is_taken": pool.is_taken}[op]
        try:
            return action(core.parse_address(step["ip"]))
        except OutsidePoolError:  # outside the pool: not marked, released or taken
            return False
    if op == "taken_count":
        return str(pool.taken())
    if op == "size":
        return str(pool.size())
    raise AssertionError(f"unknown op {op}")


@pytest.mark.parametrize("case", POOL_CASES, ids=[c["name"] for c in POOL_CASES])
def test_pool_vectors(core: Core, case: dict[str, Any]) -> None:
    def address(text: str | None) -> Any:
        return core.parse_address(text) if text else None

    ranges = [Range(address(r["start"]), address(r["end"]), address(r.get("skip"))) for r in case["ranges"]]
    with core.pool(ranges) as pool:
        taken = [core.parse_address(t) for t in case.get("taken", [])]
        assert pool.mark_all(taken) == len(taken)
        for step in case["steps"]:
            assert _run_step(core, pool, step) == step["expect"], step


def test_host_local_round_robin_on_a_subnet(core: Core) -> None:
    # host-local on 10.1.2.0/29 with its default range and gateway: never the gateway or the
    # broadcast, and a released address comes back only after a full lap.
    subnet_range = core.subnet_range(core.parse_prefix("10.1.2.0/29"))
    with core.pool([subnet_range]) as pool:
        allocated = []
        last = None
        for _ in range(10):
            try:
                last = pool.allocate(last)
            except PoolFullError:
                break
            allocated.append(str(last))
        assert allocated == ["10.1.2.2", "10.1.2.3", "10.1.2.4", "10.1.2.5", "10.1.2.6"]
        assert pool.release(core.parse_address("10.1.2.3"))
        assert pool.release(core.parse_address("10.1.2.5"))
        assert str(pool.allocate(last)) == "10.1.2.3"


@pytest.mark.parametrize(
    "texts, error",
    [
        ([("10.0.0.1", "10.0.0.9"), ("10.0.1.1", "10.0.1.9")], None),
        ([("10.0.0.1", "10.0.0.9"), ("10.0.0.9", "10.0.1.9")], OverlapError),
        ([("10.0.0.1", "10.0.0.9"), ("fd00::1", "fd00::9")], FamilyError),
        ([("10.0.0.9", "10.0.0.1")], BadRangeError),
        ([("10.0.0.1", "fd00::1")], BadRangeError),
        ([], BadRangeError),
    ],
)
def test_range_set_validation(core: Core, texts: list[tuple[str, str]], error: type[IpamError] | None) -> None:
    ranges = [Range(core.parse_address(a), core.parse_address(b)) for a, b in texts]
    if error is None:
        core.validate_ranges(ranges)
    else:
        with pytest.raises(error):
            core.validate_ranges(ranges)


def test_errors_carry_codes_and_context(core: Core) -> None:
    with pytest.raises(ValueError, match=r"parse address '1\.2\.3\.04'") as info:
        core.parse_address("1.2.3.04")
    assert isinstance(info.value, IpamError) and info.value.code == -1
    with core.pool([Range(core.parse_address("10.0.0.1"), core.parse_address("10.0.0.2"))]) as pool:
        with pytest.raises(OutsidePoolError):
            pool.mark(core.parse_address("10.0.0.3"))
    with pytest.raises(PoolClosedError):
        pool.allocate()


def test_refuses_a_module_of_another_abi_version() -> None:
    from wasmtime import Module

    # One export, abi_version, returning 2.
    module = bytes.fromhex(
        "0061736d01000000" "0105016000017f" "03020100"
        "070f010b" + b"abi_version".hex() + "0000" "0a0601040041020b"
    )
    with pytest.raises(IpamError, match="ABI version 2, bindings expect 1"):
        Core(Module(_engine, module))


def test_default_core_takes_the_fast_call_path() -> None:
    # With a wasmtime-py whose internals moved, Core falls back to the public API, ten times
    # slower per call: this says so instead of slowing down silently.
    from wasm_cni_ipam._calls import RawCalls

    assert isinstance(Core()._calls, RawCalls)


def test_pools_keep_working_while_the_core_grows_its_memory(core: Core) -> None:
    # A /12 or an IPv6 /104 takes about 128 KiB of bitmap each, so forty pools grow linear memory
    # (which may move it) between the first pool's allocations.
    pools = [core.pool([core.subnet_range(core.parse_prefix(f"10.{16 * i}.0.0/12"))]) for i in range(1)]
    first = pools[0].allocate()
    pools += [core.pool([core.subnet_range(core.parse_prefix(f"10.{16 * i}.0.0/12"))]) for i in range(1, 16)]
    pools += [core.pool([core.subnet_range(core.parse_prefix(f"fd{i:02x}::/104"))]) for i in range(24)]
    assert str(first) == "10.0.0.2"
    assert str(pools[0].allocate(first)) == "10.0.0.3"
    assert str(pools[15].allocate()) == "10.240.0.2"
    assert str(pools[-1].allocate()) == "fd17::2"
    for pool in pools:
        pool.close()


def test_long_text_is_parsed_whole(core: Core) -> None:
    with pytest.raises(AddressSyntaxError):
        core.parse_address("1.2.3.4" + " " * 2000)
    # Go allows any number of leading zeros in a prefix: the whole text must reach the core.
    assert core.parse_prefix("10.1.0.0/" + "0" * 2000 + "16").bits == 16
