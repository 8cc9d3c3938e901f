package ipam

// Runs the language-neutral vectors of test/vectors/ (the same ones Node's test/core runs).

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

const vectorDir = "../../test/vectors"

func loadCases[T any](t *testing.T, file string) []T {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Cases []T }
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if len(doc.Cases) == 0 {
		t.Fatalf("%s has no cases", file)
	}
	return doc.Cases
}

func newCore(t testing.TB) *Core {
	t.Helper()
	c, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

func mustAddr(t testing.TB, c *Core, text string) Addr {
	t.Helper()
	a, err := c.ParseAddr(text)
	if err != nil {
		t.Fatalf("vector address %q: %v", text, err)
	}
	return a
}

// shower gives an address's text, or nil for "no result", as the vectors write it.
func shower(c *Core) func(Addr, error) any {
	return func(a Addr, err error) any {
		if err != nil {
			return nil
		}
		return c.FormatAddr(a)
	}
}

// addresses.json and addresses-fuzz.json: an absent or null text means Go rejects the input.
func TestAddressVectors(t *testing.T) {
	c := newCore(t)
	files, _ := filepath.Glob(filepath.Join(vectorDir, "addresses*.json"))
	if len(files) == 0 {
		t.Fatal("no address vectors")
	}
	for _, file := range files {
		cases := loadCases[struct {
			In     string
			Text   *string
			Hex    string
			Family int
		}](t, file)
		texts := make([]string, len(cases))
		for i, v := range cases {
			texts[i] = v.In
		}
		batch, batchOK := c.ParseAddrs(texts)
		for i, v := range cases {
			a, err := c.ParseAddr(v.In)
			if batchOK[i] != (err == nil) || batch[i] != a {
				t.Errorf("%s: ParseAddrs gives %v (ok %v) for %q, ParseAddr %v (%v)", file, batch[i], batchOK[i], v.In, a, err)
			}
			if v.Text == nil {
				if !errors.Is(err, ErrSyntax) {
					t.Errorf("%s: ParseAddr(%q) = %v, %v; want ErrSyntax", file, v.In, a, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: ParseAddr(%q): %v", file, v.In, err)
				continue
			}
			if got := c.FormatAddr(a); got != *v.Text {
				t.Errorf("%s: %q formats as %q, want %q", file, v.In, got, *v.Text)
			}
			if v.Hex != "" && hex.EncodeToString(a[:]) != v.Hex {
				t.Errorf("%q bytes %x, want %s", v.In, a[:], v.Hex)
			}
			if v.Family != 0 && a.Is4() != (v.Family == 4) {
				t.Errorf("%q Is4 = %v, want family %d", v.In, a.Is4(), v.Family)
			}
		}
	}
}

func TestCIDRVectors(t *testing.T) {
	c := newCore(t)
	for _, v := range loadCases[struct {
		In, Hex, String, Network, Last string
		Valid                          bool
		Prefix, Bits                   int
		Usable                         []string
		Probes                         []struct {
			IP       string
			Contains bool
		}
	}](t, filepath.Join(vectorDir, "cidrs.json")) {
		p, err := c.ParsePrefix(v.In)
		if (err == nil) != v.Valid {
			t.Errorf("ParsePrefix(%q) error %v, want valid=%v", v.In, err, v.Valid)
			continue
		}
		if !v.Valid {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrPrefix) {
				t.Errorf("ParsePrefix(%q) error %v is neither ErrSyntax nor ErrPrefix", v.In, err)
			}
			continue
		}
		addr := p.Addr()
		got := []any{hex.EncodeToString(addr[:]), p.Bits(), p.Width(), p.String(), c.FormatAddr(c.Network(p)), c.FormatAddr(c.Last(p))}
		want := []any{v.Hex, v.Prefix, v.Bits, v.String, v.Network, v.Last}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %v, want %v", v.In, got, want)
		}
		first, last, err := c.Usable(p)
		var usable []string
		if err == nil {
			usable = []string{c.FormatAddr(first), c.FormatAddr(last)}
		} else if !errors.Is(err, ErrTooSmall) {
			t.Errorf("Usable(%q): %v", v.In, err)
		}
		if !reflect.DeepEqual(usable, v.Usable) {
			t.Errorf("Usable(%q) = %v, want %v", v.In, usable, v.Usable)
		}
		for _, probe := range v.Probes {
			if got := c.Contains(p, mustAddr(t, c, probe.IP)); got != probe.Contains {
				t.Errorf("%q contains %s = %v, want %v", v.In, probe.IP, got, probe.Contains)
			}
		}
	}
}

func TestArithVectors(t *testing.T) {
	c := newCore(t)
	show := shower(c)
	for _, v := range loadCases[struct {
		Op, A, B, N string
		Expect      any
	}](t, filepath.Join(vectorDir, "arith.json")) {
		a := mustAddr(t, c, v.A)
		var got any
		switch v.Op {
		case "next":
			got = show(c.Next(a))
		case "prev":
			got = show(c.Prev(a))
		case "add":
			n, _ := new(big.Int).SetString(v.N, 10)
			got = show(c.Add(a, n))
		case "distance":
			d, err := c.Distance(a, mustAddr(t, c, v.B))
			if err != nil {
				if !errors.Is(err, ErrFamily) {
					t.Errorf("distance %s %s: %v", v.A, v.B, err)
				}
			} else {
				got = d.String()
			}
		case "compare":
			got = float64(c.Compare(a, mustAddr(t, c, v.B))) // JSON numbers decode as float64
		default:
			t.Fatalf("unknown op %q", v.Op)
		}
		if !reflect.DeepEqual(got, v.Expect) {
			t.Errorf("%s %s %s%s: got %v, want %v", v.Op, v.A, v.B, v.N, got, v.Expect)
		}
	}
}
