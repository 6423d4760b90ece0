package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// batcher turns many one-row INSERTs into multi-row ones: fewer statement
// executions is most of what makes a large load fast.
type batcher struct {
	ctx    context.Context
	tx     *sql.Tx
	prefix string // "INSERT INTO t (a, b) VALUES "
	cols   int
	rows   int       // rows per full batch
	full   *sql.Stmt // prepared for a full batch
	args   []any
	// flushed is told how many rows each flush wrote, and its result.
	flushed func(res sql.Result, n int) error
}

func newBatcher(ctx context.Context, tx *sql.Tx, prefix string, cols, rows int) (*batcher, error) {
	b := &batcher{ctx: ctx, tx: tx, prefix: prefix, cols: cols, rows: rows, args: make([]any, 0, cols*rows)}
	var err error
	if b.full, err = tx.PrepareContext(ctx, b.sql(rows)); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return b, nil
}

// sql is the statement for n rows.
func (b *batcher) sql(n int) string {
	row := "(" + strings.Repeat("?, ", b.cols-1) + "?)"
	return b.prefix + strings.Repeat(row+", ", n-1) + row
}

// add queues one row of b.cols values, flushing a full batch.
func (b *batcher) add(vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) == b.cols*b.rows {
		return b.flush()
	}
	return nil
}

// flush writes the queued rows.
func (b *batcher) flush() error {
	n := len(b.args) / b.cols
	if n == 0 {
		return nil
	}
	var res sql.Result
	var err error
	if n == b.rows {
		res, err = b.full.ExecContext(b.ctx, b.args...)
	} else {
		res, err = b.tx.ExecContext(b.ctx, b.sql(n), b.args...)
	}
	clear(b.args)
	b.args = b.args[:0]
	if err != nil {
		return err
	}
	if b.flushed != nil {
		return b.flushed(res, n)
	}
	return nil
}

func (b *batcher) close() {
	if b != nil && b.full != nil {
		_ = b.full.Close()
	}
}
