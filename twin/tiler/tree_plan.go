package tiler

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// member is what the tree knows of one feature: enough to place it, to
// pick the features a parent tile shows and to bound a tile's bytes,
// without the feature itself.
type member struct {
	ID string
	// C is the centre of the feature's bounds: lon°, lat°, h m.
	C [3]float64
	// SizeM is the diagonal of the feature's bounds, metres: how far its
	// absence shows, and so the order in which parents keep features.
	SizeM float64
	// Bytes estimates the feature's share of a full-detail GLB.
	Bytes int

	code morton // of C
}

// sortMembers orders members by Z-order code, then id, so that the members
// of any cell are one contiguous run.
func sortMembers(ms []member) {
	for i := range ms {
		ms[i].code = mortonOf(ms[i].C[0], ms[i].C[1])
	}
	slices.SortFunc(ms, func(a, b member) int {
		if c := cmp.Compare(a.code, b.code); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// planNode is one tile of a planned tree: the members ms[lo:hi] below it.
type planNode struct {
	cell     Cell
	lo, hi   int
	leaf     bool
	children []*planNode
}

// planner splits sorted members into a tree.
type planner struct {
	ms        []member
	bytesUpTo []int // bytesUpTo[i] = sum of ms[:i].Bytes
	maxCount  int
	maxBytes  int
	// split lists cells whose GLB came out too large at full detail: they
	// are split whatever their estimated size.
	split map[Cell]bool
}

// plan returns the tree of ms (sorted by sortMembers), nil for none.
func plan(ms []member, maxCount, maxBytes int, split map[Cell]bool) *planNode {
	if len(ms) == 0 {
		return nil
	}
	p := planner{ms: ms, maxCount: maxCount, maxBytes: maxBytes, split: split}
	p.bytesUpTo = make([]int, len(ms)+1)
	for i, m := range ms {
		p.bytesUpTo[i+1] = p.bytesUpTo[i] + m.Bytes
	}
	return p.node(commonCell(ms[0].code, ms[len(ms)-1].code), 0, len(ms))
}

func (p *planner) node(c Cell, lo, hi int) *planNode {
	n := &planNode{cell: c, lo: lo, hi: hi}
	count, bytes := hi-lo, p.bytesUpTo[hi]-p.bytesUpTo[lo]
	if c.Z >= MaxLevel || count <= 1 || (count <= p.maxCount && bytes <= p.maxBytes && !p.split[c]) {
		n.leaf = true
		return n
	}
	z := c.Z + 1
	for i := lo; i < hi; {
		q := p.ms[i].code.prefix(z)
		j := i + 1
		for j < hi && p.ms[j].code.prefix(z) == q {
			j++
		}
		n.children = append(n.children, p.node(commonCell(p.ms[i].code, p.ms[j-1].code), i, j))
		i = j
	}
	return n
}

// walk calls fn for every node below and including n, children first.
func (n *planNode) walk(fn func(*planNode)) {
	for _, c := range n.children {
		c.walk(fn)
	}
	fn(n)
}

// signature identifies the set of members of ms[lo:hi] (their ids in
// tree order): a tile whose signature and kind did not change, and none of
// whose members changed, need not be rebuilt.
func signature(ms []member) string {
	h := sha256.New()
	for _, m := range ms {
		h.Write([]byte(m.ID))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// signatureOf is the signature of a list of ids, in its order.
func signatureOf(ids []string) string {
	h := sha256.New()
	for _, id := range ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// selection is what a parent tile shows of the features below it: the
// largest ones, as many as fit its budget.
type selection struct {
	ids []string
	// dropM is the size of the largest feature left out (0 if none): the
	// error of leaving it out.
	dropM float64
}

// selectLargest picks members from ms by decreasing size (then id) while
// there are fewer than maxCount and their estimated bytes fit maxBytes;
// the first one always goes in.
func selectLargest(ms []member, maxCount, maxBytes int) selection {
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(ms[b].SizeM, ms[a].SizeM); c != 0 {
			return c
		}
		return cmp.Compare(ms[a].ID, ms[b].ID)
	})
	var sel selection
	bytes := 0
	for k, i := range order {
		if k > 0 && (k >= maxCount || bytes+ms[i].Bytes > maxBytes) {
			sel.dropM = ms[i].SizeM
			break
		}
		bytes += ms[i].Bytes
		sel.ids = append(sel.ids, ms[i].ID)
	}
	return sel
}
