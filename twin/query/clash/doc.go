// Package clash checks a proposed pipe, duct or cable, or a proposed
// excavation, against the utilities and building foundations of a
// twin.Store, with a clearance table per pair of networks (issue 5,
// query 3). Check is the entry point; Request and Result are its JSON.
//
// # Geometry
//
// Everything is measured in a local frame: x, y in the ENU tangent plane
// at the proposal's centre, z the stored height as is (heights stay in the
// source's vertical datum; they are not bent to the plane's up axis).
//
// A utility is a tube around its centreline whose cross-section is taken
// as its bounding rectangle in the vertical plane: half-width rh and
// half-height rv, both D/2 for a round pipe of outside diameter D, W/2 and
// H/2 for a duct. For a point P on one axis and Q on the other the
// separations between the outer surfaces are
//
//	horizontal h = max(0, |PQ| in plan − rh₁ − rh₂)
//	vertical   v = max(0, |z(P) − z(Q)| − rv₁ − rv₂)
//
// which is exact where one pipe crosses over another (h = 0, v is the
// clear height between them) and where two run side by side (v = 0, h is
// the clear width), and errs on the safe side in between.
//
// # The conflict rule
//
// A pair conflicts when some pair of axis points has h < required
// horizontal AND v < required vertical: the proposal enters a box around
// the existing utility that is the section grown by the horizontal
// clearance sideways and by the vertical clearance above and below. So a
// crossing (h = 0) needs the vertical clearance, a parallel run at the
// same depth (v = 0) the horizontal one, and a pipe laid beside and above
// another passes when it keeps either. This is the rule of the Ten States
// Standards for water mains and sewers (10 ft apart, or 18 in above the
// sewer's crown), and of DVGW W 400-1's parallel (0.4 m) and crossing
// (0.2 m) distances when "parallel" means side by side and "crossing"
// means one above the other.
//
// The score of a pair is max(h/H, v/V) minimised over both axes (H, V the
// required clearances); it is convex in the two segment parameters, so
// nested golden-section searches find it to 0.1 mm along the axes. A
// conflict is a "clash" when the surfaces touch (minimum surface distance
// sqrt(h² + v²) ≤ 1 mm) and a "clearance" conflict otherwise.
//
// Buildings are prisms: the footprint from base_m − FoundationDepthM (the
// request's, default 2 m) up to roof_m, checked with the "building" row.
// An excavation is the prism of its polygon between its two levels,
// checked against every utility with the "excavation" rows (and against
// buildings with "excavation/building").
//
// Connections: an existing segment of the proposed pipe's network that an
// end of the pipe lies on (or that has an end on the pipe's axis), within
// its radius and 5 cm, is a tie-in, listed in Result.TieIns and not
// checked. Utility nodes (manholes, chambers) have no size in the store
// and are not checked.
//
// # Default clearance table
//
// Clearances are between outer surfaces, metres; pairs are symmetric; a
// row naming both parties wins, else the stricter of the rows naming one
// of them with "*", else "*/*".
//
//	water/sewer          3.05  0.46   Ten States Standards (10 ft / 18 in)
//	water/storm          3.05  0.46   Ten States Standards (10 ft / 18 in)
//	power/telecom        0.30  0.30   NESC Rule 320B (12 in of earth)
//	building/*           0.40  0.40   DVGW W 400-1 (0.4 m to foundations)
//	excavation/building  1.00  0.50   engineering default
//	excavation/*         0.46  0.30   one-call tolerance zone (18 in)
//	*/*                  0.40  0.20   DVGW W 400-1 (parallel / crossing)
//
// The README gives the sources in full (Clearance.Source holds them too).
// A request's Clearances are merged over this table.
//
// # Bounds
//
// A check searches the store in pieces of 50 m along the proposal, tests
// at most MaxCandidates features, returns at most Limit conflicts (the
// worst) with Truncated set when either cap cut it short, checks ctx
// between features and applies DefaultTimeout when ctx has no deadline.
package clash
