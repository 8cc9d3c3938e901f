package ipam

// export indexes Core.fn; exportNames gives the name of each in ipam.wasm.
type export int

const (
	fnABIVersion export = iota
	fnIOPtr
	fnIOCap
	fnAlloc
	fnFree
	fnParseIP
	fnFormatIP
	fnIPCompare
	fnIPNext
	fnIPPrev
	fnIPAdd
	fnIPDistance
	fnParseCIDR
	fnCIDRNetwork
	fnCIDRLast
	fnCIDRUsable
	fnCIDRContains
	fnCIDROverlaps
	fnPoolNew
	fnPoolFree
	fnPoolMark
	fnPoolMarkPacked
	fnPoolRelease
	fnPoolTest
	fnPoolContains
	fnPoolTaken
	fnPoolSize
	fnPoolNextFree
	fnPoolTakeNext
	fnParseIPs
	exportCount
)

var exportNames = [exportCount]string{
	"abi_version", "io_ptr", "io_cap", "alloc", "free",
	"parse_ip", "format_ip", "ip_compare", "ip_next", "ip_prev", "ip_add", "ip_distance",
	"parse_cidr", "cidr_network", "cidr_last", "cidr_usable", "cidr_contains", "cidr_overlaps",
	"pool_new", "pool_free", "pool_mark", "pool_mark_packed", "pool_release", "pool_test",
	"pool_contains", "pool_taken", "pool_size", "pool_next_free", "pool_take_next",
	"parse_ips",
}
