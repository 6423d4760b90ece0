package tiler

import (
	"math"
	"testing"

	"github.com/citytwin/citytwin/twin"
)

func TestLinear(t *testing.T) {
	tests := []struct {
		name  string
		in    RGB
		alpha float64
		want  [4]float32
	}{
		{"black", RGB{0, 0, 0}, 1, [4]float32{0, 0, 0, 1}},
		{"white", RGB{1, 1, 1}, 1, [4]float32{1, 1, 1, 1}},
		{"mid grey", RGB{0.5, 0.5, 0.5}, 0.5, [4]float32{0.21404, 0.21404, 0.21404, 0.5}},
		{"linear toe", RGB{0.04, 0.02, 0}, 1, [4]float32{0.04 / 12.92, 0.02 / 12.92, 0, 1}},
		{"clamped", RGB{2, -1, 0}, 3, [4]float32{1, 0, 0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Linear(tc.in, tc.alpha)
			for i := range got {
				if math.Abs(float64(got[i]-tc.want[i])) > 1e-4 {
					t.Fatalf("Linear(%v, %g) = %v, want %v", tc.in, tc.alpha, got, tc.want)
				}
			}
		})
	}
}

// TestNetworkSRGB checks the one-call colour code and that every
// network has a colour of its own, far from the others.
func TestNetworkSRGB(t *testing.T) {
	apwa := map[twin.Network]RGB{
		twin.NetworkPower: {1, 0, 0}, twin.NetworkGas: {1, 1, 0}, twin.NetworkWater: {0, 0.4, 1},
		twin.NetworkSewer: {0, 0.7, 0}, twin.NetworkTelecom: {1, 0.5, 0},
	}
	for n, want := range apwa {
		t.Run(string(n), func(t *testing.T) {
			if got := NetworkSRGB(n); got != want {
				t.Errorf("%s = %v, want %v", n, got, want)
			}
		})
	}
	purple := RGB{0.5, 0, 0.5} // APWA reclaimed water
	colours := map[twin.Network]RGB{}
	for _, n := range twin.Networks {
		colours[n] = NetworkSRGB(n)
	}
	abandoned, _ := UtilitySRGBA(twin.NetworkWater, twin.StatusAbandoned)
	t.Run("distinct", func(t *testing.T) {
		for a, ca := range colours {
			if dist(ca, purple) < 0.4 || dist(ca, abandoned) < 0.4 {
				t.Errorf("%s %v is close to purple or the abandoned grey", a, ca)
			}
			for b, cb := range colours {
				if a < b && dist(ca, cb) < 0.25 {
					t.Errorf("%s %v and %s %v are alike", a, ca, b, cb)
				}
			}
		}
	})
	t.Run("status", func(t *testing.T) {
		rgb, alpha := UtilitySRGBA(twin.NetworkGas, twin.StatusPlanned)
		if rgb != NetworkSRGB(twin.NetworkGas) || alpha != PlannedAlpha {
			t.Errorf("planned gas = %v, %g", rgb, alpha)
		}
		if _, alpha := UtilitySRGBA(twin.NetworkGas, twin.StatusExisting); alpha != 1 {
			t.Errorf("existing alpha %g", alpha)
		}
	})
}

func dist(a, b RGB) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}
