package ingest

import (
	"fmt"

	"github.com/citytwin/citytwin/twin"
)

// Collector is a twin.FeatureWriter that keeps features in memory, for tests
// and tools. It rejects duplicate ids as a store does.
type Collector struct {
	Buildings []*twin.Building
	Segments  []*twin.UtilitySegment
	Nodes     []*twin.UtilityNode
	seen      map[string]bool
}

// Put implements twin.FeatureWriter.
func (c *Collector) Put(f twin.Feature) error {
	if err := twin.Validate(f); err != nil {
		return err
	}
	id := f.Head().ID
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	if c.seen[id] {
		return fmt.Errorf("%w: %s", twin.ErrDuplicateID, id)
	}
	c.seen[id] = true
	switch v := f.(type) {
	case *twin.Building:
		c.Buildings = append(c.Buildings, v)
	case *twin.UtilitySegment:
		c.Segments = append(c.Segments, v)
	case *twin.UtilityNode:
		c.Nodes = append(c.Nodes, v)
	}
	return nil
}

// Len is the number of features collected.
func (c *Collector) Len() int { return len(c.Buildings) + len(c.Segments) + len(c.Nodes) }
