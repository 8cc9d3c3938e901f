package ipam

import (
	"fmt"
	"sync"
	"testing"
)

// One core shared by goroutines: every result belongs to its own call, although all of them
// pass through the core's single I/O window.
func TestCoreSharedBetweenGoroutines(t *testing.T) {
	c := newCore(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				text := fmt.Sprintf("10.%d.%d.%d", g, i>>8, i&255)
				a, err := c.ParseAddr(text)
				if err != nil || c.FormatAddr(a) != text {
					errs <- fmt.Errorf("goroutine %d: %s came back as %v (%v)", g, text, a, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
