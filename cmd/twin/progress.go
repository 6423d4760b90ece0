package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress draws a progress bar on a terminal, or prints a line at most
// every plainInterval when the output is a file or pipe.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	label    string
	tty      bool
	start    time.Time
	last     time.Time
	done     int64
	total    int64
	drawn    bool
	interval time.Duration
}

const (
	ttyInterval   = 100 * time.Millisecond
	plainInterval = time.Second
	barWidth      = 30
)

func newProgress(w io.Writer, label string) *progress {
	p := &progress{w: w, label: label, start: time.Now(), interval: plainInterval}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty, p.interval = true, ttyInterval
		}
	}
	return p
}

// Update records done units of total; it is cheap to call often.
func (p *progress) Update(done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	if now := time.Now(); now.Sub(p.last) >= p.interval {
		p.last = now
		p.draw()
	}
}

// Done draws the final state and ends the line.
func (p *progress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		p.draw()
		if p.tty {
			fmt.Fprintln(p.w)
		}
	}
}

func (p *progress) draw() {
	p.drawn = true
	frac := 0.0
	if p.total > 0 {
		frac = min(1, float64(p.done)/float64(p.total))
	}
	elapsed := time.Since(p.start).Round(100 * time.Millisecond)
	if !p.tty {
		fmt.Fprintf(p.w, "%s: %3.0f%% (%s of %s) %s\n", p.label, frac*100, mib(p.done), mib(p.total), elapsed)
		return
	}
	filled := int(frac * barWidth)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", barWidth-filled)
	fmt.Fprintf(p.w, "\r%s [%s] %3.0f%% %s/%s %s ", p.label, bar, frac*100, mib(p.done), mib(p.total), elapsed)
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
