"""Allocation pools: the state of one host-local range set, held inside a core instance."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._layout import SLOT_A, SLOT_BULK, SLOT_OUT
from .address import Address
from .errors import PoolFullError, error_for

if TYPE_CHECKING:
    from .core import Core


class Pool:
    """Made by ``Core.pool(ranges)``. Close it (or use ``with``): a core holds at most 4096
    live pools. A pool that is garbage-collected unclosed is freed then."""

    def __init__(self, core: Core, handle: int) -> None:
        self._core = core
        self._handle = handle
        self._finalizer = weakref.finalize(self, _free, core, handle)

    def close(self) -> None:
        """Frees the pool; later calls raise PoolClosedError. Safe to call twice."""
        if self._finalizer.alive:
            self._finalizer()
            self._handle = 0

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _on(self, export: str, address: Address) -> int:
        core = self._core
        with core._lock:
            core._write(core._at(SLOT_A), address.packed)
            status = core._call(export, self._handle, core._at(SLOT_A))
        if status < 0:
            raise error_for(status, f"{export} {address}")
        return status

    def mark(self, address: Address) -> bool:
        """Takes an address: True if newly taken, False if it already was. Raises
        OutsidePoolError when it is in no range."""
        return self._on("pool_mark", address) == 1

    def release(self, address: Address) -> bool:
        """Frees an address: True if it was taken."""
        return self._on("pool_release", address) == 1

    def is_taken(self, address: Address) -> bool:
        return self._on("pool_test", address) == 1

    def __contains__(self, address: object) -> bool:
        """Whether the address lies in one of the pool's ranges."""
        return isinstance(address, Address) and self._on("pool_contains", address) == 1

    def mark_all(self, addresses: Iterable[Address]) -> int:
        """Takes many addresses (those outside the pool are ignored); returns how many were new."""
        core = self._core
        packed = b"".join(a.packed for a in addresses)
        chunk = (core._io_cap - SLOT_BULK) // 16 * 16
        marked = 0
        with core._lock:
            for start in range(0, len(packed), chunk):
                part = packed[start : start + chunk]
                core._write(core._at(SLOT_BULK), part)
                status = core._call("pool_mark_packed", self._handle, core._at(SLOT_BULK), len(part) // 16)
                if status < 0:
                    raise error_for(status, "mark_all")
                marked += status
        return marked

    def taken(self) -> int:
        """The number of taken addresses."""
        return self._count("pool_taken")[0]

    def size(self) -> int:
        """The number of addresses in all ranges, skipped ones included."""
        value, whole_space = self._count("pool_size")
        return 1 << 128 if whole_space else value

    def _count(self, export: str) -> tuple[int, bool]:
        core = self._core
        with core._lock:
            status = core._call(export, self._handle, core._at(SLOT_OUT))
            if status < 0:
                raise error_for(status, export)
            return int(core._read_address(SLOT_OUT)), status == 1

    def next_free(self, after: Address | None = None) -> Address | None:
        """host-local's round-robin choice after the last allocated address (None: start at the
        first range). Marks nothing. None when every address is taken."""
        return self._next("pool_next_free", after)

    def allocate(self, after: Address | None = None) -> Address:
        """Takes the address next_free would return. Raises PoolFullError when full."""
        address = self._next("pool_take_next", after)
        if address is None:
            raise PoolFullError("every address of the pool is taken")
        return address

    def _next(self, export: str, after: Address | None) -> Address | None:
        core = self._core
        with core._lock:
            if after is not None:
                core._write(core._at(SLOT_A), after.packed)
            status = core._call(export, self._handle, core._at(SLOT_A), int(after is not None), core._at(SLOT_OUT))
            if status < 0:
                raise error_for(status, export)
            return core._read_address(SLOT_OUT) if status == 1 else None


def _free(core: Core, handle: int) -> None:
    with core._lock:
        core._call("pool_free", handle)
