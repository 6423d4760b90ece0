package query

import (
	"container/heap"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/citytwin/citytwin/twin"
)

// Paging orders features by id: a page is offset features on from the
// cursor (the last id of the previous page), limit long. A cursor stays
// valid while the store changes, an offset does not.

// cursorPrefix marks a cursor so that a random string is refused.
const cursorPrefix = "id:"

// EncodeCursor returns the cursor that continues after id.
func EncodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + id))
}

// decodeCursor returns the id a cursor continues after ("" for none).
func decodeCursor(c string) (string, error) {
	if c == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return "", badRequest("cursor", "not a cursor this API returned as next_cursor")
	}
	return strings.TrimPrefix(string(b), cursorPrefix), nil
}

// pager keeps the offset+limit smallest ids after the cursor, in a
// max-heap, so that memory stays bounded however many features match.
type pager struct {
	after         string
	offset, limit int
	total         int // every match
	remaining     int // matches after the cursor
	h             pageHeap
}

func newPager(after string, offset, limit int) *pager {
	return &pager{after: after, offset: offset, limit: limit}
}

func (p *pager) add(f twin.Feature) {
	p.total++
	id := f.Head().ID
	if p.after != "" && id <= p.after {
		return
	}
	p.remaining++
	k := p.offset + p.limit
	if k == 0 {
		return
	}
	if len(p.h) < k {
		heap.Push(&p.h, f)
	} else if id < p.h[0].Head().ID {
		p.h[0] = f
		heap.Fix(&p.h, 0)
	}
}

// page returns the features of the page in id order, and whether more
// follow.
func (p *pager) page() ([]twin.Feature, bool) {
	all := slices.Clone([]twin.Feature(p.h))
	slices.SortFunc(all, func(a, b twin.Feature) int { return strings.Compare(a.Head().ID, b.Head().ID) })
	if p.offset >= len(all) {
		return nil, p.remaining > p.offset
	}
	out := all[p.offset:]
	return out, p.remaining > p.offset+len(out)
}

// pageHeap is a max-heap of features by id.
type pageHeap []twin.Feature

func (h pageHeap) Len() int           { return len(h) }
func (h pageHeap) Less(i, j int) bool { return h[i].Head().ID > h[j].Head().ID }
func (h pageHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pageHeap) Push(x any)        { *h = append(*h, x.(twin.Feature)) }
func (h *pageHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
