package ipam

import (
	"math/big"
	"runtime"
)

// Range is one range of a host-local range set: Start to End inclusive. Skip, when set, is
// never handed out (host-local's gateway); a Skip outside the range is ignored.
type Range struct {
	Start, End Addr
	Skip       *Addr
}

const rangeRecord = 64 // bytes per range record (ABI.md, "Range record")

// SubnetRange is host-local's default range for a subnet: its usable addresses, with the
// gateway (network+1, the first of them) skipped.
func (c *Core) SubnetRange(p Prefix) (Range, error) {
	first, last, err := c.Usable(p)
	if err != nil {
		return Range{}, err
	}
	return Range{Start: first, End: last, Skip: &first}, nil
}

// Pool is the allocation state of one range set. Its methods are safe for concurrent use.
// Close it when done: a core holds at most 4096 live pools.
type Pool struct {
	core    *Core
	handle  int32
	cleanup runtime.Cleanup
}

// NewPool validates a range set and starts with every address free. The order of ranges is
// the round-robin order. Errors wrap ErrBadRange, ErrFamily, ErrOverlap, ErrTooMany or
// ErrNoMemory.
func (c *Core) NewPool(ranges []Range) (*Pool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	handle, err := c.newPoolLocked(ranges)
	if err != nil {
		return nil, err
	}
	p := &Pool{core: c, handle: handle}
	// A forgotten pool would hold one of the core's pool slots for good.
	p.cleanup = runtime.AddCleanup(p, c.freePool, handle)
	return p, nil
}

// ValidateRanges checks a range set as NewPool does, without keeping a pool.
func (c *Core) ValidateRanges(ranges []Range) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	handle, err := c.newPoolLocked(ranges)
	if err == nil {
		c.call(fnPoolFree, uint64(handle))
	}
	return err
}

func (c *Core) newPoolLocked(ranges []Range) (int32, error) {
	records := make([]byte, max(1, len(ranges))*rangeRecord)
	for i, r := range ranges {
		rec := records[i*rangeRecord:]
		copy(rec[0:16], r.Start[:])
		copy(rec[16:32], r.End[:])
		if r.Skip != nil {
			copy(rec[32:48], r.Skip[:])
			rec[48] = 1
		}
	}
	ptr := uint32(c.call(fnAlloc, uint64(len(records))))
	if ptr == 0 {
		return 0, failed(int32(ErrNoMemory), "new pool of", len(ranges))
	}
	defer c.call(fnFree, uint64(ptr))
	c.mem.Write(ptr, records)
	handle := c.call(fnPoolNew, uint64(ptr), uint64(len(ranges)))
	if handle < 0 {
		return 0, failed(handle, "range set of", len(ranges))
	}
	return handle, nil
}

func (c *Core) freePool(handle int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.call(fnPoolFree, uint64(handle))
}

// Close releases the pool; later calls return ErrHandle.
func (p *Pool) Close() {
	p.cleanup.Stop()
	p.core.mu.Lock()
	defer p.core.mu.Unlock()
	p.core.call(fnPoolFree, uint64(p.handle))
	p.handle = 0
}

// withAddr runs a pool export on one address and returns its status.
func (p *Pool) withAddr(f export, a Addr) int32 {
	c := p.core
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writeAddr(slotA, a)
	return c.call(f, uint64(p.handle), c.at(slotA))
}

// yesNo turns a 1 | 0 | error status into a boolean or the error.
func yesNo(status int32, op string, a Addr) (bool, error) {
	if status < 0 {
		return false, failed(status, op, a)
	}
	return status == 1, nil
}

// Mark takes an address: true if newly taken, false if already taken. ErrOutside when the
// address is in no range.
func (p *Pool) Mark(a Addr) (bool, error) { return yesNo(p.withAddr(fnPoolMark, a), "mark", a) }

// Release frees an address: true if it was taken.
func (p *Pool) Release(a Addr) (bool, error) {
	return yesNo(p.withAddr(fnPoolRelease, a), "release", a)
}

// IsTaken reports whether an address is taken.
func (p *Pool) IsTaken(a Addr) (bool, error) { return yesNo(p.withAddr(fnPoolTest, a), "test", a) }

// Contains reports whether an address lies in one of the pool's ranges.
func (p *Pool) Contains(a Addr) bool { return p.withAddr(fnPoolContains, a) == 1 }

// MarkAll takes many addresses (those outside the pool are ignored) and returns how many were
// newly taken.
func (p *Pool) MarkAll(addrs []Addr) (int, error) {
	c := p.core
	c.mu.Lock()
	defer c.mu.Unlock()
	perChunk := int(c.ioCap-slotBulk) / 16
	marked := 0
	for start := 0; start < len(addrs); start += perChunk {
		chunk := addrs[start:min(len(addrs), start+perChunk)]
		packed := make([]byte, 0, 16*len(chunk))
		for _, a := range chunk {
			packed = append(packed, a[:]...)
		}
		c.write(slotBulk, packed)
		n := c.call(fnPoolMarkPacked, uint64(p.handle), c.at(slotBulk), uint64(len(chunk)))
		if n < 0 {
			return marked, failed(n, "mark", len(addrs))
		}
		marked += int(n)
	}
	return marked, nil
}

// Taken is the number of taken addresses.
func (p *Pool) Taken() (*big.Int, error) {
	n, _, err := p.count(fnPoolTaken, "taken")
	return n, err
}

// Size is the number of addresses in all ranges, skipped ones included.
func (p *Pool) Size() (*big.Int, error) {
	n, wrapped, err := p.count(fnPoolSize, "size")
	if wrapped { // the whole IPv6 space: 2^128 does not fit the 16 bytes
		n.Lsh(big.NewInt(1), 128)
	}
	return n, err
}

func (p *Pool) count(f export, op string) (*big.Int, bool, error) {
	c := p.core
	c.mu.Lock()
	defer c.mu.Unlock()
	status := c.call(f, uint64(p.handle), c.at(slotOut))
	if status < 0 {
		return nil, false, failed(status, op, "of pool")
	}
	return fromU128(c.readAddr(slotOut)), status == 1, nil
}

// NextFree is host-local's round-robin choice after the last allocated address (nil: none, or
// start from the first range). It marks nothing. ErrPoolFull when every address is taken.
func (p *Pool) NextFree(after *Addr) (Addr, error) { return p.next(fnPoolNextFree, "next free", after) }

// Allocate takes the address NextFree would return.
func (p *Pool) Allocate(after *Addr) (Addr, error) { return p.next(fnPoolTakeNext, "allocate", after) }

func (p *Pool) next(f export, op string, after *Addr) (Addr, error) {
	c := p.core
	c.mu.Lock()
	defer c.mu.Unlock()
	hasAfter := uint64(0)
	if after != nil {
		c.writeAddr(slotA, *after)
		hasAfter = 1
	}
	switch status := c.call(f, uint64(p.handle), c.at(slotA), hasAfter, c.at(slotOut)); {
	case status == 1:
		return c.readAddr(slotOut), nil
	case status == 0:
		return Addr{}, ErrPoolFull
	default:
		return Addr{}, failed(status, op, "in pool")
	}
}
