package geojson

import (
	"bytes"
	"io"
)

// progressStep is how many bytes pass between two progress reports.
const progressStep = 256 << 10

// recordSeparator starts every record of an RFC 8142 GeoJSON text sequence.
const recordSeparator = 0x1e

// input counts the bytes read for progress reports and blanks what
// json.Decoder must not see: RFC 8142 record separators (control characters
// cannot occur inside a JSON text, so every RS is a separator) and a leading
// UTF-8 byte-order mark. Blanking keeps byte offsets in errors true.
type input struct {
	r        io.Reader
	progress func(int64)
	n, last  int64
}

func newInput(r io.Reader, progress func(int64)) *input {
	return &input{r: r, progress: progress}
}

func (in *input) Read(p []byte) (int, error) {
	n, err := in.r.Read(p)
	buf := p[:n]
	if in.n == 0 && bytes.HasPrefix(buf, []byte("\xef\xbb\xbf")) {
		copy(buf, "   ")
	}
	for i := bytes.IndexByte(buf, recordSeparator); i >= 0; i = bytes.IndexByte(buf, recordSeparator) {
		buf[i] = ' '
		buf = buf[i+1:]
	}
	in.n += int64(n)
	if in.progress != nil && in.n-in.last >= progressStep {
		in.last = in.n
		in.progress(in.n)
	}
	return n, err
}

// finish sends the last progress report.
func (in *input) finish() {
	if in.progress != nil && in.n != in.last {
		in.last = in.n
		in.progress(in.n)
	}
}
