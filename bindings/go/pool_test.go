package ipam

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
)

type poolStep struct {
	Op     string
	After  *string
	IP     string
	Expect any
}

func TestPoolVectors(t *testing.T) {
	c := newCore(t)
	for _, v := range loadCases[struct {
		Name   string
		Ranges []struct {
			Start, End string
			Skip       *string
		}
		Taken []string
		Steps []poolStep
	}](t, filepath.Join(vectorDir, "pools.json")) {
		t.Run(v.Name, func(t *testing.T) {
			ranges := make([]Range, len(v.Ranges))
			for i, r := range v.Ranges {
				ranges[i] = Range{Start: mustAddr(t, c, r.Start), End: mustAddr(t, c, r.End)}
				if r.Skip != nil {
					skip := mustAddr(t, c, *r.Skip)
					ranges[i].Skip = &skip
				}
			}
			pool, err := c.NewPool(ranges)
			if err != nil {
				t.Fatal(err)
			}
			defer pool.Close()
			taken := make([]Addr, len(v.Taken))
			for i, text := range v.Taken {
				taken[i] = mustAddr(t, c, text)
			}
			if n, err := pool.MarkAll(taken); n != len(taken) || err != nil {
				t.Fatalf("MarkAll = %d, %v; want %d", n, err, len(taken))
			}
			for _, step := range v.Steps {
				if got := runStep(t, c, pool, step); !reflect.DeepEqual(got, step.Expect) {
					t.Errorf("%s after=%v ip=%s: got %#v, want %#v", step.Op, step.After, step.IP, got, step.Expect)
				}
			}
		})
	}
}

// runStep returns what the step observed in the vectors' JSON shapes.
func runStep(t *testing.T, c *Core, pool *Pool, step poolStep) any {
	var after *Addr
	if step.After != nil {
		a := mustAddr(t, c, *step.After)
		after = &a
	}
	allocated := func(a Addr, err error) any {
		if errors.Is(err, ErrPoolFull) {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		return c.FormatAddr(a)
	}
	// An address outside the pool is "not marked", "not released", "not taken".
	flag := func(ok bool, err error) any {
		if err != nil && !errors.Is(err, ErrOutside) {
			t.Fatal(err)
		}
		return ok
	}
	switch step.Op {
	case "next_free":
		return allocated(pool.NextFree(after))
	case "take_next":
		return allocated(pool.Allocate(after))
	case "sequence":
		var seen []any
		for range 1000 {
			got := allocated(pool.Allocate(after))
			seen = append(seen, got)
			if got == nil {
				break
			}
			next := mustAddr(t, c, got.(string))
			after = &next
		}
		return seen
	case "mark":
		return flag(pool.Mark(mustAddr(t, c, step.IP)))
	case "release":
		return flag(pool.Release(mustAddr(t, c, step.IP)))
	case "is_taken":
		return flag(pool.IsTaken(mustAddr(t, c, step.IP)))
	case "taken_count":
		n, err := pool.Taken()
		if err != nil {
			t.Fatal(err)
		}
		return n.String()
	case "size":
		n, err := pool.Size()
		if err != nil {
			t.Fatal(err)
		}
		return n.String()
	}
	t.Fatalf("unknown op %q", step.Op)
	return nil
}

// host-local on subnet 10.1.2.0/29 with its default range and gateway: round robin from the
// last reserved address, never the gateway or broadcast, and a freed address only after a lap.
func TestHostLocalRoundRobin(t *testing.T) {
	c := newCore(t)
	r, err := c.SubnetRange(c.mustPrefix(t, "10.1.2.0/29"))
	if err != nil {
		t.Fatal(err)
	}
	pool, err := c.NewPool([]Range{r})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var got []string
	var last *Addr
	for range 10 {
		a, err := pool.Allocate(last)
		if errors.Is(err, ErrPoolFull) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, a.String())
		last = &a
	}
	want := []string{"10.1.2.2", "10.1.2.3", "10.1.2.4", "10.1.2.5", "10.1.2.6"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("allocations %v, want %v", got, want)
	}
	for _, text := range []string{"10.1.2.3", "10.1.2.5"} {
		if ok, err := pool.Release(mustAddr(t, c, text)); !ok || err != nil {
			t.Fatalf("Release(%s) = %v, %v", text, ok, err)
		}
	}
	a, err := pool.Allocate(last)
	if err != nil || a.String() != "10.1.2.3" {
		t.Fatalf("after releasing .3 and .5, allocation after .6 = %v, %v; want 10.1.2.3", a, err)
	}
}

func TestRangeSetValidation(t *testing.T) {
	c := newCore(t)
	r := func(start, end string) Range {
		return Range{Start: mustAddr(t, c, start), End: mustAddr(t, c, end)}
	}
	cases := []struct {
		ranges []Range
		want   error
	}{
		{[]Range{r("10.0.0.1", "10.0.0.9"), r("10.0.1.1", "10.0.1.9")}, nil},
		{[]Range{r("10.0.0.1", "10.0.0.9"), r("10.0.0.9", "10.0.1.9")}, ErrOverlap},
		{[]Range{r("10.0.0.1", "10.0.0.9"), r("fd00::1", "fd00::9")}, ErrFamily},
		{[]Range{r("10.0.0.9", "10.0.0.1")}, ErrBadRange},
		{[]Range{r("10.0.0.1", "fd00::1")}, ErrBadRange},
		{nil, ErrBadRange},
	}
	for _, tc := range cases {
		err := c.ValidateRanges(tc.ranges)
		if (tc.want == nil && err != nil) || !errors.Is(err, tc.want) && tc.want != nil {
			t.Errorf("ValidateRanges(%v) = %v, want %v", tc.ranges, err, tc.want)
		}
	}
}

