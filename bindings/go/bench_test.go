//go:build unix

package ipam

// Per-call cost of the Go host, compared with Node and Python by bench/bindings.ts:
//   go test -run '^$' -bench ParseAddr -benchtime 1000000x   (1M parses, and 1M in batches)
//   go test -run '^$' -bench AllocateSlash16 -benchtime 3x  (three /16s)

import (
	"errors"
	"fmt"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used. On a shared machine it varies less than the
// wall clock, which also counts the time other processes held the CPU.
func cpuTime(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// benchText is the i-th address of the benchmark input, the same in bench.py and
// bench/bindings.ts: alternately IPv4 in 10.0.0.0/8 and IPv6 in fd00::/16.
func benchText(i int) string {
	if i%2 == 0 {
		return fmt.Sprintf("10.%d.%d.%d", (i>>16)&255, (i>>8)&255, i&255)
	}
	return fmt.Sprintf("fd00::%x:%x", i>>16, i&0xffff)
}

// One parse (one call into the core) per operation.
func BenchmarkParseAddr(b *testing.B) {
	c := newCore(b)
	texts := make([]string, min(b.N, 1_000_000))
	for i := range texts {
		texts[i] = benchText(i)
	}
	b.ResetTimer()
	cpuStart := cpuTime(b)
	for i := 0; i < b.N; i++ {
		if _, err := c.ParseAddr(texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime(b)-cpuStart)/float64(b.N), "cpu-ns/op")
}

// One address per operation, all parsed by one ParseAddrs (about a thousand per call).
func BenchmarkParseAddrs(b *testing.B) {
	c := newCore(b)
	texts := make([]string, b.N)
	for i := range texts {
		texts[i] = benchText(i)
	}
	b.ResetTimer()
	cpuStart := cpuTime(b)
	if _, ok := c.ParseAddrs(texts); !ok[len(ok)-1] {
		b.Fatal("the last address did not parse")
	}
	b.ReportMetric(float64(cpuTime(b)-cpuStart)/float64(b.N), "cpu-ns/op")
}

// One operation allocates every address of 10.0.0.0/16 in host-local's round robin; the
// ns/alloc metric is the cost of one allocation.
func BenchmarkAllocateSlash16(b *testing.B) {
	c := newCore(b)
	subnet, err := c.ParsePrefix("10.0.0.0/16")
	if err != nil {
		b.Fatal(err)
	}
	r, err := c.SubnetRange(subnet)
	if err != nil {
		b.Fatal(err)
	}
	allocations := 0
	b.ResetTimer()
	cpuStart := cpuTime(b)
	for i := 0; i < b.N; i++ {
		pool, err := c.NewPool([]Range{r})
		if err != nil {
			b.Fatal(err)
		}
		var last *Addr
		for {
			a, err := pool.Allocate(last)
			if errors.Is(err, ErrPoolFull) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			last = &a
			allocations++
		}
		pool.Close()
	}
	if allocations != b.N*65533 {
		b.Fatalf("%d allocations, want 65533 per /16", allocations)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(allocations), "ns/alloc")
	b.ReportMetric(float64(cpuTime(b)-cpuStart)/float64(allocations), "cpu-ns/alloc")
}
