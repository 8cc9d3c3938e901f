package ipam

import "strconv"

// Prefix is a CIDR block as written, like the result of Go's net.ParseCIDR before masking: the
// address keeps its host bits. The zero value is ::/0.
type Prefix struct {
	addr   Addr
	bits   int
	v4Text bool // written as a dotted quad, so bits counts 32 bits; otherwise 128
}

// PrefixFrom is addr/bits, where bits counts over 32 bits for an IPv4 address (10.0.0.0/24) and
// over 128 otherwise (::ffff:10.0.0.0/120 is PrefixFrom(addr, 120, false)).
func PrefixFrom(addr Addr, bits int, v4Text bool) (Prefix, error) {
	p := Prefix{addr, bits, v4Text}
	if bits < 0 || bits > p.Width() || (v4Text && !addr.Is4()) {
		return Prefix{}, failed(int32(ErrPrefix), "prefix", strconv.Itoa(bits))
	}
	return p, nil
}

// Addr is the address as written, host bits kept.
func (p Prefix) Addr() Addr { return p.addr }

// Bits is the prefix length as written.
func (p Prefix) Bits() int { return p.bits }

// Width is 32 when the text was a dotted quad and 128 when it was IPv6 text.
func (p Prefix) Width() int {
	if p.v4Text {
		return 32
	}
	return 128
}

// Bits128 is the prefix length over the 16-byte form, as the core counts it (IPv4 /24 is 120).
func (p Prefix) Bits128() int { return p.bits + 128 - p.Width() }

// String is what Go's IPNet{IP: addr, Mask: mask}.String() prints: an IPv4 address under a
// 128-bit mask shows the prefix minus 96, never below 0.
func (p Prefix) String() string { return p.format(Addr.String) }

// format takes the address formatter so that code holding a core's lock can use that core.
func (p Prefix) format(text func(Addr) string) string {
	shown := p.bits
	if p.addr.Is4() && !p.v4Text {
		shown = max(0, p.bits-96)
	}
	return text(p.addr) + "/" + strconv.Itoa(shown)
}

// ParsePrefix parses "address/bits" exactly as Go's net.ParseCIDR does (leading zeros in the
// prefix allowed). Errors wrap ErrSyntax or ErrPrefix.
func (c *Core) ParsePrefix(text string) (Prefix, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	packed := c.withText(text, func(ptr, n uint64) int32 { return c.call(fnParseCIDR, ptr, n, c.at(slotOut)) })
	if packed < 0 {
		return Prefix{}, failed(packed, "parse CIDR", quoted(text))
	}
	return Prefix{addr: c.readAddr(slotOut), bits: int(packed & 255), v4Text: packed>>8 == 32}, nil
}

// Network is the first address of the block (host bits cleared).
func (c *Core) Network(p Prefix) Addr { return c.bound(fnCIDRNetwork, p) }

// Last is the last address of the block (host bits set: the IPv4 broadcast).
func (c *Core) Last(p Prefix) Addr { return c.bound(fnCIDRLast, p) }

func (c *Core) bound(f export, p Prefix) Addr {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, p.addr)
	c.call(f, c.at(slotA), uint64(p.Bits128()), c.at(slotOut))
	return c.readAddr(slotOut)
}

// Usable is host-local's default range of a subnet: network+1 to the last address, less the
// broadcast for IPv4. ErrTooSmall for IPv4 /31 and /32 and IPv6 /127 and /128.
func (c *Core) Usable(p Prefix) (first, last Addr, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, p.addr)
	if status := c.call(fnCIDRUsable, c.at(slotA), uint64(p.Bits128()), c.at(slotOut), c.at(slotOut2)); status < 0 {
		return Addr{}, Addr{}, failed(status, "usable range of", p.format(c.formatLocked))
	}
	return c.readAddr(slotOut), c.readAddr(slotOut2), nil
}

// Contains is Go's IPNet.Contains: a must also have the family of the block's network address.
func (c *Core) Contains(p Prefix, a Addr) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, p.addr)
	c.writeAddr(slotB, a)
	return c.call(fnCIDRContains, c.at(slotA), uint64(p.Bits128()), c.at(slotB)) == 1
}

// Overlaps reports whether the blocks share an address (never across families).
func (c *Core) Overlaps(p, q Prefix) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, p.addr)
	c.writeAddr(slotB, q.addr)
	return c.call(fnCIDROverlaps, c.at(slotA), uint64(p.Bits128()), c.at(slotB), uint64(q.Bits128())) == 1
}
