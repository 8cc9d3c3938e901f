package ipam

import (
	"math/big"
	"strconv"
)

// The core's counts and magnitudes are 128-bit unsigned big-endian integers, like addresses.

func toU128(n *big.Int) (out [16]byte, ok bool) {
	if n.Sign() < 0 || n.BitLen() > 128 {
		return out, false
	}
	n.FillBytes(out[:])
	return out, true
}

func fromU128(b [16]byte) *big.Int { return new(big.Int).SetBytes(b[:]) }

// quoted shows user text in error messages, shortened when long.
func quoted(text string) string {
	if len(text) > 64 {
		return strconv.Quote(text[:64]) + "..."
	}
	return strconv.Quote(text)
}
