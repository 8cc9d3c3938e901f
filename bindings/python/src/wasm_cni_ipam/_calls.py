"""The three things a core does with wasmtime: call an i32 export, write and read memory.

wasmtime-py's ``Func.__call__`` re-reads the function's type and converts every value through
``Val`` on each call, which costs about ten times the call itself. The ABI passes only i32, so
``RawCalls`` goes through the C API that wasmtime-py wraps (``wasmtime._ffi``): one reusable value
array and ``wasmtime_func_call_unchecked``. ``PublicCalls`` uses only the documented Python API;
it serves when the raw path is unavailable (another wasmtime-py layout) or not wanted.
"""

from __future__ import annotations

import ctypes
from typing import Any

from wasmtime import Func, Memory, Store, Trap, WasmtimeError


class PublicCalls:
    def __init__(self, store: Store, memory: Memory, funcs: dict[str, Func]) -> None:
        self._store = store
        self._memory = memory
        self._funcs = funcs

    def call(self, name: str, *args: int) -> int:
        result: int = self._funcs[name](self._store, *args)
        return result

    def write(self, ptr: int, data: bytes) -> None:
        self._memory.write(self._store, data, ptr)

    def read(self, ptr: int, length: int) -> bytes:
        return bytes(self._memory.read(self._store, ptr, ptr + length))


class RawCalls(PublicCalls):
    _SLOTS = 8  # values in the array: at least the most parameters or results of any export

    def __init__(self, store: Store, memory: Memory, funcs: dict[str, Func]) -> None:
        super().__init__(store, memory, funcs)
        from wasmtime import _ffi as ffi

        self._ffi: Any = ffi
        self._context = store._context()
        self._memory_ref = ctypes.byref(memory._memory)
        self._func_refs = {name: ctypes.byref(f._func) for name, f in funcs.items()}
        # Values are 16-byte unions, used here only through their first i32: index 4*i of an
        # int32 view is much cheaper to set and read than a union field.
        values = (ffi.wasmtime_val_raw * self._SLOTS)()
        self._values = values
        self._i32 = (ctypes.c_int32 * (4 * self._SLOTS)).from_buffer(values)
        self._trap = ctypes.POINTER(ffi.wasm_trap_t)()
        self._trap_ref = ctypes.byref(self._trap)
        self._size = -1
        self._refresh_memory()

    def call(self, name: str, *args: int) -> int:
        i32 = self._i32
        for i, arg in enumerate(args):
            i32[4 * i] = arg
        error = self._ffi.wasmtime_func_call_unchecked(
            self._context, self._func_refs[name], self._values, self._SLOTS, self._trap_ref
        )
        if error:
            raise WasmtimeError._from_ptr(error)
        if self._trap:
            raise Trap._from_ptr(self._trap)  # the core is to be discarded after a trap
        self._refresh_memory()
        result: int = i32[0]
        return result

    def _refresh_memory(self) -> None:
        """Linear memory moves only when a call grows it, and it never shrinks: so its start is
        asked again only when its size changed."""
        size: int = self._ffi.wasmtime_memory_data_size(self._context, self._memory_ref)
        if size != self._size:
            self._size = size
            self._base = ctypes.addressof(self._ffi.wasmtime_memory_data(self._context, self._memory_ref).contents)

    def write(self, ptr: int, data: bytes) -> None:
        self._check(ptr, len(data))
        ctypes.memmove(self._base + ptr, data, len(data))

    def read(self, ptr: int, length: int) -> bytes:
        self._check(ptr, length)
        return ctypes.string_at(self._base + ptr, length)

    def _check(self, ptr: int, length: int) -> None:
        if ptr < 0 or ptr + length > self._size:
            raise IndexError(f"{length} bytes at {ptr} lie outside the core's memory")


def make_calls(store: Store, memory: Memory, funcs: dict[str, Func], raw: bool) -> PublicCalls:
    if raw:
        try:
            return RawCalls(store, memory, funcs)
        except (ImportError, AttributeError):  # a wasmtime-py without this internal layout
            pass
    return PublicCalls(store, memory, funcs)
