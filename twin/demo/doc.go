// Package demo generates the SYNTHETIC demo district of CityTwin: a few
// hundred buildings and the utility networks under their streets, placed in
// central Moscow around 55.75° N, 37.62° E. Nothing in it describes real
// objects; every feature carries Attributes["synthetic"] = true and the
// dataset is marked Synthetic.
//
// Generate is deterministic: the same Options give byte-identical features
// in the same order (math/rand/v2 PCG generators, one stream per part of the
// district, no map iteration in the output). The parameters come from the
// recipe assets/demo/district.json (see Recipe).
//
// # Frame and heights
//
// Everything is laid out in a local east-north-up frame at the origin
// (geo.NewENU), in metres, and converted to WGS84 lon°, lat° with
// ENU.ToLLH. The ground is a level surface at the recipe's ground_m, 150 m
// (central Moscow lies about 140–150 m above sea level); heights are that
// elevation plus or minus metres, not the curved ENU up axis.
//
// # Buildings
//
// A grid of blocks (6 × 5 by default, 115–150 m) between streets 20–24 m
// wide, every third street a 30 m avenue. Most blocks are perimeter blocks:
// L-shaped corner buildings (sometimes a U along the north side), frontage
// buildings of varied width between them, and perhaps a school or
// kindergarten in the courtyard reached through a driveway. Some blocks are
// one closed building around a courtyard (a footprint with a hole), two
// hold point towers of 16–30 floors. Era, year, floors, floor height, roof
// (flat, or gabled/hipped with EaveM below RoofM), use and a street address
// follow the recipe's eras. Outer rings run anticlockwise, holes clockwise.
//
// # Street cross-section (offsets from the centreline, + = north/east)
//
//	telecom ducts   façade − 1.5 m on the + side   axis 0.70 m deep
//	power ducts     façade − 1.5 m on the − side   axis 0.96 m
//	gas (some)      façade − 3.5 m on the − side   axis 1.26 m
//	heating pair    +2.0 / +3.0 m                  axis 1.70 m
//	water main      +5.0 m                         axis 2.20 m
//	storm drain     −3.0 m                         crown ≥ 2.5 m, inverts falling
//	sewer           on the centreline              a constant Δ below the storm drains
//
// The depths are a little deeper than textbook values (water at Moscow's
// frost depth plus 0.5 m) so that the bands do not overlap: wherever two
// networks cross at an intersection they keep at least the recipe's
// crossing clearance (0.1 m). Only the planted problems come closer.
//
// # Networks
//
// Water mains form a looped grid with a valve on every leg of every
// junction, underground hydrants about every 100–150 m, and a tee, a DN
// 25–50 service pipe and a service_connection node (Building = the
// building's id) for every building. Sewers and storm drains share one
// drainage layout (see gravity.go): segments point downstream, manholes lie
// at most 55 m apart, inverts fall 0.3–1 %, node attributes invert_m and
// ground_m; storm manholes have kerb inlets. Gas runs along a few streets,
// district heating as supply/return pairs (attribute pair) along two routes,
// power and telecom duct banks along every street. Materials and install
// years follow the recipe's periods (cast iron, steel, ductile iron, PE;
// clay, concrete, PVC; ...).
//
// # Planted problems
//
// Summary.Issues lists them with their feature ids: a gas main relaid in a
// dip 0.04 m over the heating trunk (clearance), a planned water main
// (Status planned) running through existing service pipes at the same
// depth (clash), and an abandoned water main and gas main.
package demo
