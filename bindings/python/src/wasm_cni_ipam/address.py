"""Addresses as the core stores them: 16 bytes, IPv4 a.b.c.d as ::ffff:a.b.c.d."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

if TYPE_CHECKING:
    from .core import Core

_V4_PREFIX = bytes(10) + b"\xff\xff"


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class Address:
    """An IPv4 or IPv6 address in the core's 16-byte form (the layout of Go's 16-byte net.IP).

    ``str()``, ordering, ``+ int`` and ``- Address`` go through the default core, so they follow
    the plugins' rules exactly."""

    packed: bytes

    def __post_init__(self) -> None:
        if len(self.packed) != 16:
            raise ValueError(f"an address has 16 bytes, got {len(self.packed)}")

    @classmethod
    def from_ipv4(cls, octets: bytes) -> Address:
        """The address a.b.c.d from its 4 bytes."""
        if len(octets) != 4:
            raise ValueError(f"an IPv4 address has 4 bytes, got {len(octets)}")
        return cls(_V4_PREFIX + bytes(octets))

    @classmethod
    def from_int(cls, value: int) -> Address:
        """The address with this 128-bit value (IPv4 values are ::ffff:a.b.c.d)."""
        return cls(value.to_bytes(16, "big"))

    @classmethod
    def parse(cls, text: str) -> Address:
        """Parses like Go's net.ParseIP. Raises AddressSyntaxError."""
        return _default().parse_address(text)

    @property
    def family(self) -> int:
        """4 for IPv4 (and IPv4-mapped) addresses, else 6."""
        return 4 if self.packed[:12] == _V4_PREFIX else 6

    def __int__(self) -> int:
        return int.from_bytes(self.packed, "big")

    def __str__(self) -> str:
        return _default().format_address(self)

    def __repr__(self) -> str:
        return f"Address({str(self)!r})"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return _default().compare(self, other) < 0

    def __add__(self, n: int) -> Address:
        return _default().add(self, n)

    @overload
    def __sub__(self, other: Address) -> int: ...
    @overload
    def __sub__(self, other: int) -> Address: ...
    def __sub__(self, other: Address | int) -> Address | int:
        """address - n is an address; address - address is their distance."""
        if isinstance(other, Address):
            return _default().distance(other, self)
        return _default().add(self, -other)


def _default() -> Core:
    from . import default_core  # the package creates it lazily; imported late to avoid a cycle

    return default_core()
