"""The core's status codes (assembly/ABI.md, "Status codes") as Python exceptions."""

from __future__ import annotations


_BY_CODE: dict[int, type[IpamError]] = {}


class IpamError(Exception):
    """Any failure the IPAM core reports. ``code`` is its negative status (None: not a core status)."""

    code: int | None = None

    def __init_subclass__(cls, code: int | None = None, **kwargs: object) -> None:
        super().__init_subclass__()
        if code is not None:
            cls.code = code
            _BY_CODE[code] = cls


class AddressSyntaxError(IpamError, ValueError, code=-1):
    """Text is not an address or CIDR that Go's net package accepts."""


class FamilyError(IpamError, ValueError, code=-2):
    """Operands of different address families."""


class AddressRangeError(IpamError, OverflowError, code=-3):
    """The result would leave the input's address family."""


class PoolClosedError(IpamError, code=-4):
    """The pool was closed."""


class CoreMemoryError(IpamError, MemoryError, code=-5):
    """The core's memory budget is exhausted; nothing was changed."""


class OutsidePoolError(IpamError, ValueError, code=-6):
    """The address is in no range of the pool."""


class OverlapError(IpamError, ValueError, code=-7):
    """Pool ranges overlap."""


class BadRangeError(IpamError, ValueError, code=-8):
    """No ranges, start > end, or start and end of different families."""


class TooManyError(IpamError, code=-9):
    """More than 4096 live pools, more than 4096 ranges in a pool, or too many batch entries."""


class BufferTooSmallError(IpamError, code=-10):
    """An output buffer was too small."""


class PrefixError(IpamError, ValueError, code=-11):
    """Prefix length out of range."""


class TooSmallError(IpamError, ValueError, code=-12):
    """The block has no usable host addresses (IPv4 /31, /32; IPv6 /127, /128)."""


class PoolFullError(IpamError):
    """Every address of the pool is taken."""


def error_for(status: int, context: str) -> IpamError:
    """The exception for a negative status, with what was being done."""
    cls = _BY_CODE.get(status)
    if cls is None:
        error = IpamError(f"{context}: status {status}")
        error.code = status
        return error
    return cls(f"{context}: {(cls.__doc__ or '').strip().rstrip('.')}")


def shown(text: str) -> str:
    """User text for a message, shortened when long."""
    return repr(text if len(text) <= 64 else text[:64] + "...")
