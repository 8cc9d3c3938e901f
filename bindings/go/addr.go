package ipam

import (
	"math/big"
)

// Addr is an IPv4 or IPv6 address in the core's 16-byte form: IPv4 a.b.c.d is ::ffff:a.b.c.d,
// as in Go's 16-byte net.IP. The zero value is "::".
type Addr [16]byte

var v4Prefix = [12]byte{10: 0xff, 11: 0xff}

// AddrFrom4 is the address a.b.c.d.
func AddrFrom4(b [4]byte) Addr {
	var a Addr
	copy(a[:], v4Prefix[:])
	copy(a[12:], b[:])
	return a
}

// Is4 reports whether the address has IPv4 family (ABI.md: first 12 bytes are 00x10 ff ff).
func (a Addr) Is4() bool { return [12]byte(a[:12]) == v4Prefix }

// String is the text Go's net.IP.String() prints, formatted by the default core.
func (a Addr) String() string { return mustDefault().FormatAddr(a) }

// ParseAddr parses text exactly as Go's net.ParseIP does; errors wrap ErrSyntax.
func (c *Core) ParseAddr(text string) (Addr, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	status := c.withText(text, func(ptr, n uint64) int32 { return c.call(fnParseIP, ptr, n, c.at(slotOut)) })
	if status < 0 {
		return Addr{}, failed(status, "parse address", quoted(text))
	}
	return c.readAddr(slotOut), nil
}

// FormatAddr is the text Go's net.IP.String() prints: dotted quad for IPv4, RFC 5952 for IPv6.
func (c *Core) FormatAddr(a Addr) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.formatLocked(a)
}

func (c *Core) formatLocked(a Addr) string {
	c.writeAddr(slotA, a)
	n := c.call(fnFormatIP, c.at(slotA), c.at(slotText))
	return string(c.read(c.io+slotText, uint32(n)))
}

// Compare orders addresses: numerically within a family, and every IPv4 address before every
// IPv6 one. It returns -1, 0 or 1.
func (c *Core) Compare(a, b Addr) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, a)
	c.writeAddr(slotB, b)
	return int(c.call(fnIPCompare, c.at(slotA), c.at(slotB)))
}

// Next is a + 1; ErrRange past the end of a's family.
func (c *Core) Next(a Addr) (Addr, error) { return c.step(fnIPNext, "next", a) }

// Prev is a - 1; ErrRange below the start of a's family.
func (c *Core) Prev(a Addr) (Addr, error) { return c.step(fnIPPrev, "prev", a) }

func (c *Core) step(f export, op string, a Addr) (Addr, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, a)
	if status := c.call(f, c.at(slotA), c.at(slotOut)); status < 0 {
		return Addr{}, failed(status, op, c.formatLocked(a))
	}
	return c.readAddr(slotOut), nil
}

// Add is a + n for any signed n; ErrRange when the result leaves a's family.
func (c *Core) Add(a Addr, n *big.Int) (Addr, error) {
	magnitude, ok := toU128(new(big.Int).Abs(n))
	if !ok {
		return Addr{}, failed(int32(ErrRange), "add", n)
	}
	negative := uint64(0)
	if n.Sign() < 0 {
		negative = 1
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, a)
	c.write(slotB, magnitude[:])
	if status := c.call(fnIPAdd, c.at(slotA), c.at(slotB), negative, c.at(slotOut)); status < 0 {
		return Addr{}, failed(status, "add "+n.String()+" to", c.formatLocked(a))
	}
	return c.readAddr(slotOut), nil
}

// Distance is b - a; ErrFamily when a and b are of different families.
func (c *Core) Distance(a, b Addr) (*big.Int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, a)
	c.writeAddr(slotB, b)
	sign := c.call(fnIPDistance, c.at(slotA), c.at(slotB), c.at(slotOut))
	if sign < -1 {
		return nil, failed(sign, "distance", c.formatLocked(a)+" to "+c.formatLocked(b))
	}
	d := fromU128(c.readAddr(slotOut))
	if sign < 0 {
		d.Neg(d)
	}
	return d, nil
}
