package geo

/*
#cgo pkg-config: proj
#include <stdlib.h>
#include <proj.h>

// geo_axis_count returns the number of axes of crs's coordinate system, or 0.
static int geo_axis_count(PJ_CONTEXT *ctx, const PJ *crs) {
	PJ *cs = proj_crs_get_coordinate_system(ctx, crs);
	if (cs == NULL) return 0;
	int n = proj_cs_get_axis_count(ctx, cs);
	proj_destroy(cs);
	return n < 0 ? 0 : n;
}

// geo_axis_factor returns the unit conversion factor (to metres or radians)
// of axis i of crs's coordinate system, or 0 when there is no such axis.
static double geo_axis_factor(PJ_CONTEXT *ctx, const PJ *crs, int i) {
	PJ *cs = proj_crs_get_coordinate_system(ctx, crs);
	if (cs == NULL) return 0;
	double f = 0;
	if (!proj_cs_get_axis_info(ctx, cs, i, NULL, NULL, NULL, &f, NULL, NULL, NULL)) f = 0;
	proj_destroy(cs);
	return f;
}
*/
import "C"

import (
	"fmt"
	"regexp"
	"strings"
	"unsafe"
)

// crsDefinition matches the forms of CRS definition PROJ is asked to parse:
// AUTHORITY:CODE (with "+CODE" for compounds), URNs and URLs, PROJ
// strings, PROJJSON and WKT. Anything else would make proj_create search
// the database by object name, which takes up to a second per call and
// matches loosely; input files do not name CRSs that way.
var crsDefinition = regexp.MustCompile(`(?s)^(?:[A-Za-z][A-Za-z0-9_-]*:\S+|(?i:urn:|https?://)\S+|\+\S.*|proj=.*|\{.*|[A-Za-z_][A-Za-z0-9_]*\s*[\[(].*)$`)

// CRSKind classifies a coordinate reference system.
type CRSKind int

// Kinds of CRS.
const (
	KindOther      CRSKind = iota // engineering, temporal or unknown
	KindGeographic                // lon/lat (2D) or lon/lat/h (3D)
	KindGeocentric                // Earth-centred X, Y, Z
	KindProjected                 // easting/northing, optionally a height axis
	KindVertical                  // a height only
	KindCompound                  // a horizontal CRS plus a vertical CRS
)

var kindNames = [...]string{"other", "geographic", "geocentric", "projected", "vertical", "compound"}

func (k CRSKind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("CRSKind(%d)", int(k))
	}
	return kindNames[k]
}

// AreaOfUse is the region a CRS is defined for, in WGS84 degrees. West may
// exceed East when the area crosses the antimeridian.
type AreaOfUse struct {
	West, South, East, North float64
	Known                    bool
}

// CRSInfo describes the axes of a source CRS as far as height handling needs.
type CRSInfo struct {
	Kind CRSKind
	// Horizontal is the kind of the horizontal part: Kind itself, or the
	// kind of the first component of a compound CRS.
	Horizontal CRSKind
	// HorizontalUnitM is metres per unit of the horizontal axes; 0 when they
	// are angular (geographic).
	HorizontalUnitM float64
	// VerticalUnitM is metres per unit of the input heights. For a compound
	// CRS it is the unit of the vertical component, for a 3D CRS that of
	// its third axis. A 2D projected CRS has no height axis: heights are
	// taken to be in its horizontal unit (US survey feet for EPSG:3547). A
	// 2D geographic or a geocentric CRS gives 1.
	VerticalUnitM float64
	// HasVertical reports an explicit height axis (compound or 3D CRS).
	HasVertical bool
	Area        AreaOfUse
}

// DescribeCRS asks PROJ for the kind, axis units and area of use of crs
// (any name NewTransformer accepts).
func DescribeCRS(crs string) (CRSInfo, error) {
	name, err := NormalizeCRS(crs)
	if err != nil {
		return CRSInfo{}, err
	}
	ctx := C.proj_context_create()
	defer C.proj_context_destroy(ctx)
	C.proj_log_level(ctx, C.PJ_LOG_NONE)
	obj := createCRS(ctx, name)
	if obj == nil {
		return CRSInfo{}, fmt.Errorf("geo: unknown CRS %q", crs)
	}
	defer C.proj_destroy(obj)
	info := CRSInfo{Area: areaOfUse(ctx, obj)}
	base := unwrapBound(ctx, obj)
	defer C.proj_destroy(base)
	info.Kind = crsKind(ctx, base)
	if info.Kind == KindCompound {
		describeCompound(ctx, base, &info)
		if !info.Area.Known { // ad-hoc "EPSG:H+V": use the horizontal part's
			if h := C.proj_crs_get_sub_crs(ctx, base, 0); h != nil {
				info.Area = areaOfUse(ctx, h)
				C.proj_destroy(h)
			}
		}
	} else {
		describeSingle(ctx, base, &info)
	}
	return info, nil
}