func TestErrorsAreTyped(t *testing.T) {
	c := newCore(t)
	if _, err := c.ParseAddr("1.2.3.04"); !errors.Is(err, ErrSyntax) || err.Error() != `ipam: parse address "1.2.3.04": ipam: invalid syntax` {
		t.Errorf("ParseAddr error = %v", err)
	}
	if _, err := c.ParsePrefix("10.0.0.0/33"); !errors.Is(err, ErrPrefix) {
		t.Errorf("ParsePrefix /33 error = %v, want ErrPrefix", err)
	}
	if _, err := c.Next(mustAddr(t, c, "255.255.255.255")); !errors.Is(err, ErrRange) {
		t.Errorf("Next(255.255.255.255) error = %v, want ErrRange", err)
	}
	if _, err := PrefixFrom(mustAddr(t, c, "fd00::"), 24, true); !errors.Is(err, ErrPrefix) {
		t.Errorf("PrefixFrom(IPv6, v4Text) error = %v, want ErrPrefix", err)
	}
	pool, err := c.NewPool([]Range{{Start: mustAddr(t, c, "10.0.0.1"), End: mustAddr(t, c, "10.0.0.2")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Mark(mustAddr(t, c, "10.0.0.3")); !errors.Is(err, ErrOutside) {
		t.Errorf("Mark outside error = %v, want ErrOutside", err)
	}
	pool.Close()
	if _, err := pool.Allocate(nil); !errors.Is(err, ErrHandle) {
		t.Errorf("Allocate on a closed pool error = %v, want ErrHandle", err)
	}
}

// A module that reports ABI version 2 (and exports nothing else) is refused at load.
func TestRefusesOtherABIVersion(t *testing.T) {
	module := []byte{
		0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
		0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
		0x03, 0x02, 0x01, 0x00, // one function of that type
		0x07, 0x0f, 0x01, 0x0b, 'a', 'b', 'i', '_', 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x00, 0x00,
		0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x02, 0x0b, // body: i32.const 2
	}
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	defer rt.Close(ctx)
	compiled, err := rt.CompileModule(ctx, module)
	if err != nil {
		t.Fatal(err)
	}
	_, err = instantiate(ctx, rt, compiled)
	if err == nil || fmt.Sprint(err) != "ipam: ipam.wasm speaks ABI version 2, bindings expect 1: rebuild it (npm run build)" {
		t.Fatalf("instantiate(ABI 2) error = %v", err)
	}
}

// A /12 or an IPv6 /104 takes about 128 KiB of bitmap each, so forty pools grow linear memory
// (which may move it) between the first pool's allocations.
func TestPoolsKeepWorkingWhileTheCoreGrowsItsMemory(t *testing.T) {
	c := newCore(t)
	newPool := func(cidr string) *Pool {
		r, err := c.SubnetRange(c.mustPrefix(t, cidr))
		if err != nil {
			t.Fatal(err)
		}
		pool, err := c.NewPool([]Range{r})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		return pool
	}
	pools := []*Pool{newPool("10.0.0.0/12")}
	first, _ := pools[0].Allocate(nil)
	for i := 1; i < 16; i++ {
		pools = append(pools, newPool(fmt.Sprintf("10.%d.0.0/12", 16*i)))
	}
	for i := range 24 {
		pools = append(pools, newPool(fmt.Sprintf("fd%02x::/104", i)))
	}
	second, _ := pools[0].Allocate(&first)
	fifteenth, _ := pools[15].Allocate(nil)
	last, _ := pools[len(pools)-1].Allocate(nil)
	got := []string{first.String(), second.String(), fifteenth.String(), last.String()}
	if want := []string{"10.0.0.2", "10.0.0.3", "10.240.0.2", "fd17::2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("allocations %v, want %v", got, want)
	}
}

func TestLongTextIsParsedWhole(t *testing.T) {
	c := newCore(t)
	if _, err := c.ParseAddr("1.2.3.4" + strings.Repeat(" ", 2000)); !errors.Is(err, ErrSyntax) {
		t.Errorf("ParseAddr(long) error = %v, want ErrSyntax", err)
	}
	// Go allows any number of leading zeros in a prefix: the whole text must reach the core.
	if p := c.mustPrefix(t, "10.1.0.0/"+strings.Repeat("0", 2000)+"16"); p.Bits() != 16 {
		t.Errorf("prefix with 2000 leading zeros has %d bits, want 16", p.Bits())
	}
}

func (c *Core) mustPrefix(t testing.TB, text string) Prefix {
	t.Helper()
	p, err := c.ParsePrefix(text)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Errors on the process-wide core format their addresses with that same core: no deadlock.
func TestDefaultCoreReportsErrors(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	host := c.mustPrefix(t, "10.0.0.7/32")
	if _, _, err := c.Usable(host); !errors.Is(err, ErrTooSmall) || err.Error() != "ipam: usable range of 10.0.0.7/32: ipam: block has no usable addresses" {
		t.Errorf("Usable(/32) error = %v", err)
	}
	if _, err := c.Prev(mustAddr(t, c, "::")); !errors.Is(err, ErrRange) || err.Error() != "ipam: prev ::: ipam: result outside the address family" {
		t.Errorf("Prev(::) error = %v", err)
	}
	r, _ := c.SubnetRange(c.mustPrefix(t, "10.0.0.0/30"))
	pool, err := c.NewPool([]Range{r})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Release(mustAddr(t, c, "10.0.0.9")); err == nil || err.Error() != "ipam: release 10.0.0.9: ipam: address outside the pool" {
		t.Errorf("Release outside error = %v", err)
	}
}
