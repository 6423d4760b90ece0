package testkit

import (
	"fmt"
	"sync"
	"testing"
)

// TestLockedBuffer: concurrent writers lose nothing and String sees it all.
func TestLockedBuffer(t *testing.T) {
	var b LockedBuffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprint(&b, i)
			}
		})
	}
	wg.Wait()
	if n := len(b.String()); n != 800 {
		t.Errorf("%d bytes, want 800", n)
	}
}