// createCRS parses name into a PROJ CRS object, or returns nil. A PROJ
// string without "+type=crs" is retried with it.
func createCRS(ctx *C.PJ_CONTEXT, name string) *C.PJ {
	if !crsDefinition.MatchString(name) || strings.IndexByte(name, 0) >= 0 {
		return nil
	}
	for _, s := range []string{name, name + " +type=crs"} {
		cs := C.CString(s)
		obj := C.proj_create(ctx, cs)
		C.free(unsafe.Pointer(cs))
		if obj != nil && C.proj_is_crs(obj) != 0 {
			return obj
		}
		if obj != nil {
			C.proj_destroy(obj)
		}
		if !strings.HasPrefix(name, "+") || strings.Contains(name, "type=crs") {
			break
		}
	}
	return nil
}

// unwrapBound returns a new reference to the source CRS of a bound CRS
// (PROJ strings with +towgs84) or to obj itself.
func unwrapBound(ctx *C.PJ_CONTEXT, obj *C.PJ) *C.PJ {
	if C.proj_get_type(obj) == C.PJ_TYPE_BOUND_CRS {
		if src := C.proj_get_source_crs(ctx, obj); src != nil {
			return src
		}
	}
	return C.proj_clone(ctx, obj)
}

func crsKind(ctx *C.PJ_CONTEXT, crs *C.PJ) CRSKind {
	switch C.proj_get_type(crs) {
	case C.PJ_TYPE_GEOGRAPHIC_2D_CRS, C.PJ_TYPE_GEOGRAPHIC_3D_CRS, C.PJ_TYPE_GEOGRAPHIC_CRS:
		return KindGeographic
	case C.PJ_TYPE_GEOCENTRIC_CRS:
		return KindGeocentric
	case C.PJ_TYPE_GEODETIC_CRS:
		if C.geo_axis_count(ctx, crs) == 3 && C.geo_axis_factor(ctx, crs, 0) > 0.01 {
			return KindGeocentric // Cartesian axes in a length unit
		}
		return KindGeographic
	case C.PJ_TYPE_PROJECTED_CRS:
		return KindProjected
	case C.PJ_TYPE_VERTICAL_CRS:
		return KindVertical
	case C.PJ_TYPE_COMPOUND_CRS:
		return KindCompound
	}
	return KindOther
}

// describeSingle fills info for a non-compound CRS.
func describeSingle(ctx *C.PJ_CONTEXT, crs *C.PJ, info *CRSInfo) {
	info.Horizontal = info.Kind
	n := int(C.geo_axis_count(ctx, crs))
	switch info.Kind {
	case KindProjected, KindOther:
		info.HorizontalUnitM = float64(C.geo_axis_factor(ctx, crs, 0))
		info.VerticalUnitM = info.HorizontalUnitM
	case KindVertical:
		info.VerticalUnitM = float64(C.geo_axis_factor(ctx, crs, 0))
		info.HasVertical = true
		return
	case KindGeocentric:
		info.HorizontalUnitM = float64(C.geo_axis_factor(ctx, crs, 0))
		info.VerticalUnitM = 1
		return
	default:
		info.VerticalUnitM = 1
	}
	if n >= 3 {
		info.HasVertical = true
		info.VerticalUnitM = float64(C.geo_axis_factor(ctx, crs, 2))
	}
	if info.VerticalUnitM <= 0 {
		info.VerticalUnitM = 1
	}
}

// describeCompound fills info from the horizontal and vertical components.
func describeCompound(ctx *C.PJ_CONTEXT, crs *C.PJ, info *CRSInfo) {
	info.HasVertical = true
	info.VerticalUnitM = 1
	if h := C.proj_crs_get_sub_crs(ctx, crs, 0); h != nil {
		hb := unwrapBound(ctx, h)
		var sub CRSInfo
		sub.Kind = crsKind(ctx, hb)
		describeSingle(ctx, hb, &sub)
		info.Horizontal, info.HorizontalUnitM = sub.Kind, sub.HorizontalUnitM
		C.proj_destroy(hb)
		C.proj_destroy(h)
	}
	if v := C.proj_crs_get_sub_crs(ctx, crs, 1); v != nil {
		vb := unwrapBound(ctx, v)
		if f := float64(C.geo_axis_factor(ctx, vb, 0)); f > 0 {
			info.VerticalUnitM = f
		}
		C.proj_destroy(vb)
		C.proj_destroy(v)
	}
}

func areaOfUse(ctx *C.PJ_CONTEXT, obj *C.PJ) AreaOfUse {
	var w, s, e, n C.double
	if C.proj_get_area_of_use(ctx, obj, &w, &s, &e, &n, nil) == 0 || w == -1000 {
		return AreaOfUse{}
	}
	return AreaOfUse{West: float64(w), South: float64(s), East: float64(e), North: float64(n), Known: true}
}
