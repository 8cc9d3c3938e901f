package ipam

import (
	"errors"
	"fmt"
)

// Code is a status the core returns (ABI.md, "Status codes"). Every negative code is an error:
// test for one with errors.Is(err, ipam.ErrSyntax).
type Code int32

const (
	ErrSyntax   Code = -1  // text is not an address or CIDR that Go's net package accepts
	ErrFamily   Code = -2  // operands of different address families
	ErrRange    Code = -3  // result would leave the input's address family
	ErrHandle   Code = -4  // pool already closed
	ErrNoMemory Code = -5  // the core's memory budget is exhausted; nothing changed
	ErrOutside  Code = -6  // address is in no range of the pool
	ErrOverlap  Code = -7  // pool ranges overlap
	ErrBadRange Code = -8  // no ranges, start > end, or start and end of different families
	ErrTooMany  Code = -9  // too many pools, ranges or batch entries
	ErrBuffer   Code = -10 // output buffer too small
	ErrPrefix   Code = -11 // prefix out of range
	ErrTooSmall Code = -12 // block has no usable host addresses
)

var codeText = map[Code]string{
	ErrSyntax:   "invalid syntax",
	ErrFamily:   "mixed address families",
	ErrRange:    "result outside the address family",
	ErrHandle:   "pool is closed",
	ErrNoMemory: "core out of memory",
	ErrOutside:  "address outside the pool",
	ErrOverlap:  "ranges overlap",
	ErrBadRange: "invalid range",
	ErrTooMany:  "too many pools, ranges or entries",
	ErrBuffer:   "output buffer too small",
	ErrPrefix:   "prefix out of range",
	ErrTooSmall: "block has no usable addresses",
}

func (c Code) Error() string {
	if text, ok := codeText[c]; ok {
		return "ipam: " + text
	}
	return fmt.Sprintf("ipam: status %d", int32(c))
}

// ErrPoolFull is returned by NextFree and Allocate when every address is taken.
var ErrPoolFull = errors.New("ipam: no free address in the pool")

// failed wraps a negative status with the operation and input that produced it.
func failed(status int32, op string, input any) error {
	return fmt.Errorf("ipam: %s %v: %w", op, input, Code(status))
}
