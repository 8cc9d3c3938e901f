"""Constants of assembly/ABI.md shared by the core and its pools."""

ABI_VERSION = 1

# Offsets inside the core's I/O window (io_ptr()), one operation at a time under Core._lock.
SLOT_A = 0  # 16-byte operand
SLOT_B = 16  # 16-byte operand
SLOT_OUT = 32  # 16-byte result
SLOT_OUT2 = 48  # 16-byte second result
SLOT_TEXT = 64  # text in or out
TEXT_CAP = 960  # bytes available at SLOT_TEXT
SLOT_BULK = 1024  # rest of the window: packed addresses
RANGE_RECORD = 64  # bytes per range record (ABI.md, "Range record")

# Longest text Go can accept as an address: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".
MAX_ADDRESS_TEXT = 45
# Entries per parse_ips call that fit the bulk window: texts with separators, addresses, kinds.
BATCH_CHUNK = (65536 - SLOT_BULK) // (MAX_ADDRESS_TEXT + 1 + 16 + 1)
