// Package network traces utility networks: what is connected to a segment
// or node, what lies upstream or downstream of it, and which valves isolate
// a break and what then loses service.
//
// A trace stays within one network (water, sewer, ...) of one dataset: the
// start feature fixes both. Every id in a result is a store feature id, the
// same as in the tiles.
//
// # Topology
//
// The graph of a dataset's network is built from its segments and nodes:
//
//  1. A segment end whose StartNode/EndNode names a node feature of the same
//     dataset and network is joined to that node.
//  2. Ends that name the same node id when no node feature has it (sources
//     such as the Nanaimo shapefile carry node ids but no node features) are
//     joined to each other.
//  3. Every other end (no id, an unknown id such as an overflowed "*****"
//     number, or an id no other end shares) is snapped: it is joined to every
//     node and segment end within the snapping tolerance, 0.5 m by default,
//     measured horizontally in a local equirectangular frame (metres east and
//     north of the network's centre); heights are ignored. A grid hash with
//     cells of the tolerance's size finds the neighbours, so snapping is
//     linear in the number of ends. The other end of the same segment is
//     never a candidate. Ends that meet nothing are dangling (free ends).
//  4. A node feature that no segment names is snapped the same way (a pump
//     or tank given as a point at pipe ends, as in the KY4 network).
//
// Joins are transitive (a union-find), so co-located nodes and ends form one
// vertex. Segments are never split at another segment's interior: a pipe
// that crosses another without a shared end is not connected to it.
// Topology reports how many ends each rule joined.
//
// Only existing segments (Status "existing" or empty) carry flow; planned
// and abandoned ones are left out unless Request.IncludeInactive is set (the
// start segment is always in the result).
//
// # Valves and sources
//
// A valve is a node of kind "valve". It is closed when one of its
// attributes normally, state, position, valve_state, valve_status, status
// or initial_status is "closed", "close" or "shut". Connected, upstream and
// downstream traces stop at closed valves and list them in Result.Valves
// (Request.PassClosedValves crosses them). A vertex with a valve blocks all
// its segments when the valve is closed.
//
// A source feeds a pressure network: a node of kind reservoir, tank or pump,
// a node with attribute source = true, or one with a non-empty connection
// attribute (a feed from outside the dataset, as the demo's district heating
// routes have). Request.Sources adds more.
//
// # Direction
//
// Sewer and storm networks flow by gravity. A segment flows start→end or
// end→start by, in order: a flow_direction (or flow_dir) attribute
// ("forward"/"downstream" or "reverse"/"upstream"); its inverts, the
// segment attributes invert_start_m and invert_end_m, else the invert_m of
// its end nodes, when both are known and differ by at least 1 mm (flow runs
// from the higher invert to the lower); else its digitised direction (start
// to end). Result.Direction counts the segments each rule oriented.
//
// Pressure networks (water, gas, heating, ...) with sources are oriented away
// from the sources: each segment flows from its end nearer to a source to
// the farther one, the distance being the pipe length along the operable
// network (Dijkstra from all sources, closed valves not passed). A segment
// whose ends are equally far, or not reached from any source, is not
// oriented and a directed trace does not cross it. Without sources,
// segments are taken in their digitised direction (and a note says so).
//
// Upstream of a segment is the segment and everything that flows into its
// upstream end; downstream the segment and everything its downstream end
// flows into. From a node, the trace leaves the node in the direction asked.
//
// # Isolation
//
// For a break on a segment (or at a node) of a water, gas or heating
// network, the search spreads from the break through segments and nodes and
// stops at valves: those are the valves to close (Result.Valves, already
// closed ones flagged), and what it crossed is the isolated part
// (Result.Segments, Result.Nodes). Valves listed in
// Request.InoperableValves are passed as if they were pipe.
//
// Then what loses service: with the valves closed and the isolated part
// removed, every segment and node that a source reached before and reaches
// no longer (Result.CutSegments, CutNodes; Supply "sources"). If the network
// has no source, the connected part around the break falls into pieces when
// the valves close: the largest piece (most segments; on a tie, the one
// holding the smallest segment id) is taken as supplied and the others are cut off (Supply "largest_piece").
// Buildings that lose service are those whose service connection node
// (UtilityNode.Building) is isolated or cut off.
//
// # Limits
//
// A trace never runs unbounded: the Engine applies a deadline (Options.Timeout,
// 10 s by default, shortened by Request.TimeoutMS) checked inside every
// loop, graph building included; every id list is capped at
// Options.MaxResults (50,000 by default) with Result.Truncated set and the
// true sizes in Result.Counts; networks larger than Options.MaxGraphSegments
// or MaxGraphNodes are refused with ErrTooLarge. Built graphs are cached per
// dataset, network and store LastSeq (Options.CacheGraphs, 8 by default).
package network
