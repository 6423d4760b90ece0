package tiles

import "fmt"

// Availability reads the availability of f for a subtree of the given
// scheme and levels. Constants stay constants; bitstreams are copied out
// of the binary chunk (external buffers are not supported). An
// availableCount that disagrees with the bits is an error.
func (f *SubtreeFile) Availability(s SubdivisionScheme, levels int) (*SubtreeAvailability, error) {
	nt, nc, err := subtreeBits(s, levels)
	if err != nil {
		return nil, err
	}
	a := &SubtreeAvailability{Scheme: s, Levels: levels}
	st := &f.Subtree
	if a.Tile, err = f.bitstream(st.TileAvailability, nt, "tile"); err != nil {
		return nil, err
	}
	for i, ca := range st.ContentAvailability {
		b, err := f.bitstream(ca, nt, fmt.Sprintf("content %d", i))
		if err != nil {
			return nil, err
		}
		a.Content = append(a.Content, b)
	}
	if a.ChildSubtree, err = f.bitstream(st.ChildSubtreeAvailability, nc, "child subtree"); err != nil {
		return nil, err
	}
	return a, nil
}

func (f *SubtreeFile) bitstream(av Availability, n int, what string) (Bitstream, error) {
	if err := av.check(what, len(f.Subtree.BufferViews)); err != nil {
		return Bitstream{}, err
	}
	var b Bitstream
	if av.Constant != nil {
		b = ConstantBitstream(n, *av.Constant == 1)
	} else {
		data, err := f.View(*av.Bitstream)
		if err != nil {
			return Bitstream{}, err
		}
		if b, err = BitstreamFromBytes(n, data); err != nil {
			return Bitstream{}, fmt.Errorf("tiles: subtree: %s availability: %w", what, err)
		}
	}
	if av.AvailableCount != nil && *av.AvailableCount != b.Count() {
		return Bitstream{}, fmt.Errorf("tiles: subtree: %s availability: availableCount %d, bits say %d",
			what, *av.AvailableCount, b.Count())
	}
	return b, nil
}

// File returns a in the subtree file layout: every all-equal bitstream as
// a constant, the others packed one after another in the internal buffer
// at 8-byte aligned offsets, each with its availableCount.
func (a *SubtreeAvailability) File() *SubtreeFile {
	f := &SubtreeFile{}
	st := &f.Subtree
	st.TileAvailability = f.addAvailability(a.Tile)
	for _, c := range a.Content {
		st.ContentAvailability = append(st.ContentAvailability, f.addAvailability(c))
	}
	st.ChildSubtreeAvailability = f.addAvailability(a.ChildSubtree)
	if len(f.Binary) > 0 {
		f.Binary = append(f.Binary, make([]byte, pad8(len(f.Binary))-len(f.Binary))...)
		st.Buffers = []SubtreeBuffer{{ByteLength: int64(len(f.Binary))}}
	}
	return f
}

func (f *SubtreeFile) addAvailability(b Bitstream) Availability {
	count := b.Count()
	av := Availability{AvailableCount: &count}
	if v, ok := b.Constant(); ok {
		c := 0
		if v {
			c = 1
		}
		av.Constant = &c
		return av
	}
	f.Binary = append(f.Binary, make([]byte, pad8(len(f.Binary))-len(f.Binary))...)
	view := len(f.Subtree.BufferViews)
	data := b.Bytes()
	f.Subtree.BufferViews = append(f.Subtree.BufferViews, SubtreeBufferView{
		ByteOffset: int64(len(f.Binary)), ByteLength: int64(len(data)),
	})
	f.Binary = append(f.Binary, data...)
	av.Bitstream = &view
	return av
}

// Encode returns a as a binary .subtree file.
func (a *SubtreeAvailability) Encode() ([]byte, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return EncodeSubtree(a.File())
}

// DecodeSubtreeAvailability decodes a .subtree file (binary or JSON) and
// reads its availability for the given scheme and subtree levels.
func DecodeSubtreeAvailability(data []byte, s SubdivisionScheme, levels int) (*SubtreeAvailability, error) {
	f, err := DecodeSubtree(data)
	if err != nil {
		return nil, err
	}
	return f.Availability(s, levels)
}
