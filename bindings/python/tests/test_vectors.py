"""The language-neutral vectors of test/vectors/ (the same ones Node's test/core runs)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import VECTORS, load_cases

from wasm_cni_ipam import (
    Address,
    AddressRangeError,
    AddressSyntaxError,
    Core,
    FamilyError,
    PrefixError,
    TooSmallError,
)

ADDRESS_FILES = sorted(p.name for p in VECTORS.glob("addresses*.json"))


def test_address_vectors_exist() -> None:
    assert "addresses.json" in ADDRESS_FILES


@pytest.mark.parametrize("name", ADDRESS_FILES)
def test_addresses_parse_and_format_as_go(core: Core, name: str) -> None:
    # An absent or null text means Go's net.ParseIP rejects the input.
    cases = load_cases(name)
    batch = core.parse_addresses(c["in"] for c in cases)
    for case, batched in zip(cases, batch):
        if case.get("text") is None:
            with pytest.raises(AddressSyntaxError):
                core.parse_address(case["in"])
            assert batched is None, case
            continue
        address = core.parse_address(case["in"])
        assert batched == address, case
        assert core.format_address(address) == case["text"], case
        if "hex" in case:
            assert address.packed.hex() == case["hex"], case
            assert address.family == case["family"], case


def test_cidrs_parse_bounds_usable_and_contains_as_go(core: Core) -> None:
    for case in load_cases("cidrs.json"):
        if not case["valid"]:
            with pytest.raises((AddressSyntaxError, PrefixError)):
                core.parse_prefix(case["in"])
            continue
        prefix = core.parse_prefix(case["in"])
        got = (prefix.address.packed.hex(), prefix.bits, prefix.width, str(prefix),
               str(core.network(prefix)), str(core.last(prefix)))
        assert got == (case["hex"], case["prefix"], case["bits"], case["string"], case["network"], case["last"]), case
        try:
            usable: list[str] | None = [str(a) for a in core.usable(prefix)]
        except TooSmallError:
            usable = None
        assert usable == case.get("usable"), case
        for probe in case["probes"]:
            assert core.contains(prefix, core.parse_address(probe["ip"])) == probe["contains"], (case["in"], probe)


def _or_none(fn: Callable[[], Address]) -> str | None:
    try:
        return str(fn())
    except AddressRangeError:
        return None


def test_arithmetic(core: Core) -> None:
    for case in load_cases("arith.json"):
        a = core.parse_address(case["a"])
        op = case["op"]
        got: object
        if op == "next":
            got = _or_none(lambda: core.next_address(a))
        elif op == "prev":
            got = _or_none(lambda: core.prev_address(a))
        elif op == "add":
            got = _or_none(lambda: core.add(a, int(case["n"])))
        elif op == "distance":
            try:
                got = str(core.distance(a, core.parse_address(case["b"])))
            except FamilyError:
                got = None
        elif op == "compare":
            got = core.compare(a, core.parse_address(case["b"]))
        else:
            pytest.fail(f"unknown op {op}")
        assert got == case["expect"], case


def test_operators_use_the_same_rules(core: Core) -> None:
    a = core.parse_address("10.0.0.255")
    assert str(a + 1) == "10.0.1.0"
    assert (a + 256) - a == 256
    assert str(a - 256) == "9.255.255.255"
    assert sorted([core.parse_address("::1"), a, core.parse_address("1.2.3.4")]) == [
        core.parse_address("1.2.3.4"), a, core.parse_address("::1")]
    with pytest.raises(AddressRangeError):
        core.parse_address("255.255.255.255") + 1
