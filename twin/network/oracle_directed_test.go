package network

import (
	"math"

	"github.com/citytwin/citytwin/twin"
)

// flows orients every segment the brute-force way: +1 start→end, -1
// end→start, 0 not oriented.
func (o *oracle) flows(net twin.Network) []int {
	flow := make([]int, len(o.segs))
	switch {
	case net == twin.NetworkSewer || net == twin.NetworkStorm:
		for j := range o.segs {
			flow[j] = o.gravity(j)
		}
	case len(o.source) == 0:
		for j := range flow {
			flow[j] = 1
		}
	default:
		dist := o.bellmanFord()
		for j, e := range o.ends {
			da, db := dist[e[0]], dist[e[1]]
			switch {
			case math.IsInf(da, 1) || math.IsInf(db, 1) || da == db:
			case da < db:
				flow[j] = 1
			default:
				flow[j] = -1
			}
		}
	}
	return flow
}

func (o *oracle) gravity(j int) int {
	s := o.segs[j]
	switch attrString(s.Attributes, "flow_direction") {
	case "forward":
		return 1
	case "reverse":
		return -1
	}
	a, okA := attrFloat(s.Attributes, "invert_start_m")
	b, okB := attrFloat(s.Attributes, "invert_end_m")
	if !okA {
		a, okA = o.nodeInvert(o.ends[j][0])
	}
	if !okB {
		b, okB = o.nodeInvert(o.ends[j][1])
	}
	if okA && okB && math.Abs(a-b) >= 0.001 {
		if a > b {
			return 1
		}
		return -1
	}
	return 1
}

func (o *oracle) nodeInvert(v int) (float64, bool) {
	for _, i := range o.nodesAt[v] {
		if x, ok := attrFloat(o.nodes[i].Attributes, "invert_m"); ok {
			return x, true
		}
	}
	return 0, false
}

// bellmanFord relaxes every existing segment in both directions until no
// distance changes; closed valves are reached but not passed.
func (o *oracle) bellmanFord() []float64 {
	dist := make([]float64, o.nv)
	for v := range dist {
		dist[v] = math.Inf(1)
		if o.source[v] {
			dist[v] = 0
		}
	}
	from := func(v int) bool { return !math.IsInf(dist[v], 1) && (dist[v] == 0 || !o.closed[v]) }
	for changed := true; changed; {
		changed = false
		for j, e := range o.ends {
			if !o.usable(j, false) {
				continue
			}
			for k := range 2 {
				a, b := e[k], e[1-k]
				if from(a) && dist[a]+o.length[j] < dist[b] {
					dist[b] = dist[a] + o.length[j]
					changed = true
				}
			}
		}
	}
	return dist
}

// directed answers KindUpstream (down false) and KindDownstream by repeated
// scans over all segments.
func (o *oracle) directed(st oStart, net twin.Network, down bool) oAnswer {
	flow := o.flows(net)
	segs, verts, stops := map[int]bool{}, map[int]bool{}, map[int]bool{}
	reach := func(v int) {
		if verts[v] || stops[v] {
			return
		}
		if o.closed[v] {
			stops[v] = true
		} else {
			verts[v] = true
		}
	}
	// out says whether segment j leaves through end k in the trace's direction.
	out := func(j, k int) bool {
		if down {
			return flow[j] == 1 && k == 0 || flow[j] == -1 && k == 1
		}
		return flow[j] == 1 && k == 1 || flow[j] == -1 && k == 0
	}
	if st.seg >= 0 {
		segs[st.seg] = true
		for k := range 2 {
			if flow[st.seg] == 0 || out(st.seg, 1-k) {
				reach(o.ends[st.seg][k])
			}
		}
	} else {
		verts[st.vert] = true
	}
	for changed := true; changed; {
		changed = false
		for j, e := range o.ends {
			if segs[j] || !o.usable(j, false) {
				continue
			}
			for k := range 2 {
				if verts[e[k]] && out(j, k) {
					segs[j] = true
					reach(e[1-k])
					changed = true
					break
				}
			}
		}
	}
	return o.answer(segs, verts, stops, nil, nil)
}
