package shapefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	gshp "github.com/twpayne/go-shapefile"

	"github.com/citytwin/citytwin/twin/ingest"
)

// Limits on the small sibling files, read whole.
const (
	maxPRJBytes = 64 << 10
	maxCPGBytes = 1 << 10
)

// fileSet is a Shapefile's open files.
type fileSet struct {
	shpName, dbfName, shxName string
	shp                       *shpReader
	shx                       []gshp.SHXRecord // nil without a .shx
	dbf                       *dbfReader       // nil without a .dbf
	prj                       string
	closers                   []io.Closer
}

// openSet opens the .shp and its siblings. The .shp and .dbf are required;
// the .shx and .prj are used when present.
func openSet(src ingest.Source, progress func(int64)) (*fileSet, error) {
	set := &fileSet{shpName: src.Name}
	if err := set.open(src, progress); err != nil {
		set.close()
		return nil, err
	}
	return set, nil
}

func (set *fileSet) open(src ingest.Source, progress func(int64)) error {
	rc, err := src.Open(src.Name)
	if err != nil {
		return &ingest.FeatureError{File: src.Name, Err: fmt.Errorf("shapefile: %w", err)}
	}
	set.closers = append(set.closers, rc)
	size, r, err := sizeOf(src, rc)
	if err != nil {
		return set.errorf(src.Name, "", "%v", err)
	}
	if set.shp, err = newSHPReader(r, size, progress); err != nil {
		return set.errorf(src.Name, "", "%v", err)
	}
	if err := set.openDBF(src); err != nil {
		return err
	}
	if err := set.openSHX(src); err != nil {
		return err
	}
	prj, _, err := readSibling(src, ".prj", maxPRJBytes)
	set.prj = string(bytes.TrimSpace(prj))
	return err
}

func (set *fileSet) openDBF(src ingest.Source) error {
	rc, name, err := openSibling(src, ".dbf")
	if err != nil {
		return err
	}
	if rc == nil {
		return set.errorf(src.Name, "", "the .dbf beside it is missing (a Shapefile needs .shp, .shx and .dbf)")
	}
	set.dbfName = name
	set.closers = append(set.closers, rc)
	cpg, _, err := readSibling(src, ".cpg", maxCPGBytes)
	if err != nil {
		return err
	}
	if set.dbf, err = newDBFReader(rc, string(bytes.TrimSpace(cpg))); err != nil {
		return set.errorf(name, "", "%v", err)
	}
	return nil
}

func (set *fileSet) openSHX(src ingest.Source) error {
	data, name, err := readSibling(src, ".shx", 1<<40)
	if err != nil || data == nil {
		return err
	}
	set.shxName = name
	shx, err := gshp.ReadSHX(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return set.errorf(name, "", "%v", err)
	}
	set.shx = shx.Records
	return nil
}

// openSibling opens the file beside src with extension ext, trying the case
// of the .shp's extension first, then lower and upper case. It returns nil
// and no error when there is none.
func openSibling(src ingest.Source, ext string) (io.ReadCloser, string, error) {
	shpExt := filepath.Ext(src.Name)
	base := strings.TrimSuffix(src.Name, shpExt)
	tries := []string{strings.ToLower(ext), strings.ToUpper(ext)}
	if shpExt == strings.ToUpper(shpExt) {
		tries[0], tries[1] = tries[1], tries[0]
	}
	for _, e := range tries {
		rc, err := src.Open(base + e)
		if err == nil {
			return rc, base + e, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", &ingest.FeatureError{File: base + e, Err: fmt.Errorf("shapefile: %w", err)}
		}
	}
	return nil, "", nil
}

// readSibling reads a small sibling file whole (nil when there is none).
func readSibling(src ingest.Source, ext string, limit int64) ([]byte, string, error) {
	rc, name, err := openSibling(src, ext)
	if err != nil || rc == nil {
		return nil, "", err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err == nil && int64(len(data)) > limit {
		err = fmt.Errorf("larger than %d bytes", limit)
	}
	if err != nil {
		return nil, "", &ingest.FeatureError{File: name, Err: fmt.Errorf("shapefile: %w", err)}
	}
	return data, name, nil
}

// sizeOf finds the size of the .shp: the Source's, the file's, or by
// reading it whole.
func sizeOf(src ingest.Source, rc io.Reader) (int64, io.Reader, error) {
	if src.Size > 0 {
		return src.Size, rc, nil
	}
	if st, ok := rc.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), rc, nil
		}
	}
	data, err := io.ReadAll(rc)
	return int64(len(data)), bytes.NewReader(data), err
}

func (set *fileSet) close() {
	for _, c := range set.closers {
		c.Close()
	}
}

// errorf builds an error about a file of the set.
func (set *fileSet) errorf(file, feature, format string, args ...any) error {
	return ingest.Errorf(file, feature, "shapefile: "+format, args...)
}
