// Package ipam runs the CNI project's IPAM core (ipam.wasm, embedded) with wazero, so that Go
// programs parse, compute and allocate addresses with exactly the rules of the CNI plugins.
package ipam

import (
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// The module is a copy of build/ipam.wasm, refreshed by scripts/build-bindings.mjs.
//
//go:embed ipam.wasm
var wasmBinary []byte

// ABIVersion is the version of assembly/ABI.md these bindings speak.
const ABIVersion = 1

// Offsets inside the core's I/O window (io_ptr()), one operation at a time under Core.mu.
const (
	slotA    = 0    // 16-byte operand
	slotB    = 16   // 16-byte operand
	slotOut  = 32   // 16-byte result
	slotOut2 = 48   // 16-byte second result
	slotText = 64   // text in or out
	textCap  = 960  // bytes available at slotText
	slotBulk = 1024 // rest of the window: range records, packed addresses
)

// Compiling is the slow part, so it happens once per process; each Core is a cheap instance.
var compiled = sync.OnceValues(func() (compiledCore, error) {
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	mod, err := rt.CompileModule(ctx, wasmBinary)
	return compiledCore{rt, mod}, err
})

type compiledCore struct {
	runtime wazero.Runtime
	module  wazero.CompiledModule
}

// Core is one instance of the IPAM core. It is safe for concurrent use: calls are serialised,
// because the instance is single-threaded and results pass through one shared window.
type Core struct {
	mu     sync.Mutex
	module api.Module
	mem    api.Memory
	io     uint32
	ioCap  uint32
	fn     [exportCount]api.Function
	stack  [8]uint64
}

// New instantiates the core and checks that its ABI version is the one these bindings speak.
func New(ctx context.Context) (*Core, error) {
	cc, err := compiled()
	if err != nil {
		return nil, fmt.Errorf("ipam: compile ipam.wasm: %w", err)
	}
	return instantiate(ctx, cc.runtime, cc.module)
}

func instantiate(ctx context.Context, rt wazero.Runtime, compiled wazero.CompiledModule) (*Core, error) {
	// Anonymous, so that any number of instances can live in one runtime. The module initialises
	// itself through its start section; it has no _start to call.
	config := wazero.NewModuleConfig().WithName("").WithStartFunctions()
	mod, err := rt.InstantiateModule(ctx, compiled, config)
	if err != nil {
		return nil, fmt.Errorf("ipam: instantiate ipam.wasm: %w", err)
	}
	c := &Core{module: mod, mem: mod.Memory()}
	// The version comes first: a module of another ABI may lack the other exports.
	version := mod.ExportedFunction(exportNames[fnABIVersion])
	if version == nil {
		mod.Close(ctx)
		return nil, fmt.Errorf("ipam: module has no abi_version export")
	}
	res, err := version.Call(ctx)
	if err != nil || len(res) != 1 {
		mod.Close(ctx)
		return nil, fmt.Errorf("ipam: abi_version failed: %v", err)
	}
	if got := int32(uint32(res[0])); got != ABIVersion {
		mod.Close(ctx)
		return nil, fmt.Errorf("ipam: ipam.wasm speaks ABI version %d, bindings expect %d: rebuild it (npm run build)", got, ABIVersion)
	}
	for i, name := range exportNames {
		if c.fn[i] = mod.ExportedFunction(name); c.fn[i] == nil {
			mod.Close(ctx)
			return nil, fmt.Errorf("ipam: ipam.wasm does not export %s", name)
		}
	}
	c.io = uint32(c.call(fnIOPtr))
	c.ioCap = uint32(c.call(fnIOCap))
	return c, nil
}

// Close releases the instance and every pool in it.
func (c *Core) Close(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.module.Close(ctx)
}

// Default is the process-wide core behind Addr.String and Prefix.String, created on first use.
var Default = sync.OnceValues(func() (*Core, error) { return New(context.Background()) })

func mustDefault() *Core {
	c, err := Default()
	if err != nil {
		panic(err)
	}
	return c
}

// call runs an export with i32 arguments and returns its i32 result. The caller holds c.mu
// (or owns c exclusively). A trap is a bug in these bindings, never bad input: it panics.
func (c *Core) call(f export, args ...uint64) int32 {
	stack := c.stack[:max(len(args), 1)]
	copy(stack, args)
	if err := c.fn[f].CallWithStack(context.Background(), stack); err != nil {
		panic(fmt.Sprintf("ipam: %s trapped (bindings bug): %v", exportNames[f], err))
	}
	return int32(uint32(stack[0]))
}

// at is the address of a slot in the I/O window, as an argument.
func (c *Core) at(slot uint32) uint64 { return uint64(c.io + slot) }

func (c *Core) write(slot uint32, b []byte) {
	if !c.mem.Write(c.io+slot, b) {
		panic("ipam: write outside memory")
	}
}

// read copies n bytes from ptr: memory views are invalid after the next call.
func (c *Core) read(ptr, n uint32) []byte {
	view, ok := c.mem.Read(ptr, n)
	if !ok {
		panic("ipam: read outside memory")
	}
	return append([]byte(nil), view...)
}

func (c *Core) writeAddr(slot uint32, a Addr) { c.write(slot, a[:]) }

func (c *Core) readAddr(slot uint32) (a Addr) {
	view, ok := c.mem.Read(c.io+slot, 16)
	if !ok {
		panic("ipam: read outside memory")
	}
	copy(a[:], view)
	return a
}

// withText puts text in linear memory (the window, or a temporary block when long) for fn.
func (c *Core) withText(text string, fn func(ptr, n uint64) int32) int32 {
	if len(text) <= textCap {
		c.mem.WriteString(c.io+slotText, text)
		return fn(c.at(slotText), uint64(len(text)))
	}
	ptr := c.call(fnAlloc, uint64(len(text)))
	if ptr == 0 {
		return int32(ErrNoMemory)
	}
	defer c.call(fnFree, uint64(uint32(ptr)))
	c.mem.WriteString(uint32(ptr), text)
	return fn(uint64(uint32(ptr)), uint64(len(text)))
}
