package ipam

import "strings"

// Batch parsing: many addresses per call into the core, through the bulk part of the window.

// maxAddrText is the longest text Go can accept as an address:
// "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".
const maxAddrText = 45

// batchChunk entries fit the bulk window: their texts with separators, addresses, and kinds.
const batchChunk = (65536 - slotBulk) / (maxAddrText + 1 + 16 + 1)

// ParseAddrs parses many texts as ParseAddr does, about a thousand per call into the core.
// ok[i] tells whether texts[i] was an address.
func (c *Core) ParseAddrs(texts []string) (addrs []Addr, ok []bool) {
	addrs = make([]Addr, len(texts))
	ok = make([]bool, len(texts))
	c.mu.Lock()
	defer c.mu.Unlock()
	textAt := c.io + slotBulk
	addrAt := textAt + batchChunk*(maxAddrText+1)
	kindAt := addrAt + batchChunk*16
	var joined strings.Builder
	for start := 0; start < len(texts); start += batchChunk {
		chunk := texts[start:min(len(texts), start+batchChunk)]
		joined.Reset()
		for i, text := range chunk {
			if i > 0 {
				joined.WriteByte('\n')
			}
			// A text that cannot be an address, or would split into two entries, becomes one byte
			// that no syntax accepts.
			if len(text) > maxAddrText || strings.IndexByte(text, '\n') >= 0 {
				text = "\xff"
			}
			joined.WriteString(text)
		}
		c.mem.WriteString(textAt, joined.String())
		n := c.call(fnParseIPs, uint64(textAt), uint64(joined.Len()), uint64(addrAt), uint64(kindAt), batchChunk)
		if int(n) != len(chunk) {
			panic("ipam: parse_ips returned a wrong count (bindings bug)")
		}
		packed, _ := c.mem.Read(addrAt, uint32(16*n))
		kinds, _ := c.mem.Read(kindAt, uint32(n))
		for i := range chunk {
			if kinds[i] != 0 {
				copy(addrs[start+i][:], packed[16*i:])
				ok[start+i] = true
			}
		}
	}
	return addrs, ok
}
