"""The wasm-cni IPAM core (ipam.wasm) under wasmtime: address parsing and formatting, CIDR math,
range-set validation and host-local allocation pools, with exactly the plugins' rules."""

from __future__ import annotations

import threading

from ._layout import ABI_VERSION
from .address import Address
from .core import Core
from .errors import (
    AddressRangeError,
    AddressSyntaxError,
    BadRangeError,
    BufferTooSmallError,
    CoreMemoryError,
    FamilyError,
    IpamError,
    OutsidePoolError,
    OverlapError,
    PoolClosedError,
    PoolFullError,
    PrefixError,
    TooManyError,
    TooSmallError,
)
from .pool import Pool
from .prefix import Prefix, Range

__all__ = [
    "ABI_VERSION", "Address", "Core", "Pool", "Prefix", "Range", "default_core",
    "parse_address", "parse_prefix", "IpamError", "AddressRangeError", "AddressSyntaxError",
    "BadRangeError", "BufferTooSmallError", "CoreMemoryError", "FamilyError", "OutsidePoolError",
    "OverlapError", "PoolClosedError", "PoolFullError", "PrefixError", "TooManyError",
    "TooSmallError",
]

_default: Core | None = None
_default_lock = threading.Lock()


def default_core() -> Core:
    """The process-wide core behind Address's operators and str(), created on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Core()
        return _default


def parse_address(text: str) -> Address:
    """Parses like Go's net.ParseIP, with the default core. Raises AddressSyntaxError."""
    return default_core().parse_address(text)


def parse_prefix(text: str) -> Prefix:
    """Parses like Go's net.ParseCIDR, with the default core."""
    return default_core().parse_prefix(text)
