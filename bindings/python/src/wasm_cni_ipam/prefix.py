"""CIDR blocks and pool ranges: plain values; the core computes with them."""

from __future__ import annotations

from dataclasses import dataclass

from .address import Address


@dataclass(frozen=True, slots=True)
class Prefix:
    """A CIDR block as written (Go's net.ParseCIDR before masking: host bits kept).

    ``bits`` is the prefix length as written; ``width`` is 32 when the text was a dotted quad
    and 128 when it was IPv6 text (also for ``::ffff:10.0.0.0/120``)."""

    address: Address
    bits: int
    width: int = 128

    def __post_init__(self) -> None:
        if self.width not in (32, 128) or not 0 <= self.bits <= self.width:
            raise ValueError(f"prefix /{self.bits} of width {self.width} is out of range")
        if self.width == 32 and self.address.family != 4:
            raise ValueError("a 32-bit prefix needs an IPv4 address")

    @property
    def bits128(self) -> int:
        """The prefix over the 16-byte form, as the core counts it (IPv4 /24 is 120)."""
        return self.bits + 128 - self.width

    def __str__(self) -> str:
        """Go's IPNet{IP: address, Mask: mask}.String(): an IPv4 address under a 128-bit mask
        shows the prefix minus 96, never below 0."""
        shown = max(0, self.bits - 96) if self.address.family == 4 and self.width == 128 else self.bits
        return f"{self.address}/{shown}"


@dataclass(frozen=True, slots=True)
class Range:
    """One range of a host-local range set, start to end inclusive. ``skip`` (host-local's
    gateway) is never handed out; a skip outside the range is ignored."""

    start: Address
    end: Address
    skip: Address | None = None

    def record(self) -> bytes:
        """The 64-byte range record of ABI.md."""
        skip = (self.skip.packed + b"\x01") if self.skip else bytes(17)
        return self.start.packed + self.end.packed + skip + bytes(15)

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"
