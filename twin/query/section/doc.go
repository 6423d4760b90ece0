// Package section cuts a vertical cross-section through a twin.Store along
// a polyline (issue 5, query 5): the utilities the line crosses with their
// depth and diameter, the utilities running along it inside a corridor,
// the buildings it passes through and a ground profile, as JSON (Cut,
// Result) and as an SVG drawing (WriteSVG).
//
// Stations are plan distances along the line in a local frame (x, y in
// the ENU tangent plane at the line's centre; heights as stored, in the
// source's vertical datum).
//
// Crossings: every place where a segment's axis crosses the line in plan,
// with the axis height there (interpolated along the segment), the
// segment's ground_m and the depth ground_m − height. Segments collinear
// with the line do not cross it; they run along it.
//
// Along: the stretches where a segment's axis stays within HalfWidthM of
// the line (in plan) over a station range longer than a crossing at 30°
// would take, 2·HalfWidthM / tan 30°; a crossing at a steeper angle is a
// crossing only.
//
// Buildings: the station ranges where the line is inside a footprint
// (buildings only beside the line are not listed).
//
// Ground profile: the data hold no terrain model, so the profile is made
// from the ground the features record: each segment within GroundMarginM
// of the line gives its ground_m at the station where it comes closest
// (and at each crossing), each node within the margin its ground_m, each
// building its base_m where the line enters and leaves it; samples within
// 0.5 m are averaged and the profile is extended flat to both ends.
//
// Bounds: the line has at most MaxVertices points and MaxLengthM metres,
// the store is searched in 50 m pieces, at most MaxCandidates features are
// examined and Limit items returned (crossings first, then along-runs,
// then buildings, each by station) with Truncated set when a cap cut the
// answer short; ctx is checked between features and DefaultTimeout
// applies when it has no deadline.
package section
