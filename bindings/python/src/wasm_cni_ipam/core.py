"""One instance of ipam.wasm under wasmtime, and every operation it offers."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from importlib import resources
from typing import Callable

from wasmtime import Engine, Func, Instance, Memory, Module, Store, Trap, WasmtimeError

from ._calls import make_calls
from ._layout import (
    ABI_VERSION,
    BATCH_CHUNK,
    MAX_ADDRESS_TEXT,
    RANGE_RECORD,
    SLOT_A,
    SLOT_B,
    SLOT_BULK,
    SLOT_OUT,
    SLOT_OUT2,
    SLOT_TEXT,
    TEXT_CAP,
)
from .address import Address
from .errors import IpamError, error_for, shown
from .pool import Pool
from .prefix import Prefix, Range

_engine = Engine()
_compiled: Module | None = None
_compile_lock = threading.Lock()


def _module() -> Module:
    """ipam.wasm compiled once per process; each Core is a cheap instance of it."""
    global _compiled
    with _compile_lock:
        if _compiled is None:
            wasm = resources.files(__package__).joinpath("ipam.wasm").read_bytes()
            _compiled = Module(_engine, wasm)
        return _compiled


class Core:
    """An instance of the IPAM core. Thread-safe: calls are serialised, since the instance is
    single-threaded and results pass through one shared window. Create more for parallelism."""

    def __init__(self, module: Module | None = None, *, raw_calls: bool = True) -> None:
        """Instantiates ``module`` (default: the packaged ipam.wasm) and checks its ABI version.
        ``raw_calls=False`` keeps to wasmtime's public Python API, about ten times slower per call."""
        self._lock = threading.RLock()
        self._store = Store(_engine)
        module = module or _module()
        instance = Instance(self._store, module, [])
        exports = instance.exports(self._store)
        # The version comes first: a module of another ABI may lack the other exports.
        version_fn = exports.get("abi_version")
        version = version_fn(self._store) if isinstance(version_fn, Func) else None
        if version != ABI_VERSION:
            raise IpamError(
                f"ipam.wasm speaks ABI version {version}, bindings expect {ABI_VERSION}: "
                "rebuild it (npm run build)"
            )
        memory = exports["memory"]
        assert isinstance(memory, Memory)
        funcs: dict[str, Func] = {}
        for export in module.exports:
            fn = exports[export.name]
            if isinstance(fn, Func):
                funcs[export.name] = fn
        self._calls = make_calls(self._store, memory, funcs, raw_calls)
        self._io: int = self._call("io_ptr")
        self._io_cap: int = self._call("io_cap")

    # -- calls and memory ----------------------------------------------------------------------------

    def _call(self, name: str, *args: int) -> int:
        """Runs an export. A trap is a bug in these bindings, never bad input."""
        try:
            return self._calls.call(name, *args)
        except (Trap, WasmtimeError) as trap:
            raise RuntimeError(f"ipam.wasm {name} trapped (bindings bug): {trap}") from trap

    def _at(self, slot: int) -> int:
        return self._io + slot

    def _write(self, ptr: int, data: bytes) -> None:
        self._calls.write(ptr, data)

    def _read(self, ptr: int, length: int) -> bytes:
        return self._calls.read(ptr, length)

    def _read_address(self, slot: int) -> Address:
        return Address(self._read(self._io + slot, 16))

    def _with_text(self, text: str, fn: Callable[[int, int], int]) -> int:
        """Calls fn(ptr, length) with text in linear memory."""
        data = _ascii(text)
        if len(data) <= TEXT_CAP:
            self._write(self._at(SLOT_TEXT), data)
            return fn(self._at(SLOT_TEXT), len(data))
        ptr = self._call("alloc", len(data))
        if ptr == 0:
            raise error_for(-5, "text buffer")
        try:
            self._write(ptr, data)
            return fn(ptr, len(data))
        finally:
            self._call("free", ptr)

    # -- addresses ---------------------------------------------------------------------------

    def parse_address(self, text: str) -> Address:
        """Parses text exactly as Go's net.ParseIP does. Raises AddressSyntaxError."""
        with self._lock:
            status = self._with_text(text, lambda ptr, n: self._call("parse_ip", ptr, n, self._at(SLOT_OUT)))
            if status < 0:
                raise error_for(status, f"parse address {shown(text)}")
            return self._read_address(SLOT_OUT)

    def parse_addresses(self, texts: Iterable[str]) -> list[Address | None]:
        """Parses many texts as parse_address does, about a thousand per call into the core;
        None for each text that is not an address."""
        texts = list(texts)
        result: list[Address | None] = []
        text_at = self._at(SLOT_BULK)
        address_at = text_at + BATCH_CHUNK * (MAX_ADDRESS_TEXT + 1)
        kind_at = address_at + BATCH_CHUNK * 16
        with self._lock:
            for start in range(0, len(texts), BATCH_CHUNK):
                chunk = texts[start : start + BATCH_CHUNK]
                joined = b"\n".join(_batch_entry(text) for text in chunk)
                self._write(text_at, joined)
                count = self._call("parse_ips", text_at, len(joined), address_at, kind_at, BATCH_CHUNK)
                if count != len(chunk):
                    raise RuntimeError(f"parse_ips counted {count} of {len(chunk)} entries (bindings bug)")
                packed = self._read(address_at, 16 * count)
                kinds = self._read(kind_at, count)
                result += [Address(packed[16 * i : 16 * i + 16]) if kinds[i] else None for i in range(count)]
        return result

    def format_address(self, address: Address) -> str:
        """The text Go's net.IP.String() prints: dotted quad for IPv4, RFC 5952 for IPv6."""
        with self._lock:
            self._write(self._at(SLOT_A), address.packed)
            length = self._call("format_ip", self._at(SLOT_A), self._at(SLOT_TEXT))
            return self._read(self._at(SLOT_TEXT), length).decode("ascii")

    def compare(self, a: Address, b: Address) -> int:
        """-1, 0 or 1: numeric within a family, every IPv4 address before every IPv6 one."""
        with self._lock:
            self._write(self._at(SLOT_A), a.packed)
            self._write(self._at(SLOT_B), b.packed)
            return self._call("ip_compare", self._at(SLOT_A), self._at(SLOT_B))

    def next_address(self, address: Address) -> Address:
        """address + 1. Raises AddressRangeError past the end of its family."""
        return self._step("ip_next", address)

    def prev_address(self, address: Address) -> Address:
        """address - 1. Raises AddressRangeError below the start of its family."""
        return self._step("ip_prev", address)

    def _step(self, export: str, address: Address) -> Address:
        with self._lock:
            self._write(self._at(SLOT_A), address.packed)
            status = self._call(export, self._at(SLOT_A), self._at(SLOT_OUT))
            if status < 0:
                raise error_for(status, f"{export} of {self.format_address(address)}")
            return self._read_address(SLOT_OUT)

    def add(self, address: Address, n: int) -> Address:
        """address + n for any signed n. Raises AddressRangeError when it leaves the family."""
        if abs(n) >> 128:
            raise error_for(-3, f"add {n}")
        with self._lock:
            self._write(self._at(SLOT_A), address.packed)
            self._write(self._at(SLOT_B), abs(n).to_bytes(16, "big"))
            status = self._call("ip_add", self._at(SLOT_A), self._at(SLOT_B), int(n < 0), self._at(SLOT_OUT))
            if status < 0:
                raise error_for(status, f"add {n} to {self.format_address(address)}")
            return self._read_address(SLOT_OUT)

    def distance(self, a: Address, b: Address) -> int:
        """b - a. Raises FamilyError when the families differ."""
        with self._lock:
            self._write(self._at(SLOT_A), a.packed)
            self._write(self._at(SLOT_B), b.packed)
            sign = self._call("ip_distance", self._at(SLOT_A), self._at(SLOT_B), self._at(SLOT_OUT))
            if sign < -1:
                raise error_for(sign, f"distance from {self.format_address(a)} to {self.format_address(b)}")
            return sign * int.from_bytes(self._read(self._at(SLOT_OUT), 16), "big")

    # -- CIDR blocks ---------------------------------------------------------------------------

    def parse_prefix(self, text: str) -> Prefix:
        """Parses "address/bits" exactly as Go's net.ParseCIDR does, host bits kept. Raises
        AddressSyntaxError or PrefixError."""
        with self._lock:
            packed = self._with_text(text, lambda ptr, n: self._call("parse_cidr", ptr, n, self._at(SLOT_OUT)))
            if packed < 0:
                raise error_for(packed, f"parse CIDR {shown(text)}")
            return Prefix(self._read_address(SLOT_OUT), packed & 255, packed >> 8)

    def network(self, prefix: Prefix) -> Address:
        """The first address of the block (host bits cleared)."""
        return self._bound("cidr_network", prefix)

    def last(self, prefix: Prefix) -> Address:
        """The last address of the block (host bits set: the IPv4 broadcast)."""
        return self._bound("cidr_last", prefix)

    def _bound(self, export: str, prefix: Prefix) -> Address:
        with self._lock:
            self._write(self._at(SLOT_A), prefix.address.packed)
            self._call(export, self._at(SLOT_A), prefix.bits128, self._at(SLOT_OUT))
            return self._read_address(SLOT_OUT)

    def usable(self, prefix: Prefix) -> tuple[Address, Address]:
        """host-local's default range of a subnet: network+1 to the last address, less the
        broadcast for IPv4. Raises TooSmallError for IPv4 /31, /32 and IPv6 /127, /128."""
        with self._lock:
            self._write(self._at(SLOT_A), prefix.address.packed)
            status = self._call(
                "cidr_usable", self._at(SLOT_A), prefix.bits128, self._at(SLOT_OUT), self._at(SLOT_OUT2)
            )
            if status < 0:
                raise error_for(status, f"usable range of {prefix}")
            return self._read_address(SLOT_OUT), self._read_address(SLOT_OUT2)

    def contains(self, prefix: Prefix, address: Address) -> bool:
        """Go's IPNet.Contains: the address must also have the family of the network address."""
        with self._lock:
            self._write(self._at(SLOT_A), prefix.address.packed)
            self._write(self._at(SLOT_B), address.packed)
            return self._call("cidr_contains", self._at(SLOT_A), prefix.bits128, self._at(SLOT_B)) == 1

    def overlaps(self, a: Prefix, b: Prefix) -> bool:
        """Whether the blocks share an address (never across families)."""
        with self._lock:
            self._write(self._at(SLOT_A), a.address.packed)
            self._write(self._at(SLOT_B), b.address.packed)
            return self._call("cidr_overlaps", self._at(SLOT_A), a.bits128, self._at(SLOT_B), b.bits128) == 1

    # -- range sets and pools ------------------------------------------------------------------

    def subnet_range(self, prefix: Prefix) -> Range:
        """host-local's default range for a subnet: its usable addresses, the gateway (network+1,
        the first of them) skipped."""
        first, last = self.usable(prefix)
        return Range(first, last, skip=first)

    def pool(self, ranges: Iterable[Range]) -> Pool:
        """A pool over a range set, every address free; the order of ranges is the round-robin
        order. Raises BadRangeError, FamilyError, OverlapError, TooManyError, CoreMemoryError."""
        return Pool(self, self._new_pool(list(ranges)))

    def validate_ranges(self, ranges: Iterable[Range]) -> None:
        """Checks a range set as pool() does, without keeping a pool."""
        with self._lock:
            self._call("pool_free", self._new_pool(list(ranges)))

    def _new_pool(self, ranges: list[Range]) -> int:
        records = b"".join(r.record() for r in ranges)
        with self._lock:
            ptr = self._call("alloc", max(len(records), RANGE_RECORD))
            if ptr == 0:
                raise error_for(-5, "range records")
            try:
                self._write(ptr, records)
                handle = self._call("pool_new", ptr, len(ranges))
            finally:
                self._call("free", ptr)
            if handle < 0:
                raise error_for(handle, f"range set {[str(r) for r in ranges]}")
            return handle



def _ascii(text: str) -> bytes:
    """The text as bytes; a non-ASCII character becomes 0xff, which no syntax accepts."""
    return text.encode() if text.isascii() else bytes(ord(ch) if ch.isascii() else 0xFF for ch in text)


def _batch_entry(text: str) -> bytes:
    """One parse_ips entry. A text that cannot be an address, or would split into two entries,
    becomes one byte that no syntax accepts."""
    return b"\xff" if len(text) > MAX_ADDRESS_TEXT or "\n" in text else _ascii(text)
