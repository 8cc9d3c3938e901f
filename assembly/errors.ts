// Status codes returned by every export; negative means failure. Documented in ABI.md.
export const OK: i32 = 0;
export const ERR_SYNTAX: i32 = -1;      // text is not an address / CIDR Go's net package accepts
export const ERR_FAMILY: i32 = -2;      // operands of different address families
export const ERR_RANGE: i32 = -3;       // result would leave the family's address space
export const ERR_HANDLE: i32 = -4;      // unknown or freed pool handle
export const ERR_NO_MEMORY: i32 = -5;   // memory budget exhausted
export const ERR_OUTSIDE: i32 = -6;     // address not inside any range of the pool
export const ERR_OVERLAP: i32 = -7;     // pool ranges overlap
export const ERR_BAD_RANGE: i32 = -8;   // no ranges, start > end, or start/end of different families
export const ERR_TOO_MANY: i32 = -9;    // too many pools, ranges or batch entries
export const ERR_BUFFER: i32 = -10;     // output buffer too small
export const ERR_PREFIX: i32 = -11;     // prefix length out of range
export const ERR_TOO_SMALL: i32 = -12;  // block has no usable host addresses
