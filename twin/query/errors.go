package query

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// BadRequestError is an error in a request: malformed JSON, broken
// geometry, an unknown layer, a limit exceeded. The HTTP layer answers it
// with 400, the CLI with exit status 2.
type BadRequestError struct {
	// Field names the request member at fault ("geometry", "limit", ...),
	// "" for the request as a whole.
	Field string
	// Msg says what is wrong and, where it helps, what is allowed.
	Msg string
}

func (e *BadRequestError) Error() string {
	if e.Field == "" {
		return "query: " + e.Msg
	}
	return "query: " + e.Field + ": " + e.Msg
}

// ExitCode is the exit status the CLI gives a bad request.
func (e *BadRequestError) ExitCode() int { return 2 }

// badRequest builds a BadRequestError about field.
func badRequest(field, format string, args ...any) error {
	return &BadRequestError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// IsBadRequest reports whether err is (or wraps) a BadRequestError.
func IsBadRequest(err error) bool {
	var br *BadRequestError
	return errors.As(err, &br)
}

// TimeoutError is returned when a query does not finish within its
// deadline: it never returns partial results silently.
type TimeoutError struct {
	Deadline time.Duration
	Err      error
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("query: did not finish within the deadline of %v; narrow the area or add filters", e.Deadline)
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// IsTimeout reports whether err is (or wraps) a TimeoutError.
func IsTimeout(err error) bool {
	var te *TimeoutError
	return errors.As(err, &te)
}

// WithDeadline runs fn under a context that ends after d, and turns the
// end of that deadline into a TimeoutError. A caller's own cancellation is
// passed through as it is. Other query packages run under it too.
func WithDeadline[T any](ctx context.Context, d time.Duration, fn func(context.Context) (T, error)) (T, error) {
	qctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	v, err := fn(qctx)
	if err == nil {
		err = qctx.Err() // a store may stop early without saying why
	}
	if err != nil && ctx.Err() == nil && errors.Is(qctx.Err(), context.DeadlineExceeded) {
		var zero T
		return zero, &TimeoutError{Deadline: d, Err: err}
	}
	return v, err
}
